"""The IKD self-assessment's life: opened with the district's published IKD template, answered,
scored by the readiness engine (index 0–1, level from the template's thresholds), submitted,
returned, fixed and verified; every refusal named and changing nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kencana.readiness import services as readiness_services
from kencana.readiness.models import TierThreshold, UnitKind
from kencana.upward import services
from kencana.upward.models import IkdAnswer, IkdAssessment, UpwardState

from ..factories import UserFactory, rows_unchanged, today
from .conftest import all_at

ROWS = [IkdAssessment, IkdAnswer]


def test_the_starter_template_assesses_the_district_with_seven_priorities_and_five_levels(version):
    assert version.template.unit_kind == UnitKind.DISTRICT
    assert version.sections.count() == 7
    assert [t.name for t in version.thresholds_desc()][::-1] == [f"Tingkat {n}" for n in range(1, 6)]


def test_opening_takes_the_published_ikd_template_and_starts_at_zero(assessment, version):
    assert assessment.version == version and assessment.state == UpwardState.DRAFT
    assert assessment.index == Decimal("0") and assessment.level == "Tingkat 1"
    assert assessment.history.count() == 1


def test_a_year_opens_once(assessment, balangan, staff):
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="sudah dibuka"):
        services.ikd_assessment_open(district=balangan, year=today().year, by=staff)


def test_a_year_not_begun_cannot_be_opened(version, balangan, staff):
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="sudah dimulai"):
        services.ikd_assessment_open(district=balangan, year=today().year + 1, by=staff)


def test_a_district_without_a_published_ikd_template_cannot_open_one(balangan, staff):
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="belum punya templat IKD"):
        services.ikd_assessment_open(district=balangan, year=today().year, by=staff)


def test_only_bpbd_of_the_district_open_and_fill_it(
    assessment, version, balangan, officer, partner_staff, province_staff, national_staff
):
    for outsider in (officer, partner_staff, province_staff, national_staff):
        with rows_unchanged(ROWS), pytest.raises(PermissionDenied, match="Hanya staf BPBD"):
            services.ikd_assessment_open(district=balangan, year=today().year - 1, by=outsider)
        with rows_unchanged(ROWS), pytest.raises(PermissionDenied, match="Hanya staf BPBD"):
            services.ikd_assessment_save(assessment=assessment, by=outsider, answers=all_at(version, 4))


def test_a_bad_answer_refuses_the_whole_save(assessment, version, staff):
    answers = all_at(version, 2)
    answers[3] = services.IkdAnswerInput(indicator=answers[3].indicator, value="Sempurna")
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="pilih salah satu jawaban"):
        services.ikd_assessment_save(assessment=assessment, by=staff, answers=answers)
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="bukan indikator"):
        services.ikd_assessment_save(
            assessment=assessment, by=staff, answers=[services.IkdAnswerInput(indicator="KL-01", value="ya")]
        )


def test_submitting_needs_every_indicator_answered(assessment, version, staff):
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="jawab dahulu"):
        services.ikd_assessment_save(assessment=assessment, by=staff, answers=all_at(version, 3)[:-1], submit=True)


@pytest.mark.parametrize(
    ("step", "index", "level"),
    [
        (0, "0.0000", "Tingkat 1"),
        (1, "0.2500", "Tingkat 2"),  # a quarter of the points: past 0.20
        (2, "0.5000", "Tingkat 3"),
        (3, "0.7500", "Tingkat 4"),
        (4, "1.0000", "Tingkat 5"),
    ],
)
def test_the_index_is_the_readiness_score_over_100_and_the_level_the_templates(
    assessment, version, staff, step, index, level
):
    saved = services.ikd_assessment_save(assessment=assessment, by=staff, answers=all_at(version, step))
    assert (saved.index, saved.level) == (Decimal(index), level)
    assert len(saved.section_scores) == 7


def test_a_score_exactly_at_a_threshold_reaches_that_level(assessment, version, staff):
    # Every indicator at its first step: 14 of the 56 points on offer, a score of exactly 25.
    TierThreshold.objects.filter(version=version, name="Tingkat 2").update(lower_bound=Decimal("25"))
    version.refresh_from_db()
    saved = services.ikd_assessment_save(assessment=assessment, by=staff, answers=all_at(version, 1))
    assert (saved.index, saved.level) == (Decimal("0.2500"), "Tingkat 2")
    TierThreshold.objects.filter(version=version, name="Tingkat 2").update(lower_bound=Decimal("25.01"))
    saved = services.ikd_assessment_save(assessment=saved, by=staff, answers=all_at(version, 1)[:-1])
    assert saved.level == "Tingkat 1"


def test_the_province_returns_the_district_fixes_and_resubmits_the_province_verifies(
    assessment, version, staff, province_staff, national_staff
):
    submitted = services.ikd_assessment_save(assessment=assessment, by=staff, answers=all_at(version, 2), submit=True)
    assert submitted.state == UpwardState.SUBMITTED and submitted.index == Decimal("0.5000")
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="Hanya penilaian draf"):
        services.ikd_assessment_save(assessment=submitted, by=staff, answers=all_at(version, 4))
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="Sebutkan apa"):
        services.ikd_assessment_return(assessment=submitted, by=province_staff, note=" ")
    for reader in (national_staff, staff):
        with rows_unchanged(ROWS), pytest.raises(PermissionDenied, match="Hanya BPBD Provinsi"):
            services.ikd_assessment_verify(assessment=submitted, by=reader)
    returned = services.ikd_assessment_return(assessment=submitted, by=province_staff, note="Lampirkan Perda")
    assert returned.state == UpwardState.RETURNED and returned.review_note == "Lampirkan Perda"
    fixed = services.ikd_assessment_save(assessment=returned, by=staff, answers=all_at(version, 3), submit=True)
    assert fixed.state == UpwardState.SUBMITTED and fixed.index == Decimal("0.7500")
    verified = services.ikd_assessment_verify(assessment=fixed, by=province_staff)
    assert verified.state == UpwardState.VERIFIED and verified.reviewed_by == province_staff
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="Hanya laporan yang diajukan"):
        services.ikd_assessment_return(assessment=verified, by=province_staff, note="Lagi")
    states = list(verified.history.order_by("history_date").values_list("state", flat=True))
    assert states[-5:] == ["draft", "submitted", "returned", "submitted", "verified"]


def test_the_index_and_level_stay_as_submitted_when_the_template_changes(assessment, version, staff):
    submitted = services.ikd_assessment_save(assessment=assessment, by=staff, answers=all_at(version, 2), submit=True)
    TierThreshold.objects.filter(version=version, name="Tingkat 3").update(lower_bound=Decimal("55"))
    submitted.refresh_from_db()
    assert (submitted.index, submitted.level) == (Decimal("0.5000"), "Tingkat 3")


def test_a_province_verifies_only_its_own_districts_assessments(assessment, version, staff):
    from kecamatan.models import Province

    kalteng = UserFactory(
        username="prov.kalteng", district=None, province=Province.objects.get(code="62"), role="province_staff"
    )
    submitted = services.ikd_assessment_save(assessment=assessment, by=staff, answers=all_at(version, 2), submit=True)
    with rows_unchanged(ROWS), pytest.raises(PermissionDenied, match="Hanya BPBD Provinsi"):
        services.ikd_assessment_verify(assessment=submitted, by=kalteng)


def test_a_district_template_is_never_assigned_to_kecamatan(version, admin_user, paringin):
    with pytest.raises(ValidationError, match="tidak ditugaskan ke kecamatan"):
        readiness_services.assignment_save(
            version=version,
            by=admin_user,
            kecamatan=[paringin],
            period_type="year",
            starts_on=datetime.date(today().year, 1, 1),
            due_days=15,
            close_days=45,
        )
