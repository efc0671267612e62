"""The map page and its GeoJSON read ``?district=&period=`` alike, the desa layer ``?kecamatan=`` or
``?district=``, the kecamatan timeline ``?before=`` and the national overview ``?province=&sort=``
(``kencana/dashboard/filters.py``): a value a page cannot read shows its default (200), the API
answers it with a 400 naming the parameter, never a 500; a code of the right shape outside the
user's scope stays a 404."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from kencana.plans.services import action_item_update
from tests.factories import square
from tests.plans.factories import ActionItemFactory, ActionPlanFactory

from .conftest import Q2, Q3

MAP = "/api/v1/map/kecamatan.geojson"
DESA = "/api/v1/map/desa.geojson"


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def reported(paringin, awayan, report_for):
    """Paringin verified in Q3, Awayan in Q2: both periods have reports, Q3 is the newest."""
    for kecamatan, lon in [(paringin, 115.4), (awayan, 115.5)]:
        kecamatan.boundary_simplified = square(lon, -2.3)
        kecamatan.save()
    report_for(paringin, Q3, "verified", score=60, tier="Madya")
    report_for(awayan, Q2, "verified", score=85, tier="Utama")


def test_the_map_page_shows_the_district_and_period_asked_for(client_for, staff, reported):
    page = client_for(staff).get(reverse("dashboard:map"), {"district": "63.11", "period": Q2.isoformat()})
    assert page.status_code == 200
    assert page.context["district_codes"] == "63.11" and page.context["selected_period"] == Q2.isoformat()
    assert "district=63.11" in page.context["data_url"] and f"period={Q2.isoformat()}" in page.context["data_url"]


@pytest.mark.parametrize(
    "query",
    [
        {"district": "abc"},
        {"district": "63.11,x"},
        {"district": "63.11\x00"},
        {"period": "kuartal-3"},
        {"period": "2026-13-45"},
        {"district": "6311", "period": "garbage"},
    ],
)
def test_the_map_page_shows_its_default_for_what_it_cannot_read(client_for, staff, reported, query):
    page = client_for(staff).get(reverse("dashboard:map"), query)
    assert page.status_code == 200
    assert page.context["selected_period"] == Q3.isoformat()
    assert page.context["district_codes"] == ("63.11" if query.get("district") == "63.11" else "")


def test_the_map_page_does_not_show_a_district_outside_the_scope(client_for, partner_staff, reported):
    assert client_for(partner_staff).get(reverse("dashboard:map"), {"district": "63.11"}).status_code == 404


def test_the_map_api_reads_the_district_and_period_asked_for(staff, reported):
    body = api(staff).get(MAP, {"district": "63.11", "period": Q2.isoformat()}).json()
    assert body["period"] == Q2.isoformat()
    assert {f["properties"]["district"] for f in body["features"]} == {"63.11"}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({"district": "abc"}, "district"),
        ({"district": "63.11,63.1"}, "district"),
        ({"district": "63.11\x00"}, "district"),
        ({"period": "2026-13-45"}, "period"),
        ({"district": "63.11", "period": "kuartal-3"}, "period"),
    ],
)
def test_the_map_api_names_the_parameter_it_cannot_read(staff, reported, query, name):
    answer = api(staff).get(MAP, query)
    assert answer.status_code == 400 and list(answer.json()) == [name]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({"kecamatan": "63.11.06\x00"}, "kecamatan"),
        ({"kecamatan": "63.11.06,Paringin"}, "kecamatan"),
        ({"district": "63"}, "district"),
    ],
)
def test_the_desa_api_names_the_parameter_it_cannot_read(staff, paringin, query, name):
    answer = api(staff).get(DESA, query)
    assert answer.status_code == 400 and list(answer.json()) == [name]
    assert api(staff).get(DESA, {"kecamatan": paringin.code}).status_code == 200


def test_the_timeline_pages_back_from_the_moment_asked_for(client_for, staff, officer, paringin):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 8, tzinfo=datetime.UTC), tick=False):
        item = ActionItemFactory(plan=ActionPlanFactory(kecamatan=paringin))
    for day in (2, 3):
        with time_machine.travel(datetime.datetime(2026, 3, day, 8, tzinfo=datetime.UTC), tick=False):
            action_item_update(by=officer, item=item, progress=day * 10)
    url = reverse("plans:timeline", args=[paringin.code])
    page = client_for(staff).get(url, {"before": "2026-03-03T16:00:00+08:00"})  # 08:00 UTC, the last update
    assert page.status_code == 200 and page.context["paged"] is True
    assert [event.when.day for event in page.context["events"]] == [2, 1]
    assert [event.when.day for event in client_for(staff).get(url).context["events"]] == [3, 2, 1]


@pytest.mark.parametrize("value", ["abc", "2026-13-45T00:00:00", "2026-09-24T25:00", "9" * 40])
def test_the_timeline_shows_the_newest_events_for_a_moment_it_cannot_read(client_for, staff, paringin, value):
    page = client_for(staff).get(reverse("plans:timeline", args=[paringin.code]), {"before": value})
    assert page.status_code == 200 and page.context["paged"] is False


def test_the_national_overview_shows_the_province_and_column_asked_for(client_for, national_staff, balangan):
    page = client_for(national_staff).get(reverse("home"), {"province": "63", "sort": "-alerts"})
    assert page.status_code == 200
    assert page.context["summary"].province.code == "63" and page.context["sort"] == "-alerts"


@pytest.mark.parametrize(
    "query", [{"province": "6x"}, {"province": "63\x00"}, {"sort": "zzz"}, {"sort": "--alerts"}, {"sort": ""}]
)
def test_the_national_overview_shows_its_default_for_what_it_cannot_read(client_for, national_staff, balangan, query):
    page = client_for(national_staff).get(reverse("home"), query)
    assert page.status_code == 200
    assert page.context["summary"].province is None and page.context["sort"] == "district"


def test_the_map_api_says_in_indonesian_what_to_give(staff, reported):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="id")
    client.force_authenticate(staff)
    assert client.get(MAP, {"district": "Balangan"}).json() == {
        "district": ["Sebutkan kode kabupaten/kota seperti 63.11, dipisahkan koma."]
    }
