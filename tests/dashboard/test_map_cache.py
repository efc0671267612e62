"""The map's GeoJSON is cached on the server and rebuilt as soon as anything it shows changes."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kecamatan import services as risk_services
from kecamatan.importers import region_codes_import
from kecamatan.models import Hazard
from kencana.alerts import services as alert_services
from kencana.alerts.lifecycle import alert_open
from kencana.alerts.rules import Condition
from kencana.readiness import services as readiness_services
from logistics import services as logistics_services
from logistics.models import MinimumStock
from tests.factories import square
from tests.logistics.factories import WarehouseFactory, item, receive

from ..factories import today as districts_today
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


def test_a_second_request_is_served_from_the_cache_with_the_same_body(client_for, staff, mapped, forget_cache):
    client = client_for(staff)
    get(client)  # warm the session
    forget_cache()
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
    readiness_services.report_verify(report=paringin.readiness_reports.get(), by=staff)
    after = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert before != after
    verified = paringin.readiness_reports.get()
    assert (after["63.11.06"]["state"], after["63.11.06"]["tier"]) == ("verified", verified.tier)
    assert after["63.11.03"] == {f["id"]: f["properties"] for f in before["features"]}["63.11.03"]


def test_opening_and_resolving_an_alert_changes_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    get(client)
    condition = Condition(
        key="test:1", district_id=paringin.district_id, kecamatan_id=paringin.pk, title="Banjir", severity="severe"
    )
    alert = alert_open(rule="hazard_warning", condition=condition)
    opened = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert opened["63.11.06"]["open_alerts"] == 1
    alert_services.alert_resolve(alert=alert, by=staff, note="selesai")
    resolved = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert resolved["63.11.06"]["open_alerts"] == 0


def test_a_new_minimum_alone_changes_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    store = WarehouseFactory(district=paringin.district, serves=[paringin])
    [point] = get(client).json()["warehouses"]["features"]
    assert point["properties"]["shortages"] == 0
    logistics_services.minimum_set(by=staff, warehouse=store, item=item("BRS"), mode="fixed", fixed_quantity=100)
    [point] = get(client).json()["warehouses"]["features"]
    assert point["properties"]["shortages"] == 1


def test_a_stock_posting_alone_changes_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    store = WarehouseFactory(district=paringin.district, serves=[paringin])
    MinimumStock.objects.create(warehouse=store, item=item("BRS"), mode="fixed", fixed_quantity=Decimal(100))
    [point] = get(client).json()["warehouses"]["features"]
    assert point["properties"]["shortages"] == 1
    receive(
        staff, store, "BRS", 150, expiry=districts_today() + datetime.timedelta(days=5 * 365)
    )  # the ledger moves balances in bulk, without post_save
    [point] = get(client).json()["warehouses"]["features"]
    assert point["properties"]["shortages"] == 0


def test_a_new_warehouse_alone_changes_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    assert get(client).json()["warehouses"]["features"] == []
    logistics_services.warehouse_save(
        by=staff,
        district=paringin.district,
        code="PRG",
        name="Gudang Paringin",
        kind="kecamatan",
        lat=-2.3,
        lon=115.45,
        kecamatan_served=[paringin],
    )
    assert [p["properties"]["name"] for p in get(client).json()["warehouses"]["features"]] == ["Gudang Paringin"]


def test_a_risk_profile_alone_changes_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    assert get(client).json()["features"][1]["properties"]["risk"] == {}
    risk_services.risk_profile_save(
        by=staff,
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="banjir"),
        hazard_index="0.9",
        vulnerability_index="0.8",
        capacity_index="0.1",
    )
    props = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert props["63.11.06"]["risk"] == {"banjir": "tinggi"} and props["63.11.06"]["name"] == "Paringin"


def test_a_renamed_kecamatan_alone_changes_the_next_response(client_for, staff, mapped, paringin):
    client = client_for(staff)
    get(client)
    region_codes_import(data="kode,nama\n63.11.06,Paringin Kota\n")
    props = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert props["63.11.06"]["name"] == "Paringin Kota" and props["63.11.06"]["risk"] == {}


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


def test_a_change_in_one_district_rebuilds_only_its_part_of_the_wide_map(
    client_for, province_staff, staff, banjar, aluh_aluh, mapped, paringin
):
    client = client_for(province_staff)
    before = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert set(before) == {"63.11.03", "63.11.06", aluh_aluh.code}
    # Banjar's kecamatan renamed behind the services' back: its kept part does not know.
    type(aluh_aluh).objects.filter(pk=aluh_aluh.pk).update(name="Aluh-Aluh Lama")
    readiness_services.report_verify(report=paringin.readiness_reports.get(), by=staff)
    after = {f["id"]: f["properties"] for f in get(client).json()["features"]}
    assert after["63.11.06"]["state"] == "verified"  # Balangan's part rebuilt
    assert after[aluh_aluh.code]["name"] == before[aluh_aluh.code]["name"] != "Aluh-Aluh Lama"  # Banjar's kept


def test_the_wide_map_is_the_same_collection_as_one_built_whole(
    client_for, province_staff, banjar, aluh_aluh, mapped, paringin, forget_cache
):
    client = client_for(province_staff)
    WarehouseFactory(district=banjar, lat=-3.3, lon=114.8)
    whole = get(client).json()
    forget_cache()
    again = get(client).json()
    assert again == whole
    assert [f["id"] for f in whole["features"]] == ["63.03.01", "63.11.03", "63.11.06"]
    assert [f["properties"]["district"] for f in whole["warehouses"]["features"]] == ["63.03"]
    assert set(whole) == {"type", "features", "warehouses", "shelters", "period", "periods", "legend"}
