"""Impact reports per desa: filed by the kecamatan's officer, reviewed by BPBD in the readiness
reports' flow, superseded by newer versions that keep every one; figures as of any moment."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kencana.alerts.models import Notification
from kencana.response import services
from kencana.response.models import ImpactReport, ReportState
from kencana.response.selectors import figures_for, figures_of


def file(officer, event, desa, submit=True, minutes_ago=30, **figures):
    return services.impact_report_save(
        by=officer,
        event=event,
        desa=desa,
        as_of=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        values=figures,
        submit=submit,
    )


def test_an_officer_files_a_desa_report_that_bpbd_verifies(event, officer, staff, lasung_batu):
    report = file(officer, event, lasung_batu, dead=1, missing=2, displaced_shelter_people=120)
    assert (report.state, report.version, report.kecamatan.name) == (ReportState.SUBMITTED, 1, "Paringin")
    verified = services.impact_report_verify(report=report, by=staff)
    assert verified.state == ReportState.VERIFIED and verified.verified_by == staff


def test_a_draft_is_kept_and_submitted_later(event, officer, lasung_batu):
    draft = file(officer, event, lasung_batu, submit=False, dead=1)
    assert draft.state == ReportState.DRAFT
    submitted = services.impact_report_submit(report=draft, by=officer)
    assert submitted.state == ReportState.SUBMITTED and submitted.submitted_by == officer


@pytest.mark.parametrize(
    ("figures", "field", "message"),
    [
        ({"dead": -1}, "dead", "cannot be negative"),
        ({"displaced_shelter_people": "-5"}, "displaced_shelter_people", "cannot be negative"),
        ({"missing": "dua"}, "missing", "whole number"),
        ({"houses_heavy": 2.5}, "houses_heavy", "whole number"),
        ({"roads_km": "-1"}, "roads_km", "cannot be negative"),
        ({"roads_km": "1.234"}, "roads_km", "two decimals"),
        ({"displaced_host_people": 3, "displaced_host_households": 4}, "displaced_host_households", "more households"),
        ({"access": "flooded"}, "access", "Choose normal"),
        ({"urgent_needs": "x" * 501}, "urgent_needs", "under 500"),
    ],
)
def test_bad_figures_are_refused_with_a_reason_and_nothing_saved(
    event, officer, lasung_batu, unchanged, figures, field, message
):
    with unchanged(), pytest.raises(ValidationError, match=message) as refused:
        file(officer, event, lasung_batu, **figures)
    assert field in refused.value.message_dict


def test_a_desa_outside_the_event_is_refused(event, officer, paringin, unchanged):
    from .factories import desa

    outside = desa(paringin, 99, "Dahai")
    with unchanged(), pytest.raises(ValidationError, match="Dahai is not affected by event"):
        file(officer, event, outside, dead=1)


def test_a_closed_event_takes_no_impact_report(event, officer, staff, lasung_batu, unchanged):
    draft = file(officer, event, lasung_batu, submit=False)
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    with unchanged(), pytest.raises(ValidationError, match="closed: it takes no more impact reports"):
        file(officer, event, lasung_batu, dead=1)
    with unchanged(), pytest.raises(ValidationError, match="closed: it takes no more impact reports"):
        services.impact_report_submit(report=draft, by=officer)


def test_only_the_kecamatans_officer_files_for_its_desa(
    event, awayan_officer, staff, partner_staff, lasung_batu, unchanged
):
    for user in (awayan_officer, staff, partner_staff):
        with unchanged(), pytest.raises(PermissionDenied, match="Only an officer of the kecamatan"):
            file(user, event, lasung_batu, dead=1)


def test_figures_cannot_be_dated_before_the_event_or_in_the_future(event, officer, lasung_batu, unchanged):
    with unchanged(), pytest.raises(ValidationError, match="before the event started"):
        file(officer, event, lasung_batu, minutes_ago=60 * 24)
    with unchanged(), pytest.raises(ValidationError, match="cannot be in the future"):
        file(officer, event, lasung_batu, minutes_ago=-10)


def test_returning_tells_the_submitter_why_and_a_fixed_report_can_be_resubmitted(
    event, officer, staff, lasung_batu, unchanged
):
    report = file(officer, event, lasung_batu, dead=1)
    with unchanged(), pytest.raises(ValidationError, match="Say what the officer should fix"):
        services.impact_report_return(report=report, by=staff, note=" ")
    returned = services.impact_report_return(report=report, by=staff, note="Cek jumlah pengungsi")
    assert returned.state == ReportState.RETURNED
    note = Notification.objects.get(user=officer)
    assert "Lasung Batu" in note.title and note.body == "Cek jumlah pengungsi"
    assert note.link == f"/response/impact/{report.pk}/"
    fixed = services.impact_report_save(
        by=officer,
        report=returned,
        as_of=returned.as_of,
        values={"dead": 1, "displaced_shelter_people": 40},
        submit=True,
    )
    assert fixed.pk == report.pk and fixed.state == ReportState.SUBMITTED and fixed.displaced_shelter_people == 40


def test_review_is_bpbds_and_only_of_submitted_reports(event, officer, staff, partner_staff, lasung_batu, unchanged):
    report = file(officer, event, lasung_batu, submit=False, dead=1)
    with unchanged(), pytest.raises(ValidationError, match="Only a submitted report can be verified"):
        services.impact_report_verify(report=report, by=staff)
    services.impact_report_submit(report=report, by=officer)
    for user in (officer, partner_staff):
        with unchanged(), pytest.raises(PermissionDenied, match="Only BPBD staff of the district review"):
            services.impact_report_verify(report=report, by=user)


def test_a_verified_report_never_changes_and_new_figures_are_a_new_version(
    event, officer, staff, lasung_batu, unchanged
):
    first = services.impact_report_verify(report=file(officer, event, lasung_batu, minutes_ago=60, dead=1), by=staff)
    with unchanged(), pytest.raises(ValidationError, match="verified and cannot be changed"):
        services.impact_report_save(by=officer, report=first, as_of=first.as_of, values={"dead": 5})
    second = file(officer, event, lasung_batu, minutes_ago=10, dead=2, missing=1)
    assert (second.version, second.supersedes) == (2, first)
    with unchanged(), pytest.raises(ValidationError, match="already has a report being worked on"):
        file(officer, event, lasung_batu, minutes_ago=5, dead=3)
    assert list(ImpactReport.objects.filter(desa=lasung_batu).values_list("version", "dead")) == [(2, 2), (1, 1)]


def test_new_figures_are_later_than_the_verified_ones(event, officer, staff, lasung_batu, unchanged):
    services.impact_report_verify(report=file(officer, event, lasung_batu, minutes_ago=10, dead=1), by=staff)
    with unchanged(), pytest.raises(ValidationError, match="new figures are later"):
        file(officer, event, lasung_batu, minutes_ago=60, dead=2)


def test_totals_count_the_latest_verified_version_and_mark_the_newer_submitted_one(
    event, officer, awayan_officer, staff, lasung_batu, balang, awayan_desa
):
    services.impact_report_verify(report=file(officer, event, lasung_batu, minutes_ago=90, dead=1, missing=3), by=staff)
    services.impact_report_verify(report=file(officer, event, lasung_batu, minutes_ago=60, dead=2, missing=1), by=staff)
    file(officer, event, lasung_batu, minutes_ago=30, dead=4, missing=0)  # submitted, not verified
    returned = file(officer, event, balang, minutes_ago=20, dead=9)
    services.impact_report_return(report=returned, by=staff, note="Periksa lagi")
    services.impact_report_verify(
        report=file(awayan_officer, event, awayan_desa, minutes_ago=20, roads_km=Decimal("1.5"), injured_light=2),
        by=staff,
    )
    figures = figures_of(event=event)
    assert (figures.verified["dead"], figures.verified["missing"], figures.verified["injured_light"]) == (2, 1, 2)
    assert (figures.with_submitted["dead"], figures.with_submitted["missing"]) == (4, 0)
    assert figures.verified["roads_km"] == Decimal("1.5")
    pending = {row.desa.name: row.pending_state for row in figures.pending}
    assert pending == {"Lasung Batu": ReportState.SUBMITTED, "Balang": ReportState.RETURNED}
    paringin, awayan = figures.kecamatan[1], figures.kecamatan[0]
    assert (paringin.kecamatan.name, paringin.verified["dead"], awayan.verified["dead"]) == ("Paringin", 2, 0)


def test_totals_as_of_an_earlier_moment_leave_out_what_was_verified_later(event, officer, staff, lasung_batu):
    report = file(officer, event, lasung_batu, minutes_ago=90, dead=1)
    before_verification = timezone.now()
    services.impact_report_verify(report=report, by=staff)
    assert figures_of(event=event, as_of=before_verification).verified["dead"] == 0
    assert figures_of(event=event, as_of=before_verification).with_submitted["dead"] == 1
    assert figures_of(event=event).verified["dead"] == 1


def test_an_officer_sees_only_their_kecamatans_figures(event, officer, awayan_officer, staff, lasung_batu, awayan_desa):
    services.impact_report_verify(report=file(officer, event, lasung_batu, dead=1), by=staff)
    services.impact_report_verify(report=file(awayan_officer, event, awayan_desa, dead=5), by=staff)
    assert figures_for(user=officer, event=event).verified["dead"] == 1
    assert figures_for(user=awayan_officer, event=event).verified["dead"] == 5
    assert figures_for(user=staff, event=event).verified["dead"] == 6


def test_casualties_by_name_are_kept_by_bpbd_only(event, staff, officer, partner_staff, lasung_batu, unchanged):
    person = services.casualty_save(
        event=event, by=staff, desa=lasung_batu, name="Rahmat", sex="m", status="missing", age=60
    )
    found = services.casualty_save(
        event=event,
        by=staff,
        casualty=person,
        desa=lasung_batu,
        name="Rahmat",
        sex="m",
        status="found_alive",
        where_found="Kebun warga",
    )
    assert found.pk == person.pk and found.status == "found_alive"
    for user in (officer, partner_staff):
        with unchanged(), pytest.raises(PermissionDenied, match="Only BPBD staff of the district keep"):
            services.casualty_save(event=event, by=user, desa=lasung_batu, name="X", sex="f", status="dead")
    with unchanged(), pytest.raises(ValidationError, match="from 0 to 130"):
        services.casualty_save(event=event, by=staff, desa=lasung_batu, name="X", sex="f", status="dead", age=200)
