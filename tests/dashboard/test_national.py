import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kencana.accounts.models import Role
from kencana.readiness.models import Assignment
from logistics.models import MinimumStock
from tests.alerts.factories import AlertFactory
from tests.factories import DistrictFactory, KecamatanFactory, UserFactory
from tests.logistics.factories import WarehouseFactory, item
from tests.plans.factories import ActionItemFactory

from .conftest import Q2, Q3, add_report


@pytest.fixture
def superuser(db):
    return UserFactory(username="nasional", district=None, role=Role.BPBD_ADMIN, is_superuser=True, is_staff=True)


def add_district(n: int, readiness_setup, province_code="63"):
    """A district of the given province with two kecamatan assigned the Balangan template:
    one verified Madya and one submitted in Q3, an open alert, an overdue item and a shortage."""
    from kecamatan.models import Province

    district = DistrictFactory(
        code=f"{province_code}.{70 + n}", name=f"Uji {n}", province=Province.objects.get(code=province_code)
    )
    first = KecamatanFactory(district=district, code=f"{district.code}.01")
    second = KecamatanFactory(district=district, code=f"{district.code}.02")
    assignment = Assignment.objects.create(district=district, version=readiness_setup.version, starts_on=Q2)
    assignment.kecamatan.set([first, second])
    add_report(assignment, first, Q3, "verified", score=60, tier="Madya")
    add_report(assignment, second, Q3, "submitted", score=40)
    AlertFactory(district=district, kecamatan=first, severity="severe")
    ActionItemFactory(plan__kecamatan=first, due_date=datetime.date(2026, 1, 5))
    store = WarehouseFactory(district=district, code=f"G{n}", serves=[first])
    MinimumStock.objects.create(warehouse=store, item=item("BRS"), mode="fixed", fixed_quantity=100)
    return district


def national(client, **params):
    response = client.get(reverse("home"), params)
    assert response.status_code == 200
    return response


def national_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        national(client)
    return len(queries)


def test_a_superuser_sees_every_district_with_figures_from_the_database(
    client_for, superuser, readiness_setup, balangan, paringin, awayan
):
    readiness_setup.kecamatan.set([paringin, awayan])
    add_report(readiness_setup, paringin, Q3, "verified", score=85, tier="Utama")
    add_report(readiness_setup, awayan, Q2, "verified", score=60, tier="Madya")  # stale in Q3
    AlertFactory(district=balangan, kecamatan=paringin, severity="extreme")
    AlertFactory(district=balangan, kecamatan=awayan, severity="minor", state="resolved")
    other = add_district(1, readiness_setup)

    response = national(client_for(superuser))
    summary = response.context["summary"]
    rows = {row.district.code: row for row in summary.rows}
    assert set(rows) == {"63.11", other.code}
    mine = rows["63.11"]
    assert mine.period.start == Q3
    assert mine.kecamatan_total == balangan.kecamatan.count()
    assert mine.states["verified"] == 1 and mine.states["stale"] == 1
    assert mine.tiers == {"Utama": 1}
    assert (mine.completeness["expected"], mine.completeness["submitted"], mine.completeness["verified"]) == (2, 1, 1)
    assert dict(mine.alerts) == {"extreme": 1}
    theirs = rows[other.code]
    assert (theirs.states["verified"], theirs.states["submitted"], theirs.kecamatan_total) == (1, 1, 2)
    assert (theirs.completeness["expected"], theirs.completeness["submitted"]) == (2, 2)
    assert (theirs.open_alerts, theirs.overdue_items, theirs.shortages) == (1, 1, 1)
    assert {t.tier: t.count for t in summary.tiers} == {"Pratama": 0, "Madya": 1, "Utama": 1}
    assert summary.totals.open_alerts == 2 and summary.totals.completeness["expected"] == 4
    page = response.text
    # One province in the country: nothing to choose, so no province chooser.
    assert "Semua kabupaten/kota" in page and 'name="province"' not in page
    assert f'href="/map/?district={other.code}"' in page


def test_the_overview_takes_the_same_queries_for_two_districts_as_for_six(client_for, superuser, readiness_setup):
    client = client_for(superuser)
    for n in range(2):
        add_district(n, readiness_setup)
    national(client)  # warm the session and the user
    two = national_queries(client)
    for n in range(2, 6):
        add_district(n, readiness_setup)
    assert len(national(client).context["summary"].rows) == 7  # with Balangan
    assert national_queries(client) == two
    assert two <= 16


def test_the_province_filter_keeps_one_provinces_districts(client_for, superuser, readiness_setup):
    south = add_district(1, readiness_setup)
    east = add_district(2, readiness_setup, province_code="64")
    response = national(client_for(superuser), province="64")
    summary = response.context["summary"]
    assert [row.district.code for row in summary.rows] == [east.code]
    assert summary.province.code == "64" and summary.totals.kecamatan_total == 2
    assert {p.code for p in summary.provinces} == {"63", "64"}
    assert f"district={east.code}" in response.context["map_url"] and south.code not in response.context["map_url"]
    assert 'name="province"' in response.text and "Semua provinsi" in response.text


def test_an_unknown_province_shows_every_district(client_for, superuser, readiness_setup):
    add_district(1, readiness_setup)
    summary = national(client_for(superuser), province="99").context["summary"]
    assert summary.province is None and len(summary.rows) == 2


def test_the_table_sorts_by_the_column_asked_for(client_for, superuser, readiness_setup, balangan):
    busy = add_district(1, readiness_setup)
    AlertFactory(district=busy, kecamatan=busy.kecamatan.first(), severity="minor")
    client = client_for(superuser)
    by_alerts = [row.district.code for row in national(client, sort="-alerts").context["rows"]]
    assert by_alerts == [busy.code, balangan.code]
    by_alerts_reversed = [row.district.code for row in national(client, sort="alerts").context["rows"]]
    assert by_alerts_reversed == [balangan.code, busy.code]
    links = national(client, sort="-alerts").context["sort_links"]
    assert links["alerts"] == "?sort=alerts" and links["name"] == "?sort=name"


def test_district_staff_still_get_their_district_dashboard(client_for, staff, readiness_setup):
    add_district(1, readiness_setup)
    response = client_for(staff).get(reverse("home"))
    assert "summary" in response.context and response.context["summary"].district.code == "63.11"
    assert response.templates[0].name == "dashboard/home_bpbd.html"


def test_partners_and_officers_are_unaffected(client_for, partner_staff, officer, readiness_setup):
    add_district(1, readiness_setup)
    partner = client_for(partner_staff).get(reverse("home"))
    assert partner.templates[0].name == "dashboard/home_partner.html"  # Banjar has not started reporting
    assert client_for(officer).get(reverse("home")).templates[0].name == "dashboard/home_officer.html"


def test_the_map_page_narrows_to_the_districts_asked_for(client_for, superuser, staff, readiness_setup):
    other = add_district(1, readiness_setup)
    page = client_for(superuser).get(reverse("dashboard:map"), {"district": other.code})
    assert page.status_code == 200 and f"district={other.code}" in page.context["data_url"]
    assert client_for(staff).get(reverse("dashboard:map"), {"district": other.code}).status_code == 404


def test_a_kept_row_comes_back_from_the_cache_with_its_tallies_and_tier_mix():
    """The rows are kept pickled (a national page reads 514 of them); what comes back counts the
    same, says 0 for what it never counted, and is still a tally to add to."""
    import pickle

    from kencana.dashboard.selectors import DistrictRef, DistrictRow, Tally, TierCount

    row = DistrictRow(district=DistrictRef(1, "63.11", "Balangan", "Kabupaten Balangan", 22), period=None)
    row.states.update({"verified": 3, "stale": 1})
    row.alerts["extreme"] += 2
    row.tier_mix = [TierCount("Pratama", 1), TierCount("Utama", 2)]
    again = pickle.loads(pickle.dumps(row, pickle.HIGHEST_PROTOCOL))  # noqa: S301 (our own bytes)
    assert type(again.states) is Tally and again.states == {"verified": 3, "stale": 1}
    assert again.states["submitted"] == 0 and again.open_alerts == 2
    again.states.update(["verified"])
    assert again.states["verified"] == 4
    assert again.tier_mix == [("Pratama", 1), ("Utama", 2)] and again.tier_mix[1].count == 2
