import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kencana.alerts.models import Alert, CapMessage, HazardWarning, Notification

from .factories import AlertFactory

DATA = Path(__file__).parent / "data"


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")  # assertions below are in English


@pytest.fixture
def paringin_alert(paringin):
    return AlertFactory(kecamatan=paringin, title="Banjir di Paringin")


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_officers_list_only_their_kecamatans_alerts(api, officer, paringin_alert, awayan):
    AlertFactory(kecamatan=awayan)
    body = as_user(api, officer).get("/api/v1/alerts/").json()
    assert [a["id"] for a in body["results"]] == [paringin_alert.pk]
    assert body["results"][0]["kecamatan"] == "63.11.06"
    assert body["results"][0]["cap_url"].endswith(f"/cap/alerts/{paringin_alert.pk}.xml")


def test_alerts_filter_by_state_and_severity(api, staff, paringin_alert, paringin):
    AlertFactory(kecamatan=paringin, state="resolved", severity="minor")
    client = as_user(api, staff)
    assert client.get("/api/v1/alerts/").json()["count"] == 1
    assert client.get("/api/v1/alerts/", {"state": "all"}).json()["count"] == 2
    assert client.get("/api/v1/alerts/", {"state": "resolved", "severity": "minor"}).json()["count"] == 1


def test_an_alert_outside_scope_is_404(api, awayan_officer, partner_staff, paringin_alert):
    assert as_user(api, awayan_officer).get(f"/api/v1/alerts/{paringin_alert.pk}/").status_code == 404
    assert as_user(api, partner_staff).post(f"/api/v1/alerts/{paringin_alert.pk}/acknowledge/").status_code == 404


def test_acknowledge_and_resolve_through_the_api(api, officer, staff, paringin_alert):
    response = as_user(api, officer).post(f"/api/v1/alerts/{paringin_alert.pk}/acknowledge/")
    assert response.status_code == 200 and response.json()["state"] == "acknowledged"
    again = api.post(f"/api/v1/alerts/{paringin_alert.pk}/acknowledge/")
    assert again.status_code == 400 and "Only an open alert" in str(again.json())
    assert api.post(f"/api/v1/alerts/{paringin_alert.pk}/resolve/", {"note": "x"}).status_code == 403
    response = as_user(api, staff).post(
        f"/api/v1/alerts/{paringin_alert.pk}/resolve/", {"note": "Surut"}, format="json"
    )
    assert response.status_code == 200 and response.json()["resolution_note"] == "Surut"
    resolved = api.get(f"/api/v1/alerts/{paringin_alert.pk}/")
    assert resolved.status_code == 200 and resolved.json()["state"] == "resolved"
    assert paringin_alert.pk not in [a["id"] for a in api.get("/api/v1/alerts/").json()["results"]]


def test_resolving_without_a_note_is_a_clear_400(api, staff, paringin_alert):
    response = as_user(api, staff).post(f"/api/v1/alerts/{paringin_alert.pk}/resolve/", {}, format="json")
    assert response.status_code == 400 and "note" in response.json()
    paringin_alert.refresh_from_db()
    assert paringin_alert.state == "open"


def test_staff_create_a_hazard_warning(api, staff, paringin):
    response = as_user(api, staff).post(
        "/api/v1/hazard-warnings/",
        {
            "kecamatan": ["63.11.06"],
            "hazard": "banjir",
            "title": "Siaga darurat banjir",
            "severity": "extreme",
            "expires_at": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Alert.objects.get().severity == "extreme"


def test_a_warning_for_a_kecamatan_outside_scope_is_refused(api, staff, aluh_aluh):
    response = as_user(api, staff).post(
        "/api/v1/hazard-warnings/",
        {"kecamatan": ["63.03.01"], "hazard": "banjir", "title": "x", "expires_at": "2099-01-01T00:00:00Z"},
        format="json",
    )
    assert response.status_code == 400 and "kecamatan" in response.json()
    assert not HazardWarning.objects.exists()


def test_an_officer_cannot_create_a_warning(api, officer, paringin):
    response = as_user(api, officer).post(
        "/api/v1/hazard-warnings/",
        {"kecamatan": ["63.11.06"], "hazard": "banjir", "title": "x", "expires_at": "2099-01-01T00:00:00Z"},
        format="json",
    )
    assert response.status_code == 403


def test_notifications_are_mine_only_and_can_be_marked_read(api, officer, staff, paringin_alert):
    mine = Notification.objects.create(user=officer, alert=paringin_alert, title="Untuk saya")
    theirs = Notification.objects.create(user=staff, alert=paringin_alert, title="Untuk staf")
    client = as_user(api, officer)
    assert [n["id"] for n in client.get("/api/v1/notifications/").json()["results"]] == [mine.pk]
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/api/v1/notifications/{mine.pk}/read/").json()["read_at"] is not None
    assert client.get("/api/v1/notifications/", {"read_at__isnull": "true"}).json()["count"] == 0


def test_cap_upload_through_the_api(api, staff, bounded):
    client = as_user(api, staff)
    with open(DATA / "gorontalo.xml", "rb") as upload:
        response = client.post("/api/v1/cap/import/", {"file": upload}, format="multipart")
    assert response.status_code == 201
    assert response.json()["kecamatan"] == [] and response.json()["note"].startswith("No matching kecamatan")
    with open(DATA / "gorontalo.xml", "rb") as upload:
        assert client.post("/api/v1/cap/import/", {"file": upload}, format="multipart").status_code == 200


def test_a_bad_cap_upload_is_a_400_with_the_reason(api, staff):
    with open(DATA / "entity_bomb.xml", "rb") as upload:
        response = as_user(api, staff).post("/api/v1/cap/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400 and "DTD" in str(response.json())
    assert not CapMessage.objects.exists()


def test_officers_cannot_upload_cap(api, officer):
    with open(DATA / "gorontalo.xml", "rb") as upload:
        assert (
            as_user(api, officer).post("/api/v1/cap/import/", {"file": upload}, format="multipart").status_code == 403
        )
