import datetime

import pytest

from kencana.readiness import selectors, services
from kencana.readiness.models import Report, ReportState
from kencana.readiness.periods import deadline_end, period_bounds
from tests.factories import KecamatanFactory

from .conftest import answer, pdf


@pytest.fixture
def four(assignment, balangan, paringin, awayan):
    juai = KecamatanFactory(district=balangan, code="63.11.01", name="Juai")
    halong = KecamatanFactory(district=balangan, code="63.11.02", name="Halong")
    assignment.kecamatan.add(juai, halong)
    return paringin, awayan, juai, halong


def make_report(assignment, kecamatan, start, state, *, late=False):
    _start, end = period_bounds("quarter", start)
    due = end + datetime.timedelta(days=15)
    submitted = deadline_end(due, "Asia/Makassar") + datetime.timedelta(hours=5 if late else -30)
    return Report.objects.create(
        assignment=assignment,
        version=assignment.version,
        kecamatan=kecamatan,
        period_type="quarter",
        period_start=start,
        period_end=end,
        due_on=due,
        closes_on=end + datetime.timedelta(days=45),
        state=state,
        first_submitted_at=None if state == ReportState.DRAFT else submitted,
        submitted_at=None if state == ReportState.DRAFT else submitted,
    )


def test_completeness_counts_expected_submitted_on_time_verified_returned_and_missing(
    assignment, four, staff, past_start
):
    paringin, awayan, juai, _halong = four
    make_report(assignment, paringin, past_start, ReportState.VERIFIED)
    make_report(assignment, awayan, past_start, ReportState.RETURNED, late=True)
    make_report(assignment, juai, past_start, ReportState.DRAFT)  # started, never submitted: missing
    result = selectors.completeness(user=staff, assignment=assignment, period_start=past_start)
    assert result.totals == {"expected": 4, "submitted": 2, "on_time": 1, "verified": 1, "returned": 1, "missing": 2}
    rows = {row.kecamatan.name: row for row in result.rows}
    assert rows["Halong"].missing and rows["Halong"].report is None
    assert rows["Awayan"].submitted and not rows["Awayan"].on_time


def test_on_time_means_before_the_end_of_the_due_day_in_the_district_zone(assignment, paringin, past_start):
    report = make_report(assignment, paringin, past_start, ReportState.SUBMITTED)
    # 23:30 WITA on the due day is 15:30 UTC: still on time.
    report.first_submitted_at = datetime.datetime.combine(report.due_on, datetime.time(15, 30), tzinfo=datetime.UTC)
    assert report.submitted_on_time is True
    # 00:30 WITA the next day is 16:30 UTC on the due day: late, although the UTC date is still the due day.
    report.first_submitted_at = datetime.datetime.combine(report.due_on, datetime.time(16, 30), tzinfo=datetime.UTC)
    assert report.submitted_on_time is False


def test_an_officer_sees_completeness_of_their_kecamatan_only(assignment, four, officer, past_start):
    result = selectors.completeness(user=officer, assignment=assignment, period_start=past_start)
    assert [row.kecamatan.name for row in result.rows] == ["Paringin"]


def test_the_page_shows_totals_per_kecamatan(assignment, four, staff, client_for, past_start):
    make_report(assignment, four[0], past_start, ReportState.VERIFIED)
    response = client_for(staff).get(
        "/readiness/completeness/", {"assignment": assignment.pk, "period": past_start.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["result"].totals["expected"] == 4
    assert response.context["result"].totals["verified"] == 1


def test_open_periods_list_the_current_period_for_the_officer(report, officer, current_start):
    periods = selectors.open_periods(user=officer)
    assert [(p.kecamatan.name, p.period_start, p.report) for p in periods if p.period_start == current_start] == [
        ("Paringin", current_start, report)
    ]


def test_a_gap_closes_when_next_periods_answer_is_no_longer_weak(
    assignment, paringin, officer, staff, past_start, current_start
):
    earlier = services.report_open(assignment=assignment, kecamatan=paringin, period_start=past_start, by=officer)
    Report.objects.filter(pk=earlier.pk).update(closes_on=current_start + datetime.timedelta(days=400))
    earlier.refresh_from_db()
    answer(earlier, officer, {"Y1": "yes", "S1": "Belum", "N1": "2", "C1": "Tiap triwulan"})
    services.evidence_add(report=earlier, indicator=earlier.version.indicators.get(code="Y1"), by=officer, upload=pdf())
    services.report_submit(report=earlier, by=officer)
    gaps = selectors.report_gaps(report=earlier)
    assert [a.indicator.code for a in gaps] == ["S1", "N1"]
    assert selectors.gap_closed(answer=gaps[0]) is None  # next period not reported yet

    current = services.report_open(assignment=assignment, kecamatan=paringin, period_start=current_start, by=officer)
    answer(current, officer, {"Y1": "yes", "S1": "Ditetapkan", "N1": "3", "C1": "Tiap triwulan"})
    services.evidence_add(report=current, indicator=current.version.indicators.get(code="Y1"), by=officer, upload=pdf())
    services.report_submit(report=current, by=officer)
    assert selectors.gap_closed(answer=gaps[0]) is True  # S1 now full
    assert selectors.gap_closed(answer=gaps[1]) is False  # N1 3/10 still weak
