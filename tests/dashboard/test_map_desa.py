"""The desa layer of the map: a kecamatan's or a district's desa, in the user's scope, cached like the map."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kecamatan.importers import region_codes_import
from kecamatan.models import Desa
from kencana.core.clock import local_today
from kencana.readiness import services
from kencana.readiness.destana import village_templates_import
from kencana.readiness.periods import period_bounds
from tests.factories import KecamatanFactory, square
from tests.readiness.factories import make_assignment

URL = "/api/v1/map/desa.geojson"


def add_desa(kecamatan, number: int, lon: float) -> Desa:
    code = f"{kecamatan.code}.{2000 + number}"
    return Desa.objects.create(
        kecamatan=kecamatan,
        code=code,
        name=f"Desa {number}",
        kind=Desa.kind_from_code(code),
        boundary_simplified=square(lon, -2.3, 0.01),
        centroid_lat=-2.295,
        centroid_lon=lon + 0.005,
    )


@pytest.fixture
def villages(paringin, awayan):
    """Two desa in Paringin (one a kelurahan), one in Awayan."""
    kelurahan = add_desa(paringin, 1, 115.40)
    kelurahan.code, kelurahan.kind, kelurahan.name = "63.11.06.1023", Desa.Kind.KELURAHAN, "Paringin Kota"
    kelurahan.save()
    add_desa(paringin, 2, 115.42)
    add_desa(awayan, 1, 115.50)


def codes(response) -> list[str]:
    return [f["properties"]["code"] for f in response.json()["features"]]


def test_a_kecamatans_desa_carry_their_simplified_outline_and_only_what_the_map_shows(client_for, staff, villages):
    response = client_for(staff).get(URL, {"kecamatan": "63.11.06"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    features = response.json()["features"]
    assert [f["properties"]["code"] for f in features] == ["63.11.06.1023", "63.11.06.2002"]
    kelurahan = features[0]
    assert kelurahan["geometry"] == square(115.40, -2.3, 0.01)
    assert kelurahan["properties"] == {
        "code": "63.11.06.1023",
        "name": "Paringin Kota",
        "kind": "Kelurahan",
        "kecamatan": "63.11.06",
        "label": [-2.295, 115.405],
        "tier": None,
    }


def test_a_desa_carries_the_tier_of_its_latest_verified_assessment_as_soon_as_it_is_verified(
    client_for, staff, officer, paringin, villages
):
    destana = village_templates_import(district=paringin.district, by=None)[0]
    destana.versions.update(state="published")
    assignment = make_assignment(destana.versions.get(), [paringin])
    desa = Desa.objects.get(code="63.11.06.2002")
    client = client_for(staff)
    assert [f["properties"]["tier"] for f in client.get(URL, {"kecamatan": "63.11.06"}).json()["features"]] == [
        None,
        None,
    ]  # the answer is now kept in the cache
    start = period_bounds("quarter", local_today(paringin.district.timezone))[0]
    report = services.report_open(assignment=assignment, kecamatan=paringin, period_start=start, by=officer, desa=desa)
    indicators = list(report.version.indicators.order_by("code"))
    services.answers_save(
        report=report,
        by=officer,
        entries=[services.AnswerInput(indicator=i, value="yes" if n < 40 else "no") for n, i in enumerate(indicators)],
    )
    services.report_submit(report=report, by=officer)
    services.report_verify(report=report, by=staff)
    features = client.get(URL, {"kecamatan": "63.11.06"}).json()["features"]
    assert [f["properties"]["tier"] for f in features] == [None, "Madya"]


def test_a_district_gives_every_desa_of_its_kecamatan_in_scope(client_for, staff, officer, villages):
    assert codes(client_for(staff).get(URL, {"district": "63.11"})) == [
        "63.11.03.2001",
        "63.11.06.1023",
        "63.11.06.2002",
    ]
    assert codes(client_for(officer).get(URL, {"district": "63.11"})) == ["63.11.06.1023", "63.11.06.2002"]


def test_several_kecamatan_can_be_asked_for_at_once(client_for, staff, villages):
    response = client_for(staff).get(URL, {"kecamatan": "63.11.03,63.11.06"})
    assert codes(response) == ["63.11.03.2001", "63.11.06.1023", "63.11.06.2002"]


@pytest.mark.parametrize(
    ("user", "params"),
    [
        ("officer", {"kecamatan": "63.11.03"}),  # another kecamatan of the district
        ("officer", {"kecamatan": "63.11.06,63.11.03"}),
        ("partner_staff", {"kecamatan": "63.11.06"}),  # a partner district sees only its own
        ("partner_staff", {"district": "63.11"}),
        ("staff", {"kecamatan": "63.11.99"}),  # no such kecamatan
        ("staff", {"district": "64.01"}),
    ],
)
def test_a_kecamatan_or_district_outside_the_scope_is_not_found(client_for, request, villages, user, params):
    assert client_for(request.getfixturevalue(user)).get(URL, params).status_code == 404


def test_without_a_kecamatan_or_district_it_says_what_to_give(client_for, staff, villages):
    response = client_for(staff).get(URL)
    assert response.status_code == 400
    with translation.override("id"):
        assert response.json() == {"kecamatan": ["Sebutkan kode kecamatan atau kabupaten/kota."]}


def test_anonymous_users_get_401(client, villages):
    assert client.get(URL, {"kecamatan": "63.11.06"}).status_code in (401, 403)


def test_an_unchanged_layer_answers_304_and_a_renamed_desa_changes_it(client_for, staff, villages):
    client = client_for(staff)
    first = client.get(URL, {"kecamatan": "63.11.06"})
    again = client.get(URL, {"kecamatan": "63.11.06"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    region_codes_import(data="kode,nama\n63.11.06.2002,Lasung Batu\n")  # a rename through the importer
    changed = client.get(URL, {"kecamatan": "63.11.06"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert [f["properties"]["name"] for f in changed.json()["features"]] == ["Paringin Kota", "Lasung Batu"]


def test_users_with_different_scopes_never_share_a_cached_layer(client_for, staff, officer, villages):
    assert len(codes(client_for(staff).get(URL, {"district": "63.11"}))) == 3
    assert len(codes(client_for(officer).get(URL, {"district": "63.11"}))) == 2


def test_the_query_count_does_not_grow_with_the_number_of_desa(client_for, staff, villages, balangan):
    client = client_for(staff)
    client.get(URL, {"district": "63.11"})  # warm the session and the user
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"district": "63.11"})
    lampihong = KecamatanFactory(district=balangan, code="63.11.05", name="Lampihong")
    for n in range(20):
        add_desa(lampihong, n + 1, 115.3 + n / 100)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"district": "63.11"})
    assert len(response.json()["features"]) == 23
    assert len(many) == len(few) <= 10
