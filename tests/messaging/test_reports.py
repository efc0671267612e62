"""BPBD's queue of field reports: verify, dismiss, attach to an event or open one; the sender hears."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kencana.alerts.models import Delivery
from kencana.messaging import services
from kencana.messaging.models import FieldReport
from kencana.response.models import Event
from tests.response.factories import open_event

from .conftest import OFFICER_PHONE


def told() -> list[str]:
    return [d.payload["text"] for d in Delivery.objects.filter(destination=OFFICER_PHONE).order_by("pk")]


def test_staff_verify_and_open_an_event_from_a_report_and_the_sender_hears_each_step(report, staff, paringin):
    services.field_report_verify(report=report, by=staff)
    event = services.field_report_open_event(report=report, by=staff)
    report.refresh_from_db()
    assert report.state == "verified" and report.reviewed_by == staff and report.event == event
    assert list(event.kecamatan.all()) == [paringin] and event.hazard.code == "banjir"
    assert f"field report no. {report.pk}" in event.description
    assert told() == [
        f"BPBD has verified your report no. {report.pk}. Thank you.",
        f"BPBD is responding to your report no. {report.pk} as event {event.number}.",
    ]


def test_an_event_opens_only_from_a_verified_report_once(report, staff):
    with pytest.raises(ValidationError, match="Verify the report first"):
        services.field_report_open_event(report=report, by=staff)
    services.field_report_verify(report=report, by=staff)
    services.field_report_open_event(report=report, by=staff)
    with pytest.raises(ValidationError, match="already belongs to an event"):
        services.field_report_open_event(report=report, by=staff)
    assert Event.objects.count() == 1


def test_a_verified_report_is_added_to_an_open_event_of_the_district(report, staff, paringin, partner_staff, aluh_aluh):
    services.field_report_verify(report=report, by=staff)
    elsewhere = open_event(partner_staff, [aluh_aluh])
    with pytest.raises(ValidationError, match="open event of the district"):
        services.field_report_attach(report=report, by=staff, event=elsewhere)
    event = open_event(staff, [paringin])
    services.field_report_attach(report=report, by=staff, event=event)
    assert FieldReport.objects.get().event == event
    assert told()[-1] == f"BPBD has added your report no. {report.pk} to event {event.number}."


def test_a_dismissed_report_says_why_and_cannot_be_verified(report, staff):
    services.field_report_dismiss(report=report, by=staff, note="Laporan ganda")
    with pytest.raises(ValidationError, match="already reviewed"):
        services.field_report_verify(report=report, by=staff)
    assert FieldReport.objects.get().review_note == "Laporan ganda"
    assert told() == [f"BPBD has closed your report no. {report.pk} without action."]


def test_officers_and_other_districts_cannot_review(report, officer, partner_staff):
    for person in (officer, partner_staff):
        with pytest.raises(PermissionDenied, match="Only BPBD staff review field reports"):
            services.field_report_verify(report=report, by=person)
    assert FieldReport.objects.get().state == "unverified" and told() == []


def test_the_queue_is_bpbds_only(client_for, report, staff, officer, partner_staff):
    page = client_for(staff).get(reverse("messaging:reports"))
    assert page.status_code == 200 and 'data-total="1"' in page.content.decode()
    assert client_for(officer).get(reverse("messaging:reports")).status_code == 403
    assert client_for(officer).get(reverse("messaging:report_detail", args=[report.pk])).status_code == 404
    assert client_for(partner_staff).get(reverse("messaging:report_detail", args=[report.pk])).status_code == 404


def test_the_page_verifies_and_opens_the_event(client_for, report, staff):
    client = client_for(staff)
    client.post(reverse("messaging:report_verify", args=[report.pk]))
    response = client.post(reverse("messaging:report_open_event", args=[report.pk]))
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse("response:event_detail", args=[event.pk])


def test_a_sitrep_goes_to_the_districts_group(client_for, staff, officer, paringin, telegram, whatsapp):
    from kencana.response.services import sitrep_issue

    sitrep = sitrep_issue(event=open_event(staff, [paringin]), by=staff, kind="awal")
    page = client_for(staff).get(reverse("response:sitrep_detail", args=[sitrep.pk])).content.decode()
    assert reverse("messaging:sitrep_send", args=[sitrep.pk]) in page
    response = client_for(staff).post(reverse("messaging:sitrep_send", args=[sitrep.pk]), {"provider": "telegram"})
    assert response.status_code == 302
    [sent] = Delivery.objects.all()
    assert (sent.channel, sent.destination) == ("telegram", "-1001234") and "LAPORAN" in sent.payload["text"].upper()
    with pytest.raises(PermissionDenied, match="Only BPBD staff send sitreps"):
        services.sitrep_send(sitrep=sitrep, channel=telegram, by=officer)


def test_a_verified_report_offers_a_hazard_warning_for_its_hazard_and_kecamatan(client_for, report, staff, paringin):
    services.field_report_verify(report=report, by=staff)
    page = client_for(staff).get(reverse("messaging:report_detail", args=[report.pk])).content.decode()
    offer = f"{reverse('alerts:warning_create')}?hazard={report.hazard_id}&amp;kecamatan={paringin.pk}"
    assert offer in page
    form = client_for(staff).get(offer.replace("&amp;", "&")).context["form"]
    assert form.initial["hazard"] == str(report.hazard_id) and form.initial["kecamatan"] == [str(paringin.pk)]
