"""The upward reports' part of the demo: Balangan's IKD self-assessment of this year, submitted and
waiting for BPBD Provinsi Kalimantan Selatan, on the starter IKD template (``data/ikd_starter.json``)."""

from pathlib import Path

from kecamatan.models import District
from kencana.accounts.models import User
from kencana.core.clock import local_today
from kencana.readiness import transfer
from kencana.readiness.models import Template, UnitKind
from kencana.readiness.services import version_publish

from . import services

IKD_STARTER = Path(__file__).resolve().parent / "data" / "ikd_starter.json"

# Balangan's answers, as the highest step of each indicator's four it meets (a plausible spread).
BALANGAN_STEPS = [3, 2, 2, 2, 3, 2, 1, 2, 2, 2, 2, 3, 1, 2]


def ikd_starter_import(*, district: District, by) -> Template:
    """The starter IKD template as a draft of the district, imported as any JSON template is."""
    doc = transfer.parse_json(IKD_STARTER.read_bytes())
    return transfer.template_import(
        district=district,
        name=doc["name"],
        by=by,
        indicators=doc["indicators"],
        thresholds=doc["thresholds"],
        description=doc["description"],
        weak_below=doc["weak_below"],
        unit_kind=doc["unit_kind"],
    )


def seed_upward() -> None:
    balangan = District.objects.get(code="63.11")
    if Template.objects.filter(district=balangan, unit_kind=UnitKind.DISTRICT).exists():
        return  # seeded before: the demo keeps what it has
    admin = User.objects.get(username="admin.balangan")
    template = ikd_starter_import(district=balangan, by=admin)
    version = version_publish(version=template.versions.get(), by=admin)
    assessment = services.ikd_assessment_open(district=balangan, year=local_today(balangan.timezone).year, by=admin)
    answers = [
        services.IkdAnswerInput(indicator=indicator.code, value=indicator.choices[step]["label"])
        for indicator, step in zip(version.indicators.order_by("position"), BALANGAN_STEPS, strict=True)
    ]
    services.ikd_assessment_save(assessment=assessment, by=admin, answers=answers, submit=True)
