"""The map's GeoJSON is cached on the server and rebuilt as soon as anything it shows changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kecamatan.models import Hazard, Kecamatan, RiskProfile
from kencana.alerts import services as alert_services
from kencana.alerts.rules import Condition
from logistics.models import MinimumStock
from tests.factories import KecamatanFactory, square
from tests.logistics.factories import WarehouseFactory, item, receive

from .conftest import Q3

URL = "/api/v1/map/kecamatan.geojson"


@pytest.fixture
def mapped(balangan, paringin, awayan, report_for):
    for kecamatan, lon in [(paringin, 115.4), (awayan, 115.5)]:
        kecamatan.boundary_simplified = square(lon, -2.3)
        kecamatan.save()
    report_for(paringin, Q3, "submitted", score=70)
    return balangan


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_a_second_request_is_served_from_the_cache_with_the_same_body(client_for, staff, mapped):
    client = client_for(staff)
    get(client)  # warm the session
    cache.clear()
    with CaptureQueriesContext(connection) as built:
        first = get(client)
    with CaptureQueriesContext(connection) as queries:
        second = get(client)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    # The session, the user, the user's district (for its time zone) and the districts in scope.
    assert len(queries) <= 4 < len(built)
    assert second["Last-Modified"]


def test_a_matching_if_modified_since_answers_304(client_for, staff, mapped):
    client = client_for(staff)
    first = get(client)
    again = client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_verifying_a_report_changes_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    before = get(client).json()
    report = paringin.readiness_reports.get()
    report.state, report.tier = "verified", "Madya"
    report.save()
    after = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert before != after
    assert (after["63.11.06"]["state"], after["63.11.06"]["tier"]) == ("verified", "Madya")


def test_opening_and_resolving_an_alert_changes_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    get(client)
    condition = Condition(
        key="test:1", district_id=paringin.district_id, kecamatan_id=paringin.pk, title="Banjir", severity="severe"
    )
    alert = alert_services.alert_open(rule="hazard_warning", condition=condition)
    opened = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert opened["63.11.06"]["open_alerts"] == 1
    alert_services.alert_resolve(alert=alert, by=staff, note="selesai")
    resolved = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert resolved["63.11.06"]["open_alerts"] == 0


def test_a_stock_posting_and_a_new_minimum_change_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    store = WarehouseFactory(district=paringin.district, serves=[paringin])
    MinimumStock.objects.create(warehouse=store, item=item("BRS"), mode="fixed", fixed_quantity=Decimal(100))
    [point] = get(client).json()["warehouses"]["features"]
    assert point["properties"]["shortages"] == 1
    receive(
        staff, store, "BRS", 150, expiry=datetime.date(2099, 1, 1)
    )  # the ledger moves balances in bulk, without post_save
    [point] = get(client).json()["warehouses"]["features"]
    assert point["properties"]["shortages"] == 0


def test_a_risk_profile_and_a_renamed_kecamatan_change_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    get(client)
    RiskProfile.objects.create(
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="banjir"),
        hazard_index="0.9",
        vulnerability_index="0.8",
        capacity_index="0.1",
    )
    paringin.name = "Paringin Kota"
    paringin.save()
    props = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert props["63.11.06"]["risk"] == {"banjir": "tinggi"} and props["63.11.06"]["name"] == "Paringin Kota"


def test_users_with_different_scopes_never_share_a_cached_body(client_for, staff, officer, awayan_officer, mapped):
    bodies = {}
    for user in (staff, officer, awayan_officer, staff, officer):
        client = client_for(user)
        codes = sorted(f["id"] for f in get(client).json()["features"])
        bodies.setdefault(user.username, codes)
        assert bodies[user.username] == codes
    assert bodies["staff.balangan"] == ["63.11.03", "63.11.06"]
    assert bodies[officer.username] == ["63.11.06"] and bodies[awayan_officer.username] == ["63.11.03"]


def test_an_officer_given_another_kecamatan_sees_it_at_once(client_for, officer, mapped, awayan):
    client = client_for(officer)
    assert [f["id"] for f in get(client).json()["features"]] == ["63.11.06"]
    officer.kecamatan.add(awayan)
    assert sorted(f["id"] for f in get(client).json()["features"]) == ["63.11.03", "63.11.06"]


def test_the_language_is_part_of_the_key(client_for, staff, mapped):
    client = client_for(staff)
    indonesian = client.get(URL, HTTP_ACCEPT_LANGUAGE="id").json()["legend"]["states"][0]["label"]
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()["legend"]["states"][0]["label"]
    assert indonesian != english


def test_a_view_of_several_districts_uses_the_coarse_outlines(
    client_for, admin_user, banjar, aluh_aluh, mapped, paringin
):
    from shapely.geometry import Point

    from kecamatan.geometry import geometry_fields

    detailed = Point(115.45, -2.35).buffer(0.05, 64)
    for kecamatan in (paringin, aluh_aluh):
        for field, value in geometry_fields(detailed).items():
            setattr(kecamatan, field, value)
        kecamatan.save()
    admin_user.is_superuser = True
    admin_user.save()
    client = client_for(admin_user)

    def coordinates(response, code):
        [feature] = [f for f in response.json()["features"] if f["id"] == code]
        return feature["geometry"]["coordinates"][0]

    one = coordinates(get(client, district="63.11"), "63.11.06")
    many = get(client, district="63.11,63.03")
    assert len(coordinates(many, "63.11.06")) < len(one)
    assert all(len(str(x).split(".")[-1]) <= 4 for point in coordinates(many, "63.11.06") for x in point)
    # A kecamatan with only a simplified polygon still shows on the wide map.
    assert {f["id"]: f["geometry"] for f in many.json()["features"]}["63.11.03"] is not None


def test_raw_saves_are_ignored(mapped, paringin):
    from kencana.dashboard import cache

    before = cache.generations([paringin.district_id])
    from kencana.dashboard.receivers import on_change

    on_change(sender=Kecamatan, instance=paringin, raw=True)
    assert cache.generations([paringin.district_id]) == before
    KecamatanFactory(district=paringin.district, code="63.11.40")
    assert cache.generations([paringin.district_id]) != before
