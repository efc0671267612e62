"""/api/v1/shelters/: the same scope and services as the pages."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kencana.core.models import AppliedRequest
from kencana.shelters.models import EventNeedsProfile, Shelter, ShelterCount

from ..factories import local_input
from .conftest import an_hour_ago, count_values, shelter_values


@pytest.fixture
def api():
    def client(user) -> APIClient:
        c = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        c.force_authenticate(user)
        return c

    return client


@pytest.fixture
def phone():
    """The officer's phone as its outbox sends: in the session he logged in with, so his district's
    zone reads the local times of the form."""

    def client(user) -> APIClient:
        c = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        c.force_login(user)
        return c

    return client


def test_an_officer_lists_only_the_shelters_of_his_kecamatan(api, staff, officer, awayan_officer, event, shelter):
    assert [s["id"] for s in api(officer).get("/api/v1/shelters/").json()["results"]] == [shelter.pk]
    assert api(awayan_officer).get("/api/v1/shelters/").json()["results"] == []
    assert api(awayan_officer).get(f"/api/v1/shelters/{shelter.pk}/").status_code == 404


def test_an_officer_files_a_count_and_the_latest_shows_on_the_shelter(api, officer, shelter):
    body = {"as_of": timezone.now().isoformat(), **count_values()}
    response = api(officer).post(f"/api/v1/shelters/{shelter.pk}/counts/", body, format="json")
    assert response.status_code == 201 and response.json()["people"] == 40, response.json()
    assert api(officer).get(f"/api/v1/shelters/{shelter.pk}/").json()["latest_count"]["people"] == 40


def test_an_officer_of_another_kecamatan_cannot_count_there(api, awayan_officer, shelter):
    body = {"as_of": timezone.now().isoformat(), **count_values()}
    assert api(awayan_officer).post(f"/api/v1/shelters/{shelter.pk}/counts/", body, format="json").status_code == 404
    assert not ShelterCount.objects.exists()


def test_bad_counts_are_a_400_per_field_and_save_nothing(api, officer, shelter):
    body = {"as_of": timezone.now().isoformat(), **count_values(people=10, sick=-2)}
    response = api(officer).post(f"/api/v1/shelters/{shelter.pk}/counts/", body, format="json")
    assert response.status_code == 400 and list(response.json()) == ["sick"]
    body = {"as_of": timezone.now().isoformat(), **count_values(people=10)}
    response = api(officer).post(f"/api/v1/shelters/{shelter.pk}/counts/", body, format="json")
    assert response.status_code == 400 and "cannot be more than the total" in response.json()["people"][0]
    assert not ShelterCount.objects.exists()


def test_staff_open_a_shelter_and_an_officer_may_not(api, staff, officer, event, lasung_batu):
    values = {**shelter_values(), "opened_on": shelter_values()["opened_on"].isoformat()}
    body = {**values, "event": event.pk, "desa": lasung_batu.code}
    assert api(officer).post("/api/v1/shelters/", body, format="json").status_code == 403
    response = api(staff).post("/api/v1/shelters/", body, format="json")
    assert response.status_code == 201, response.json()
    assert Shelter.objects.get().store_id == response.json()["store"]


def test_needs_follow_the_profile_the_event_chooses(api, staff, shelter):
    api(staff).post(
        f"/api/v1/shelters/{shelter.pk}/counts/", {"as_of": timezone.now().isoformat(), **count_values()}, format="json"
    )
    perka = api(staff).get(f"/api/v1/shelters/event-needs/?event={shelter.event_id}&days=7").json()
    response = api(staff).post(
        "/api/v1/shelters/profile/", {"event": shelter.event_id, "profile": "sphere-2018"}, format="json"
    )
    assert response.status_code == 204
    assert EventNeedsProfile.objects.get(event=shelter.event).profile.code == "sphere-2018"
    sphere = api(staff).get(f"/api/v1/shelters/{shelter.pk}/needs/?days=7").json()
    water = (
        {r["item"]: r["needed"] for r in perka["rows"]}["AIR"],
        {r["item"]: r["needed"] for r in sphere["rows"]}["AIR"],
    )
    assert (perka["profile"], sphere["profile"]) == ("perka-bnpb-7-2008", "sphere-2018")
    assert water == ("700.000", "3240.000")


def test_needs_profiles_are_listed_with_their_lines(api, officer):
    profiles = api(officer).get("/api/v1/needs-profiles/").json()
    assert {p["code"] for p in profiles} >= {"perka-bnpb-7-2008", "sphere-2018"}
    assert all(p["lines"] for p in profiles)


def test_a_count_sent_twice_from_the_outbox_with_one_key_is_filed_once(phone, officer, shelter):
    """The outbox sends the count form as it is (multipart, local time) with an Idempotency-Key."""
    body = {"as_of": local_input(an_hour_ago()), **count_values()}
    url = f"/api/v1/shelters/{shelter.pk}/counts/"
    first = phone(officer).post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="5b1c0a7e-count-once")
    assert first.status_code == 201, first.json()
    again = phone(officer).post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="5b1c0a7e-count-once")
    assert again.status_code == 201 and again.json() == first.json()
    assert ShelterCount.objects.filter(shelter=shelter).count() == 1
    assert AppliedRequest.objects.filter(user=officer, key="5b1c0a7e-count-once", action="shelters.count").exists()


def test_a_count_the_shelter_refuses_records_no_key_and_changes_nothing(api, officer, shelter, unchanged_shelters):
    body = {"as_of": an_hour_ago().isoformat(), **count_values(people=10)}
    with unchanged_shelters():
        refused = api(officer).post(
            f"/api/v1/shelters/{shelter.pk}/counts/", body, format="multipart", HTTP_IDEMPOTENCY_KEY="refused-count-1"
        )
    assert refused.status_code == 400 and "cannot be more than the total" in refused.json()["people"][0]
    assert not AppliedRequest.objects.exists()


def test_a_count_sent_online_by_the_page_and_retried_by_the_outbox_is_filed_once(phone, client_for, officer, shelter):
    """The page sends the count form itself with the key the outbox takes if the connection drops."""
    body = {"as_of": local_input(), **count_values()}
    client = client_for(officer)
    sent = client.post(f"/shelters/{shelter.pk}/counts/new/", body, headers={"Idempotency-Key": "5b1c0a7e-page-once"})
    assert sent.status_code == 200 and sent.json() == {"location": f"/shelters/{shelter.pk}/"}
    url = f"/api/v1/shelters/{shelter.pk}/counts/"
    again = phone(officer).post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="5b1c0a7e-page-once")
    assert again.status_code == 201 and again.json()["people"] == 40
    assert ShelterCount.objects.filter(shelter=shelter).count() == 1
    landed = client.get(sent.json()["location"])
    assert [str(m) for m in landed.context["messages"]] == [f"Pendataan {shelter.name} disimpan: 40 jiwa."]
