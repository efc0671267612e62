"""A published IKD template of Balangan (the starter template, imported as any JSON template is)
and this year's assessment, opened by Balangan's staff."""

import pytest

from kencana.readiness import services as readiness_services
from kencana.upward import services
from kencana.upward.demo import ikd_starter_import

from ..factories import today

STEPS = ["Belum ada", "Tingkat 1 terpenuhi", "Tingkat 2 terpenuhi", "Tingkat 3 terpenuhi", "Tingkat 4 terpenuhi"]


@pytest.fixture
def version(balangan, admin_user):
    template = ikd_starter_import(district=balangan, by=admin_user)
    return readiness_services.version_publish(version=template.versions.get(), by=admin_user)


@pytest.fixture
def assessment(version, balangan, staff):
    return services.ikd_assessment_open(district=balangan, year=today().year, by=staff)


def codes(version) -> list[str]:
    return list(version.indicators.order_by("position").values_list("code", flat=True))


def all_at(version, step: int) -> list[services.IkdAnswerInput]:
    """Every indicator answered at the same step (0: none of its four tiered questions met, 4: all)."""
    return [services.IkdAnswerInput(indicator=code, value=STEPS[step]) for code in codes(version)]
