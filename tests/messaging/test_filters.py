"""The field reports' page and API filter by state with one FilterSet (``kencana/messaging/filters.py``)."""

from django.urls import reverse

from kencana.messaging import services

from .test_api import api


def test_the_page_shows_the_unverified_reports_unless_a_known_state_is_asked_for(client_for, report, staff):
    dismissed = services.field_report_dismiss(
        report=report.__class__.objects.create(
            district=report.district, channel="whatsapp", sender=report.sender, text="LAPOR SALAH KETIK"
        ),
        by=staff,
        note="Salah ketik",
    )
    client = client_for(staff)
    url = reverse("messaging:reports")
    assert [r.pk for r in client.get(url, {"state": "dismissed"}).context["page"]] == [dismissed.pk]
    for value in ("garbage", ""):
        page = client.get(url, {"state": value})
        assert page.status_code == 200 and page.context["state"] == "unverified"
        assert [r.pk for r in page.context["page"]] == [report.pk]


def test_the_api_names_an_unknown_state_and_filters_by_a_known_one(report, staff):
    answer = api(staff).get("/api/v1/field-reports/", {"state": "garbage"})
    assert answer.status_code == 400 and list(answer.json()) == ["state"]
    assert api(staff).get("/api/v1/field-reports/", {"state": "dismissed"}).json()["results"] == []
