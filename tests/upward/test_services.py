"""The SPM report's life: opened with Kencana's figures, filled in, submitted, returned, fixed and
verified; every refusal named and changing nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kencana.upward import services
from kencana.upward.models import SpmEntry, SpmReport, UpwardState, quarter_due_on

from ..factories import rows_unchanged, today
from ..security.world import PDF

ROWS = [SpmReport, SpmEntry]


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report(balangan, paringin, awayan, staff):
    year, quarter = services.last_quarter(today())
    return services.spm_report_open(district=balangan, year=year, quarter=quarter, by=staff)


def filled(report) -> list[services.EntryInput]:
    """Every entered sub-activity with a target and an achievement; one with evidence."""
    inputs = []
    for entry in report.entries.select_related("sub_activity").filter(sub_activity__source=""):
        code = entry.sub_activity.code
        achieved = 40 if code == "1.2" else 0
        inputs.append(
            services.EntryInput(
                sub_activity_id=entry.sub_activity_id,
                target=100,
                achieved=achieved,
                components_met=["M1"],
                evidence=pdf() if achieved else None,
            )
        )
    return inputs


def test_a_report_is_due_on_the_20th_of_the_month_after_its_quarter():
    assert quarter_due_on(2026, 3) == datetime.date(2026, 10, 20)
    assert quarter_due_on(2026, 4) == datetime.date(2027, 1, 20)


def test_opening_fills_every_sub_activity_and_kencanas_own_figures(report, balangan):
    assert report.entries.count() == 12
    assert report.state == UpwardState.DRAFT and report.due_on == quarter_due_on(report.year, report.quarter)
    risk = report.entries.get(sub_activity__code="1.1")
    assert (risk.target, risk.achieved) == (balangan.kecamatan.count(), 0)
    assert report.entries.get(sub_activity__code="1.2").target is None


def test_a_quarter_opens_once(report, balangan, staff):
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="sudah dibuka"):
        services.spm_report_open(district=balangan, year=report.year, quarter=report.quarter, by=staff)


def test_a_quarter_not_begun_cannot_be_opened(balangan, staff):
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="belum dimulai"):
        services.spm_report_open(district=balangan, year=today().year + 1, quarter=1, by=staff)


def test_only_bpbd_of_the_district_open_and_fill_it(report, balangan, officer, partner_staff, province_staff):
    for user in (officer, partner_staff, province_staff):
        with rows_unchanged(ROWS), pytest.raises(PermissionDenied, match="Hanya staf BPBD"):
            services.spm_report_save(report=report, by=user, entries=filled(report))
    with rows_unchanged(ROWS), pytest.raises(PermissionDenied, match="Hanya staf BPBD"):
        services.spm_report_open(district=balangan, year=2020, quarter=1, by=province_staff)


def test_submitting_needs_every_figure_and_the_evidence_of_entered_achievements(report, staff):
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="target dan capaian"):
        services.spm_report_save(report=report, by=staff, entries=[], submit=True)
    missing_evidence = [
        services.EntryInput(sub_activity_id=e.sub_activity_id, target=100, achieved=5)
        for e in report.entries.filter(sub_activity__source="")
    ]
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="bukti capaian"):
        services.spm_report_save(report=report, by=staff, entries=missing_evidence, submit=True)


def test_computed_figures_are_never_taken_from_the_input(report, staff):
    computed = report.entries.get(sub_activity__code="1.1")
    before = (computed.target, computed.achieved)
    forged = services.EntryInput(sub_activity_id=computed.sub_activity_id, target=1, achieved=1)
    services.spm_report_save(report=report, by=staff, entries=[forged])
    computed.refresh_from_db()
    assert (computed.target, computed.achieved) == before


def test_a_quality_component_must_be_the_sub_activitys(report, staff):
    entry = report.entries.get(sub_activity__code="1.2")
    wrong = services.EntryInput(sub_activity_id=entry.sub_activity_id, components_met=["X9"])
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="komponen mutu"):
        services.spm_report_save(report=report, by=staff, entries=[wrong])


def test_the_province_returns_the_district_fixes_and_resubmits_the_province_verifies(
    report, staff, province_staff, national_staff
):
    report = services.spm_report_save(report=report, by=staff, entries=filled(report), submit=True)
    assert report.state == UpwardState.SUBMITTED and report.first_submitted_at
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="Sebutkan apa"):
        services.spm_report_return(report=report, by=province_staff, note=" ")
    for refused in (staff, national_staff):
        with rows_unchanged(ROWS), pytest.raises(PermissionDenied, match="Hanya BPBD Provinsi"):
            services.spm_report_verify(report=report, by=refused)
    report = services.spm_report_return(report=report, by=province_staff, note="Lampirkan daftar hadir KIE")
    assert report.state == UpwardState.RETURNED and report.review_note == "Lampirkan daftar hadir KIE"
    report = services.spm_report_save(report=report, by=staff, entries=filled(report), submit=True)
    report = services.spm_report_verify(report=report, by=province_staff)
    assert report.state == UpwardState.VERIFIED and report.reviewed_by == province_staff
    assert [h.state for h in report.history.order_by("history_date")][-4:] == [
        "submitted",
        "returned",
        "submitted",
        "verified",
    ]
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="Hanya laporan draf"):
        services.spm_report_save(report=report, by=staff, entries=[])


def test_a_province_verifies_only_its_own_districts_reports(report, staff):
    from kecamatan.models import Province

    from ..factories import UserFactory

    kalteng = UserFactory(
        username="prov.kalteng", district=None, province=Province.objects.get(code="62"), role="province_staff"
    )
    report = services.spm_report_save(report=report, by=staff, entries=filled(report), submit=True)
    with rows_unchanged(ROWS), pytest.raises(PermissionDenied, match="Hanya BPBD Provinsi"):
        services.spm_report_verify(report=report, by=kalteng)
