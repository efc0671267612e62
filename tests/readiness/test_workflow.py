"""Every state transition of a report, allowed and forbidden."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kencana.core import events
from kencana.core.clock import local_today
from kencana.readiness import selectors, services
from kencana.readiness.models import Answer, Report, ReportState, Verdict
from kencana.readiness.periods import period_bounds
from tests.factories import UserFactory

from .conftest import answer, fill_and_submit, pdf


@pytest.fixture
def caught():
    """Report events announced during the test, as (name, facts)."""
    received = []
    announced = (events.report_submitted, events.report_returned, events.report_verified, events.report_changed)

    def subscriber(*, event, **facts):
        received.append((event.name, facts))

    for event in announced:
        event.subscribe(subscriber)
    yield received
    for event in announced:
        event.unsubscribe(subscriber)


def test_an_officer_opens_the_current_period_as_a_draft_with_deadlines_in_the_district_zone(report, current_start):
    start, end = period_bounds("quarter", current_start)
    assert report.state == ReportState.DRAFT
    assert (report.period_start, report.period_end) == (start, end)
    assert report.due_on == end + datetime.timedelta(days=15)
    assert report.closes_on == end + datetime.timedelta(days=45)


def test_opening_twice_returns_the_same_report(report, assignment, paringin, officer, current_start):
    again = services.report_open(assignment=assignment, kecamatan=paringin, period_start=current_start, by=officer)
    assert again == report
    assert Report.objects.count() == 1


def test_a_future_period_cannot_be_opened(assignment, paringin, officer, current_start):
    future = period_bounds("quarter", current_start + datetime.timedelta(days=100))[0]
    with pytest.raises(ValidationError, match="This period has not started yet"):
        services.report_open(assignment=assignment, kecamatan=paringin, period_start=future, by=officer)


def test_submission_lists_what_is_missing_and_changes_nothing(report, officer):
    answer(report, officer, {"Y1": "yes", "S1": "Draf"})
    with pytest.raises(ValidationError, match="needs an evidence file") as error:
        services.report_submit(report=report, by=officer)
    assert error.value.messages == ["Y1 needs an evidence file.", "N1 is not answered.", "C1 is not answered."]
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.submitted_at is None


def test_a_draft_save_keeps_partial_answers(report, officer):
    answer(report, officer, {"Y1": "no"}, comments={"Y1": "SK camat masih draf"})
    saved = Answer.objects.get(report=report, indicator__code="Y1")
    assert saved.yes is False and saved.comment == "SK camat masih draf"


def test_a_bad_value_saves_nothing_and_names_the_indicator(report, officer):
    with pytest.raises(ValidationError, match="enter a number") as error:
        answer(report, officer, {"Y1": "yes", "N1": "banyak", "C1": "Sering"})
    assert error.value.messages == ["N1: enter a number.", "C1: choose one of the listed answers."]
    assert not Answer.objects.filter(report=report).exists()


def test_submitting_announces_it_and_records_who_and_when(report, officer, caught):
    submitted = fill_and_submit(report, officer)
    assert submitted.state == ReportState.SUBMITTED
    assert submitted.submitted_by == officer and submitted.first_submitted_at is not None
    assert submitted.submitted_on_time is True
    transitions = [(name, facts) for name, facts in caught if name != "report_changed"]
    assert [name for name, _ in transitions] == ["report_submitted"]
    assert transitions[0][1]["district_id"] == submitted.kecamatan.district_id
    assert transitions[0][1]["report"] == submitted and transitions[0][1]["by"] == officer


def test_bpbd_staff_do_not_submit_on_behalf_of_an_officer(report, officer, staff):
    answer(report, officer)
    services.evidence_add(report=report, indicator=report.version.indicators.get(code="Y1"), by=officer, upload=pdf())
    with pytest.raises(PermissionDenied, match="Only an officer of the kecamatan fills in and submits its report"):
        services.report_submit(report=report, by=staff)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.submitted_at is None


def test_an_officer_of_another_kecamatan_cannot_answer_or_submit(report, awayan_officer):
    with pytest.raises(PermissionDenied, match="Only an officer of the kecamatan fills in and submits its report"):
        answer(report, awayan_officer)
    with pytest.raises(PermissionDenied, match="Only an officer of the kecamatan fills in and submits its report"):
        services.report_submit(report=report, by=awayan_officer)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.answers.exists()


def test_an_officer_cannot_verify_return_or_reopen(submitted, officer):
    with pytest.raises(PermissionDenied, match="Only BPBD staff of the district review reports"):
        services.report_verify(report=submitted, by=officer)
    with pytest.raises(PermissionDenied, match="Only BPBD staff of the district review reports"):
        services.report_return(report=submitted, by=officer, note="x")
    with pytest.raises(PermissionDenied, match="Only BPBD staff of the district review reports"):
        services.answer_review(answer=submitted.answers.first(), by=officer, verdict=Verdict.ACCEPTED)
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_staff_of_a_partner_district_cannot_review(submitted, partner_staff):
    with pytest.raises(PermissionDenied, match="Only BPBD staff of the district review reports"):
        services.report_verify(report=submitted, by=partner_staff)
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED and submitted.verified_at is None


def test_a_submitted_report_cannot_be_edited_by_the_officer(submitted, officer):
    with pytest.raises(ValidationError, match="This report is Submitted and cannot be changed"):
        answer(submitted, officer, {"Y1": "no"})


def test_returning_needs_a_note_or_a_flagged_answer(submitted, staff):
    with pytest.raises(ValidationError, match="Say what the officer should fix"):
        services.report_return(report=submitted, by=staff, note="  ")
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_return_fix_resubmit_verify(caught, submitted, officer, staff):
    flagged = submitted.answers.get(indicator__code="N1")
    services.answer_review(answer=flagged, by=staff, verdict=Verdict.NEEDS_REVISION, note="Lampirkan daftar desa")
    with pytest.raises(ValidationError, match="Still marked as needing revision, and not changed by the officer"):
        services.report_verify(report=submitted, by=staff)  # a flagged answer blocks verification
    returned = services.report_return(report=submitted, by=staff, note="Perbaiki N1")
    assert returned.state == ReportState.RETURNED and returned.return_note == "Perbaiki N1"

    answer(returned, officer, {"N1": "8"})
    resubmitted = services.report_submit(report=returned, by=officer)
    assert resubmitted.state == ReportState.SUBMITTED
    assert resubmitted.first_submitted_at < resubmitted.submitted_at

    services.answer_review(answer=flagged, by=staff, verdict=Verdict.ACCEPTED)
    verified = services.report_verify(report=resubmitted, by=staff)
    assert verified.state == ReportState.VERIFIED and verified.verified_by == staff
    assert set(verified.answers.values_list("verdict", flat=True)) == {Verdict.ACCEPTED}
    transitions = [(name, facts) for name, facts in caught if name != "report_changed"]
    assert [name for name, _ in transitions] == [
        "report_submitted",
        "report_returned",
        "report_submitted",
        "report_verified",
    ]
    assert transitions[1][1]["note"] == "Perbaiki N1"


def test_needs_revision_requires_a_note(submitted, staff):
    with pytest.raises(ValidationError, match="say what needs revising"):
        services.answer_review(answer=submitted.answers.first(), by=staff, verdict=Verdict.NEEDS_REVISION, note="")


def test_a_verified_report_is_locked(submitted, officer, staff):
    services.report_verify(report=submitted, by=staff)
    with pytest.raises(ValidationError, match="This report is Verified and cannot be changed"):
        answer(submitted, officer, {"Y1": "no"})
    with pytest.raises(ValidationError, match="Only a submitted report can be returned"):
        services.report_return(report=submitted, by=staff, note="x")
    with pytest.raises(ValidationError, match="Only a submitted report can be verified"):
        services.report_verify(report=submitted, by=staff)
    with pytest.raises(ValidationError, match="This report is Verified and cannot be changed"):
        services.evidence_add(
            report=submitted, indicator=submitted.version.indicators.get(code="Y1"), by=officer, upload=pdf()
        )


def test_reopening_needs_a_reason(submitted, staff):
    services.report_verify(report=submitted, by=staff)
    with pytest.raises(ValidationError, match="Give the reason for reopening"):
        services.report_reopen(report=submitted, by=staff, reason=" ")
    submitted.refresh_from_db()
    assert submitted.state == ReportState.VERIFIED


def test_only_a_verified_report_can_be_reopened(submitted, staff):
    with pytest.raises(ValidationError, match="Only a verified report can be reopened"):
        services.report_reopen(report=submitted, by=staff, reason="Salah hitung")


def test_reopening_keeps_the_reason_and_the_changes_after_verification_in_history(submitted, officer, staff, caught):
    services.report_verify(report=submitted, by=staff)
    reopened = services.report_reopen(report=submitted, by=staff, reason="Angka N1 salah ketik")
    assert reopened.state == ReportState.RETURNED and reopened.reopen_reason == "Angka N1 salah ketik"
    assert caught[-1] == ("report_changed", {"district_id": reopened.kecamatan.district_id, "report": reopened})

    answer(reopened, officer, {"N1": "4"})
    changes = selectors.answer_changes(reopened)
    assert [(c.code, c.old, c.new) for c in changes] == [("N1", Decimal("10.00"), Decimal("4.00"))]
    assert changes[0].who == officer.username

    reasons = [h.history_change_reason for h in reopened.history.all()]
    assert "Reopened: Angka N1 salah ketik" in reasons
    states = [h.state for h in reopened.history.order_by("history_date", "history_id")]
    transitions = [state for n, state in enumerate(states) if n == 0 or states[n - 1] != state]
    assert transitions == [ReportState.DRAFT, ReportState.SUBMITTED, ReportState.VERIFIED, ReportState.RETURNED]


def test_a_draft_locks_for_the_officer_after_the_closing_day(assignment, paringin, officer, past_start, balangan):
    report = services.report_open(assignment=assignment, kecamatan=paringin, period_start=past_start, by=officer)
    Report.objects.filter(pk=report.pk).update(closes_on=local_today(balangan.timezone) - datetime.timedelta(days=1))
    report.refresh_from_db()
    with pytest.raises(ValidationError, match="This period closed on") as error:
        answer(report, officer)
    assert "closed" in error.value.messages[0]


def test_a_returned_report_stays_open_after_the_closing_day(submitted, officer, staff, balangan):
    services.report_return(report=submitted, by=staff, note="Perbaiki")
    Report.objects.filter(pk=submitted.pk).update(closes_on=local_today(balangan.timezone) - datetime.timedelta(days=1))
    submitted.refresh_from_db()
    answer(submitted, officer, {"N1": "9"})
    assert services.report_submit(report=submitted, by=officer).state == ReportState.SUBMITTED


def test_a_late_first_submission_is_not_on_time(report, officer, balangan):
    Report.objects.filter(pk=report.pk).update(
        due_on=local_today(balangan.timezone) - datetime.timedelta(days=1),
        closes_on=local_today(balangan.timezone) + datetime.timedelta(days=5),
    )
    report.refresh_from_db()
    assert fill_and_submit(report, officer).submitted_on_time is False


def test_an_officer_of_two_kecamatan_may_report_for_both(assignment, paringin, awayan, current_start):
    both = UserFactory(username="camat.dua", district=paringin.district, role="officer", kecamatan=[paringin, awayan])
    for kecamatan in (paringin, awayan):
        opened = services.report_open(assignment=assignment, kecamatan=kecamatan, period_start=current_start, by=both)
        assert opened.kecamatan == kecamatan


def test_a_changed_answer_comes_back_for_review_and_an_unchanged_one_keeps_its_verdict(submitted, officer, staff):
    n1 = submitted.answers.get(indicator__code="N1")
    others = list(submitted.answers.exclude(pk=n1.pk).order_by("pk"))
    kept = others[0]
    services.answer_review(answer=n1, by=staff, verdict=Verdict.NEEDS_REVISION, note="Lampirkan daftar desa")
    services.answer_review(answer=kept, by=staff, verdict=Verdict.NEEDS_REVISION, note="Periksa lagi")
    returned = services.report_return(report=submitted, by=staff, note="Perbaiki")

    answer(returned, officer, {"N1": "8"})  # the officer changes N1 only
    resubmitted = services.report_submit(report=returned, by=officer)
    n1.refresh_from_db()
    kept.refresh_from_db()
    assert n1.verdict == "" and n1.changed_since_review and n1.review_note == "Lampirkan daftar desa"
    assert kept.verdict == Verdict.NEEDS_REVISION and not kept.changed_since_review

    # the unchanged mark still stands: verifying says which and what to do, and changes nothing
    with (
        translation.override("id"),
        pytest.raises(ValidationError, match=f"tidak diubah oleh petugas: {kept.indicator.code}"),
    ):
        services.report_verify(report=resubmitted, by=staff)
    assert Report.objects.get(pk=resubmitted.pk).state == ReportState.SUBMITTED

    services.answer_review(answer=kept, by=staff, verdict=Verdict.ACCEPTED)
    verified = services.report_verify(report=resubmitted, by=staff)  # N1 needs no manual clearing
    assert verified.state == ReportState.VERIFIED
    assert set(verified.answers.values_list("verdict", flat=True)) == {Verdict.ACCEPTED}


def test_the_reviewer_sees_which_answers_changed_since_the_review(submitted, officer, staff, client_for):
    n1 = submitted.answers.get(indicator__code="N1")
    services.answer_review(answer=n1, by=staff, verdict=Verdict.NEEDS_REVISION, note="Lampirkan daftar desa")
    returned = services.report_return(report=submitted, by=staff, note="Perbaiki")
    answer(returned, officer, {"N1": "8"})
    services.report_submit(report=returned, by=officer)
    page = client_for(staff).get(f"/readiness/reports/{submitted.pk}/").text
    assert page.count('data-review="changed"') == 1 and "Lampirkan daftar desa" in page


def test_the_change_history_speaks_to_people(submitted, officer, staff):
    from kencana.core.history import history_for

    with translation.override("id"):
        services.report_verify(report=submitted, by=staff)
        entries = history_for(submitted)
        changes = {change.field: change for entry in entries for change in entry.changes}
    assert changes["Diverifikasi oleh"].new == (staff.get_full_name() or staff.username)  # a name, not an id
    assert changes["Diajukan oleh"].new == (officer.get_full_name() or officer.username)
    assert "section_scores" not in changes and "Section scores" not in changes
    shown = [str(change.new) for change in changes.values()]
    assert not any(value.startswith(("[", "{")) for value in shown), shown
    assert all(str(c.new) != str(officer.pk) for c in changes.values())
