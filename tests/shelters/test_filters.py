"""The needs pages and their API read ``?days=`` alike (``kencana/shelters/filters.py``), and
event-needs its ``?event=``: a value a page cannot read shows the default (7 days), the API
answers it with a 400 naming the parameter, never a 500."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

BAD_DAYS = ["abc", "1.5", "0", "91", "-3", "9" * 40, "7\x00"]
PAGES = ["shelters:needs", "shelters:detail", "shelters:dispatch"]


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def page_url(name: str, shelter) -> str:
    return reverse(name, args=[shelter.event_id if name == "shelters:needs" else shelter.pk])


def api_urls(shelter) -> list[str]:
    return [f"/api/v1/shelters/{shelter.pk}/needs/", "/api/v1/shelters/event-needs/"]


@pytest.mark.parametrize("name", PAGES)
def test_a_needs_page_shows_the_days_asked_for_and_7_when_left_out(client_for, staff, shelter, name):
    client = client_for(staff)
    assert client.get(page_url(name, shelter), {"days": "3"}).context["days"] == 3
    assert client.get(page_url(name, shelter)).context["days"] == 7


@pytest.mark.parametrize("value", BAD_DAYS)
@pytest.mark.parametrize("name", PAGES)
def test_a_needs_page_shows_7_days_for_days_it_cannot_read(client_for, staff, shelter, name, value):
    page = client_for(staff).get(page_url(name, shelter), {"days": value})
    assert page.status_code == 200 and page.context["days"] == 7


def test_the_needs_page_offers_the_days_it_shows(client_for, staff, shelter):
    page = client_for(staff).get(page_url("shelters:needs", shelter), {"days": "3"})
    assert 'name="days" value="3" min="1" max="90"' in page.text and "Jumlah hari ke depan" in page.text


def test_the_needs_api_reads_the_days_asked_for_and_7_when_left_out(staff, shelter):
    for url in api_urls(shelter):
        assert api(staff).get(url, {"event": shelter.event_id, "days": "3"}).json()["days"] == 3
        assert api(staff).get(url, {"event": shelter.event_id}).json()["days"] == 7


@pytest.mark.parametrize("value", BAD_DAYS)
def test_the_needs_api_names_days_it_cannot_read(staff, shelter, value):
    for url in api_urls(shelter):
        answer = api(staff).get(url, {"event": shelter.event_id, "days": value})
        assert answer.status_code == 400 and list(answer.json()) == ["days"], (url, answer.content)


@pytest.mark.parametrize("query", [{}, {"event": ""}, {"event": "abc"}, {"event": "0"}, {"event": "9" * 40}])
def test_event_needs_names_an_event_it_cannot_read(staff, shelter, query):
    answer = api(staff).get("/api/v1/shelters/event-needs/", query)
    assert answer.status_code == 400 and answer.json() == {"event": ["Give the event's id."]}


def test_event_needs_names_every_parameter_it_cannot_read_at_once(staff, shelter):
    answer = api(staff).get("/api/v1/shelters/event-needs/", {"event": "abc", "days": "abc"})
    assert answer.status_code == 400 and set(answer.json()) == {"event", "days"}


def test_event_needs_of_an_event_the_user_does_not_see_is_not_found(staff, shelter):
    assert api(staff).get("/api/v1/shelters/event-needs/", {"event": shelter.event_id + 1000}).status_code == 404
