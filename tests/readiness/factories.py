"""Readiness test data: a small published template assigned to Paringin and Awayan."""

import datetime
from decimal import Decimal

from django.utils import timezone

from kecamatan.models import Hazard
from kencana.library.models import VersionState
from kencana.readiness.models import (
    Assignment,
    Indicator,
    PeriodType,
    Section,
    Template,
    TemplateVersion,
    TierThreshold,
)

THRESHOLDS = [("Pratama", Decimal(0)), ("Madya", Decimal(55)), ("Utama", Decimal(80))]
LEVELS = [{"label": "Belum", "points": 0}, {"label": "Draf", "points": 1}, {"label": "Ditetapkan", "points": 2}]
OPTIONS = [
    {"label": "Tidak pernah", "points": 0},
    {"label": "Setahun sekali", "points": 1},
    {"label": "Tiap triwulan", "points": 4},
]


def make_version(
    district, *, name="Instrumen Uji", state=VersionState.PUBLISHED, number=1, template=None, thresholds=THRESHOLDS
) -> TemplateVersion:
    """Two sections: policy (Y1 yes/no ×2 with evidence, S1 scale) and response (N1 number, C1 choice, L1 landslide)."""
    template = template or Template.objects.create(district=district, name=name, shared_with_partners=True)
    version = TemplateVersion.objects.create(
        template=template,
        number=number,
        state=state,
        published_at=timezone.now() if state == VersionState.PUBLISHED else None,
    )
    TierThreshold.objects.bulk_create(TierThreshold(version=version, name=n, lower_bound=b) for n, b in thresholds)
    policy = Section.objects.create(version=version, title="Kebijakan", title_en="Policy", position=1)
    response = Section.objects.create(version=version, title="Tanggap darurat", title_en="Response", position=2)
    rows = [
        (policy, "Y1", "yes_no", [], None, 2, True),
        (policy, "S1", "scale", LEVELS, None, 1, False),
        (response, "N1", "number", [], Decimal(10), 1, False),
        (response, "C1", "choice", OPTIONS, None, 1, False),
        (response, "L1", "yes_no", [], None, 1, False),
    ]
    for position, (section, code, kind, choices, target, weight, evidence) in enumerate(rows, start=1):
        Indicator.objects.create(
            version=version,
            section=section,
            code=code,
            text_id=f"Pertanyaan {code}",
            text_en=f"Question {code}",
            answer_type=kind,
            choices=choices,
            target=target,
            weight=Decimal(weight),
            evidence_required=evidence,
            position=position,
        )
    version.indicators.get(code="L1").hazards.set([Hazard.objects.get(code="tanah-longsor")])
    return version


def make_assignment(version, kecamatan, *, starts_on=None, due_days=15, close_days=45) -> Assignment:
    assignment = Assignment.objects.create(
        district=version.template.district,
        version=version,
        period_type=PeriodType.QUARTER,
        starts_on=starts_on or datetime.date(2025, 1, 1),
        due_days=due_days,
        close_days=close_days,
    )
    assignment.kecamatan.set(kecamatan)
    return assignment


# Answers that fill every indicator asked of a kecamatan without landslide risk.
FULL = {"Y1": "yes", "S1": "Ditetapkan", "N1": "10", "C1": "Tiap triwulan"}
