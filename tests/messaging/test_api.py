from rest_framework.test import APIClient

from kencana.alerts.models import Delivery
from kencana.response.models import Event


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_staff_list_verify_and_open_an_event_through_the_api(report, staff):
    listed = api(staff).get("/api/v1/field-reports/?state=unverified").json()
    assert [r["id"] for r in listed["results"]] == [report.pk]
    assert listed["results"][0]["kecamatan"] == "63.11.06" and listed["results"][0]["hazard"] == "banjir"
    assert api(staff).post(f"/api/v1/field-reports/{report.pk}/verify/").json()["state"] == "verified"
    opened = api(staff).post(f"/api/v1/field-reports/{report.pk}/open-event/").json()
    assert opened["event"] == Event.objects.get().number
    assert Delivery.objects.count() == 2  # the sender heard both


def test_the_api_refuses_what_the_service_refuses(report, staff, officer):
    response = api(staff).post(f"/api/v1/field-reports/{report.pk}/open-event/")
    assert response.status_code == 400 and "Verify the report first" in str(response.json())
    assert api(officer).get("/api/v1/field-reports/").json()["results"] == []
    assert api(officer).post(f"/api/v1/field-reports/{report.pk}/verify/").status_code == 404
