from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kecamatan.models import Hazard, RiskProfile
from kencana.readiness import services
from kencana.readiness.selectors import applicable_indicators

from .conftest import FULL, answer, pdf


def add_risk(kecamatan, code):
    RiskProfile.objects.create(
        kecamatan=kecamatan,
        hazard=Hazard.objects.get(code=code),
        hazard_index=Decimal("0.7"),
        vulnerability_index=Decimal("0.5"),
        capacity_index=Decimal("0.4"),
    )


def codes(version, kecamatan):
    return [i.code for i in applicable_indicators(version=version, kecamatan=kecamatan)]


def test_a_kecamatan_without_landslide_risk_is_not_asked_landslide_questions(version, paringin):
    assert codes(version, paringin) == ["Y1", "S1", "N1", "C1"]


def test_a_kecamatan_facing_landslides_is_asked_them(version, awayan):
    add_risk(awayan, "tanah-longsor")
    assert codes(version, awayan) == ["Y1", "S1", "N1", "C1", "L1"]


def test_another_hazard_does_not_bring_in_landslide_questions(version, awayan):
    add_risk(awayan, "banjir")
    assert "L1" not in codes(version, awayan)


def test_an_answer_to_a_question_not_asked_is_refused(report, officer):
    with pytest.raises(ValidationError, match="is not asked of this kecamatan") as error:
        answer(report, officer, {"L1": "yes"})
    assert error.value.messages == ["L1 is not asked of this kecamatan."]


def test_submission_requires_the_hazard_questions_only_where_they_apply(
    assignment, awayan, awayan_officer, current_start
):
    add_risk(awayan, "tanah-longsor")
    report = services.report_open(
        assignment=assignment, kecamatan=awayan, period_start=current_start, by=awayan_officer
    )
    answer(report, awayan_officer, FULL)
    services.evidence_add(
        report=report, indicator=report.version.indicators.get(code="Y1"), by=awayan_officer, upload=pdf()
    )
    with pytest.raises(ValidationError, match="is not answered") as error:
        services.report_submit(report=report, by=awayan_officer)
    assert error.value.messages == ["L1 is not answered."]
    answer(report, awayan_officer, {"L1": "no"})
    submitted = services.report_submit(report=report, by=awayan_officer)
    assert submitted.score == Decimal("83.33")  # 5 of 6 weight
