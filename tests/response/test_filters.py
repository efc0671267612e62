"""The response pages and the API filter their lists with the same FilterSets (``kencana/response/filters.py``)."""

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kencana.response import services

from .factories import open_event


def test_the_events_page_and_the_api_filter_by_status_alike(client_for, staff, paringin, awayan):
    ongoing = open_event(staff, [paringin], title="Banjir Paringin")
    closed = open_event(staff, [awayan], title="Banjir Awayan", hours_ago=30)
    services.event_close(event=closed, by=staff, ended_at=timezone.now())
    page = client_for(staff).get(reverse("response:index"), {"status": "closed"}).text
    api = APIClient()
    api.force_authenticate(staff)
    rows = api.get("/api/v1/response/events/", {"status": "closed"}).json()["results"]
    assert closed.title in page and ongoing.title not in page
    assert [row["id"] for row in rows] == [closed.pk]


def test_an_unknown_status_is_ignored_by_the_page_and_named_by_the_api(client_for, staff, paringin):
    event = open_event(staff, [paringin], title="Banjir Paringin")
    page = client_for(staff).get(reverse("response:index"), {"status": "selesai"})
    assert page.status_code == 200 and event.title in page.text
    api = APIClient()
    api.force_authenticate(staff)
    answer = api.get("/api/v1/response/events/", {"status": "selesai"})
    assert answer.status_code == 400 and "status" in answer.json()
