import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kecamatan.models import Hazard, RiskProfile
from tests.factories import KecamatanFactory, square

from .conftest import Q2, Q3

URL = "/api/v1/map/kecamatan.geojson"


@pytest.fixture
def district_with_states(balangan, paringin, awayan, report_for):
    """Paringin verified Madya in Q3; Awayan verified Utama in Q2 only (stale in Q3);
    Halong submitted in Q3; Juai nothing at all."""
    halong = KecamatanFactory(district=balangan, code="63.11.02", name="Halong")
    juai = KecamatanFactory(district=balangan, code="63.11.01", name="Juai")
    for kecamatan, lon in [(paringin, 115.4), (awayan, 115.5), (halong, 115.6), (juai, 115.7)]:
        kecamatan.boundary_simplified = square(lon, -2.3)
        kecamatan.save()
    report_for(paringin, Q3, "verified", score=60, tier="Madya")
    report_for(awayan, Q2, "verified", score=85, tier="Utama")
    report_for(awayan, Q3, "draft")
    report_for(halong, Q3, "submitted", score=40, tier="")
    return balangan


def features_by_code(response):
    return {f["properties"]["code"]: f["properties"] for f in response.json()["features"]}


def test_each_kecamatan_has_its_honest_state(client_for, staff, district_with_states):
    response = client_for(staff).get(URL, {"district": "63.11", "period": Q3.isoformat()})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    props = features_by_code(response)
    assert (props["63.11.06"]["state"], props["63.11.06"]["tier"], props["63.11.06"]["score"]) == (
        "verified",
        "Madya",
        60.0,
    )
    assert (props["63.11.03"]["state"], props["63.11.03"]["tier"]) == ("stale", "Utama")
    assert props["63.11.03"]["last_report"] == Q2.isoformat()
    assert (props["63.11.02"]["state"], props["63.11.02"]["tier"]) == ("submitted", "")
    assert props["63.11.01"]["state"] == "not_reported"
    assert response.json()["legend"]["tiers"] == ["Pratama", "Madya", "Utama"]
    assert props["63.11.06"]["tier_rank"] == 1


def test_features_carry_simplified_geometry_and_only_map_properties(client_for, staff, district_with_states):
    feature = client_for(staff).get(URL, {"period": Q3.isoformat()}).json()["features"][0]
    assert feature["geometry"]["type"] == "Polygon"
    assert set(feature["properties"]) == {
        "code",
        "name",
        "district",
        "state",
        "tier",
        "tier_rank",
        "score",
        "last_report",
        "approximate",
        "risk",
        "open_alerts",
        "event",
        "url",
        "label",
    }


def test_without_a_period_it_shows_the_newest_period_that_has_started(client_for, staff, district_with_states):
    body = client_for(staff).get(URL).json()
    assert body["period"] == Q3.isoformat()
    assert [p["start"] for p in body["periods"]] == [Q3.isoformat(), Q2.isoformat()]


def test_officers_get_only_their_kecamatan(client_for, officer, district_with_states):
    props = features_by_code(client_for(officer).get(URL))
    assert list(props) == ["63.11.06"]


def test_another_district_is_not_found(client_for, partner_staff, district_with_states):
    assert client_for(partner_staff).get(URL, {"district": "63.11"}).status_code == 404


def test_a_partner_sees_only_its_own_district(client_for, partner_staff, aluh_aluh, district_with_states):
    props = features_by_code(client_for(partner_staff).get(URL))
    assert list(props) == ["63.03.01"]


def test_a_malformed_period_is_a_clear_400(client_for, staff, district_with_states):
    response = client_for(staff).get(URL, {"period": "kuartal-3"})
    assert response.status_code == 400
    assert "period" in response.json()


def test_an_unchanged_map_answers_304_to_its_etag(client_for, staff, district_with_states, report_for, paringin):
    client = client_for(staff)
    first = client.get(URL, {"period": Q3.isoformat()})
    again = client.get(URL, {"period": Q3.isoformat()}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    report_for(paringin, Q2, "verified", score=30, tier="Pratama")
    other = client.get(URL, {"period": Q2.isoformat()}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_the_risk_layer_has_each_hazards_class(client_for, staff, district_with_states, paringin):
    RiskProfile.objects.create(
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="banjir"),
        hazard_index="0.9",
        vulnerability_index="0.8",
        capacity_index="0.1",
    )
    props = features_by_code(client_for(staff).get(URL, {"period": Q3.isoformat()}))
    assert props["63.11.06"]["risk"] == {"banjir": "tinggi"}
    assert props["63.11.01"]["risk"] == {}


def test_the_query_count_does_not_grow_with_the_number_of_kecamatan(
    client_for, staff, district_with_states, balangan, forget_cache
):
    client = client_for(staff)
    client.get(URL)  # warm the session and the user
    forget_cache()  # measure building the body, not reading it from the cache
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(20):
        KecamatanFactory(district=balangan, code=f"63.11.{30 + n}", boundary_simplified=square(115 + n / 10, -2.5))
    forget_cache()
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.json()["features"]) == 24
    assert len(many) == len(few) <= 15


def test_anonymous_users_get_401(client, district_with_states):
    assert client.get(URL).status_code in (401, 403)


def test_kecamatan_carry_their_open_alerts_and_warehouses_their_shortages(
    client_for, staff, officer, district_with_states, paringin, awayan
):
    from tests.alerts.factories import AlertFactory
    from tests.logistics.factories import WarehouseFactory

    AlertFactory(district=paringin.district, kecamatan=paringin)
    AlertFactory(district=awayan.district, kecamatan=awayan, state="resolved")
    store = WarehouseFactory(district=paringin.district, name="Gudang Paringin", serves=[paringin])
    body = client_for(staff).get(URL, {"period": Q3.isoformat()}).json()
    props = {f["properties"]["code"]: f["properties"] for f in body["features"]}
    assert props["63.11.06"]["open_alerts"] == 1 and props["63.11.03"]["open_alerts"] == 0
    [point] = body["warehouses"]["features"]
    assert point["properties"]["name"] == "Gudang Paringin" and point["properties"]["shortages"] == 0
    assert point["geometry"]["coordinates"] == [store.lon, store.lat]
    # The officer of Paringin sees the store that serves Paringin; the alert count is theirs too.
    mine = client_for(officer).get(URL).json()
    assert len(mine["warehouses"]["features"]) == 1 and mine["features"][0]["properties"]["open_alerts"] == 1


def test_the_real_demo_districts_stay_within_the_district_map_size_target(db, client_for):
    """docs/performance.md: a district's map GeoJSON is at most 60 KB gzip-compressed."""
    import gzip

    from kecamatan.demo import seed_territory
    from kencana.accounts.demo import seed_users
    from kencana.accounts.models import User

    seed_territory()
    seed_users()
    for username, code, count in [("staff.balangan", "63.11", 8), ("staff.banjar", "63.03", 20)]:
        response = client_for(User.objects.get(username=username)).get(URL, {"district": code})
        features = response.json()["features"]
        assert len(features) == count and not any(f["properties"]["approximate"] for f in features)
        assert len(gzip.compress(response.content, 6)) <= 60_000
