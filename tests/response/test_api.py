"""The response API: the same services and scope as the pages, errors as JSON in the caller's language."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kencana.response.models import Event, ImpactReport, Sitrep

from . import factories


@pytest.fixture
def api():
    def client_for(user):
        client = APIClient()
        client.force_authenticate(user)
        client.credentials(HTTP_ACCEPT_LANGUAGE="en")
        return client

    return client_for


def iso(moment) -> str:
    return moment.isoformat()


def test_staff_record_an_event_a_decree_and_activate_a_card(api, staff, paringin, lasung_batu):
    client = api(staff)
    created = client.post(
        reverse("response-event-list"),
        {"hazard": "banjir", "started_at": iso(timezone.now()), "kecamatan": ["63.11.06"], "desa": [lasung_batu.code]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    event = created.json()
    assert event["status"] == "monitoring" and event["kecamatan"] == ["63.11.06"] and event["decree"] is None
    today = factories.today()
    decree = client.post(
        reverse("response-event-decrees", args=[event["id"]]),
        {
            "number": "188.45/1",
            "signed_on": today,
            "level": "tanggap",
            "period_start": today,
            "period_end": today + datetime.timedelta(days=6),
        },
        format="json",
    )
    assert decree.status_code == 201 and decree.json()["level"] == "tanggap"
    detail = client.get(reverse("response-event-detail", args=[event["id"]])).json()
    assert detail["status"] == "emergency" and detail["days_left"] == 6
    card = factories.flood_card(paringin)
    tasks = client.post(reverse("response-event-activate", args=[event["id"]]), {"card": card.pk}, format="json")
    assert tasks.status_code == 201 and [t["number"] for t in tasks.json()] == [1, 2, 3, 4]


def test_a_decree_ending_before_it_starts_is_a_400_naming_the_field(api, staff, event):
    today = factories.today()
    response = api(staff).post(
        reverse("response-event-decrees", args=[event.pk]),
        {
            "number": "1",
            "signed_on": today,
            "level": "siaga",
            "period_start": today,
            "period_end": today - datetime.timedelta(days=1),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["period_end"][0].startswith("The period cannot end")
    assert not event.decrees.exists()


def test_errors_come_in_indonesian_by_default(staff, event):
    client = APIClient()
    client.force_authenticate(staff)
    today = factories.today()
    response = client.post(
        reverse("response-event-decrees", args=[event.pk]),
        {
            "number": "1",
            "signed_on": today,
            "level": "siaga",
            "period_start": today,
            "period_end": today - datetime.timedelta(days=1),
        },
        format="json",
    )
    assert response.json()["period_end"][0].startswith("Masa berlaku tidak boleh berakhir")


def test_an_officer_files_submits_and_bpbd_verifies_an_impact_report(api, officer, staff, event, lasung_batu):
    filed = api(officer).post(
        reverse("response-impact-report-list"),
        {"event": event.pk, "desa": lasung_batu.code, "as_of": iso(timezone.now()), "dead": 1, "missing": 2},
        format="json",
    )
    assert filed.status_code == 201 and filed.json()["state"] == "draft"
    report = filed.json()["id"]
    patched = api(officer).patch(reverse("response-impact-report-detail", args=[report]), {"missing": 3}, format="json")
    assert patched.json()["missing"] == 3 and patched.json()["dead"] == 1
    assert api(officer).post(reverse("response-impact-report-submit", args=[report])).json()["state"] == "submitted"
    assert api(officer).post(reverse("response-impact-report-verify", args=[report])).status_code == 403
    assert api(staff).post(reverse("response-impact-report-verify", args=[report])).json()["state"] == "verified"
    figures = api(staff).get(reverse("response-event-figures", args=[event.pk])).json()
    assert figures["verified"]["missing"] == 3 and figures["kecamatan"][1]["code"] == "63.11.06"


def test_negative_counts_a_desa_elsewhere_and_a_closed_event_are_refused(
    api, officer, staff, event, lasung_batu, paringin
):
    client = api(officer)
    url = reverse("response-impact-report-list")
    negative = client.post(
        url, {"event": event.pk, "desa": lasung_batu.code, "as_of": iso(timezone.now()), "dead": -1}, format="json"
    )
    assert negative.status_code == 400 and negative.json() == {"dead": ["A count cannot be negative."]}
    outside = factories.desa(paringin, 77, "Layap")
    elsewhere = client.post(url, {"event": event.pk, "desa": outside.code, "as_of": iso(timezone.now())}, format="json")
    assert elsewhere.status_code == 400 and "not affected by event" in elsewhere.json()["desa"][0]
    api(staff).post(reverse("response-event-close", args=[event.pk]), {"ended_at": iso(timezone.now())}, format="json")
    closed = client.post(
        url, {"event": event.pk, "desa": lasung_batu.code, "as_of": iso(timezone.now())}, format="json"
    )
    assert closed.status_code == 400 and "is closed" in closed.json()["detail"][0]
    assert not ImpactReport.objects.exists()


def test_an_officer_cannot_see_or_file_for_another_kecamatan(api, awayan_officer, staff, paringin, lasung_batu):
    only_paringin = factories.open_event(staff, [paringin], [lasung_batu])
    client = api(awayan_officer)
    assert client.get(reverse("response-event-detail", args=[only_paringin.pk])).status_code == 404
    filed = client.post(
        reverse("response-impact-report-list"),
        {"event": only_paringin.pk, "desa": lasung_batu.code, "as_of": iso(timezone.now())},
        format="json",
    )
    assert filed.status_code == 404
    assert client.get(reverse("response-event-list")).json()["results"] == []


def test_a_partner_district_sees_nothing_of_the_event(api, partner_staff, event, staff):
    Sitrep.objects.create(event=event, number=1, kind="awal", as_of=timezone.now(), data={}, issued_by=staff)
    client = api(partner_staff)
    for name in (
        "response-event-list",
        "response-task-list",
        "response-impact-report-list",
        "response-sitrep-list",
        "response-casualty-list",
        "response-decree-list",
    ):
        assert client.get(reverse(name)).json()["results"] == [], name
    assert client.get(reverse("response-event-detail", args=[event.pk])).status_code == 404


def test_a_task_is_acknowledged_through_the_api(api, officer, staff, event, paringin):
    from kencana.response import services

    task = services.card_activate(event=event, card=factories.flood_card(paringin), by=staff).tasks.get(number=1)
    response = api(officer).post(reverse("response-task-acknowledge", args=[task.pk]), {}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "acknowledged"
    refused = api(officer).post(reverse("response-task-not-possible", args=[task.pk]), {}, format="json")
    assert refused.status_code == 400 and refused.json() == {"reason": ["Say why the task cannot be done."]}


def test_sitreps_are_issued_once_and_only_read_afterwards(api, staff, event):
    client = api(staff)
    issued = client.post(reverse("response-sitrep-list"), {"event": event.pk, "kind": "awal"}, format="json")
    assert issued.status_code == 201 and issued.json()["number"] == 1
    url = reverse("response-sitrep-detail", args=[issued.json()["id"]])
    assert client.patch(url, {"assessment": "diubah"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405
    text = client.get(reverse("response-sitrep-text", args=[issued.json()["id"]]))
    assert text.status_code == 200 and event.number in text.content.decode()


def test_casualties_by_name_are_for_bpbd_only(api, staff, officer, event, lasung_batu):
    created = api(staff).post(
        reverse("response-casualty-list"),
        {"event": event.pk, "desa": lasung_batu.code, "name": "Rahmat", "sex": "m", "status": "missing"},
        format="json",
    )
    assert created.status_code == 201
    assert api(officer).get(reverse("response-casualty-list")).json()["results"] == []
    refused = api(officer).post(
        reverse("response-casualty-list"),
        {"event": event.pk, "desa": lasung_batu.code, "name": "X", "sex": "m", "status": "dead"},
        format="json",
    )
    assert refused.status_code == 403
    assert Event.objects.get().casualties.count() == 1
