"""The map's shelters layer: people, capacity, occupancy and shortfalls, in the user's scope."""

import datetime

from django.utils import timezone

from kencana.shelters import services

from .conftest import count_values

URL = "/api/v1/map/kecamatan.geojson"


def test_shelters_carry_people_occupancy_and_their_largest_shortfalls(client_for, staff, shelter):
    moment = timezone.now() - datetime.timedelta(hours=1)
    services.shelter_count_file(by=staff, shelter=shelter, as_of=moment, values=count_values(people=120, households=30))
    (point,) = client_for(staff).get(URL, {"district": "63.11"}).json()["shelters"]["features"]
    p = point["properties"]
    assert (p["people"], p["capacity"], p["occupancy"]) == (120, 100, 1.2)
    assert point["geometry"]["coordinates"] == [shelter.lon, shelter.lat]
    assert [s["item"] for s in p["shortfalls"]][:1] == ["Air minum dalam kemasan"]
    assert len(p["shortfalls"]) == 3


def test_an_officer_of_another_kecamatan_sees_no_shelter_there(client_for, awayan_officer, shelter):
    assert client_for(awayan_officer).get(URL, {"district": "63.11"}).json()["shelters"]["features"] == []


def test_a_shelter_without_a_count_says_so(client_for, staff, shelter):
    (point,) = client_for(staff).get(URL, {"district": "63.11"}).json()["shelters"]["features"]
    assert point["properties"]["people"] is None and point["properties"]["occupancy"] is None
