"""The logistics lists filter the same way on the page and in the API (``logistics/filters.py``)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from logistics import services

from ..factories import today as districts_today
from .factories import item, receive


@pytest.fixture
def two_kinds(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 50, on=districts_today() - datetime.timedelta(days=3))
    return services.dispatch_post(
        by=staff,
        warehouse=main_warehouse,
        lines=[services.IssueLine(item("SLMT"), Decimal(5))],
        business_date=districts_today(),
        destination_text="Posko Paringin",
    )


def test_the_documents_page_filters_by_kind_and_ignores_an_unknown_one(client_for, staff, two_kinds):
    client = client_for(staff)
    receipts = client.get(reverse("logistics:document_list"), {"kind": "receipt"}).context["documents"]
    assert [d.kind for d in receipts] == ["receipt"]
    everything = client.get(reverse("logistics:document_list"), {"kind": "nonsense"}).context["documents"]
    assert sorted(d.kind for d in everything) == ["dispatch", "receipt"]


def test_the_requests_page_and_api_filter_by_status_alike(client_for, officer, paringin, staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 50)
    values = {"destination_kind": "kecamatan", "reason": "Banjir", "people_affected": 10}
    lines = [services.RequestedLine(item("SLMT"), Decimal(5))]
    submitted = services.request_create(by=officer, kecamatan=paringin, lines=lines, **values)
    rejected = services.request_create(by=officer, kecamatan=paringin, lines=lines, **values)
    services.request_reject(by=staff, request=rejected, reason="Stok posko cukup")
    client = client_for(staff)
    page = client.get(reverse("logistics:request_list"), {"status": "rejected"}).context["requests"]
    api = client.get("/api/v1/logistics/requests/", {"status": "rejected"}).json()["results"]
    assert [r.pk for r in page] == [r["id"] for r in api] == [rejected.pk]
    assert submitted.pk not in [
        r["id"] for r in client.get("/api/v1/logistics/requests/", {"status": "rejected"}).json()["results"]
    ]
    assert client.get("/api/v1/logistics/requests/", {"status": "nonsense"}).status_code == 400


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_authenticate(staff)
    return client


def test_movements_are_filtered_by_warehouse_and_item(api, staff, main_warehouse, awayan_store):
    receive(staff, main_warehouse, "SLMT", 10)
    receive(staff, main_warehouse, "TRPL", 5)
    receive(staff, awayan_store, "SLMT", 7)
    rows = api.get("/api/v1/logistics/movements/", {"warehouse": main_warehouse.pk, "item": "SLMT"}).json()
    assert [(row["warehouse"], row["quantity"]) for row in rows["results"]] == [(main_warehouse.pk, "10.000")]


def test_a_warehouse_that_is_not_an_id_is_named_in_a_400(api, staff, main_warehouse):
    services.minimum_set(by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=50)
    for url in ("/api/v1/logistics/movements/", "/api/v1/logistics/minimums/"):
        for value in ("gudang", "-2.4e+238", str(2**64)):
            answer = api.get(url, {"warehouse": value})
            assert answer.status_code == 400 and "warehouse" in answer.json()


def test_minimums_are_filtered_by_warehouse(api, staff, main_warehouse, awayan_store):
    services.minimum_set(by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=50)
    services.minimum_set(by=staff, warehouse=awayan_store, item=item("SLMT"), mode="fixed", fixed_quantity=20)
    rows = api.get("/api/v1/logistics/minimums/", {"warehouse": awayan_store.pk}).json()["results"]
    assert [(row["warehouse"], row["fixed_quantity"]) for row in rows] == [(awayan_store.pk, "20.000")]


# --- Arguments of the computed reports: a bad value is the default on a page, a 400 in the API ---


@pytest.mark.parametrize(
    "query",
    [
        {"as_of": "2026-13-45"},
        {"category": "garbage"},
        {"warehouse": "abc"},
        {"warehouse": "9" * 40},
        {"as_of": "kemarin", "category": "garbage", "warehouse": "-1"},
    ],
)
def test_the_balances_page_shows_todays_stock_of_every_category_for_a_bad_value(client_for, staff, two_kinds, query):
    page = client_for(staff).get(reverse("logistics:balance_list"), query)
    assert page.status_code == 200
    assert page.context["filters"] == {"as_of": None, "category": ""} and page.context["warehouse"] is None
    assert [row["quantity"] for row in page.context["page"].object_list] == [45]


def test_the_balances_api_names_the_parameter_it_cannot_read(api, two_kinds):
    for name, value in (("as_of", "2026-13-45"), ("category", "garbage"), ("warehouse", "abc")):
        answer = api.get("/api/v1/logistics/balances/", {name: value})
        assert answer.status_code == 400 and list(answer.json()) == [name]
    assert api.get("/api/v1/logistics/balances/", {"as_of": districts_today().isoformat()}).status_code == 200


def test_the_balances_of_a_warehouse_outside_the_scope_are_a_404(client_for, partner_staff, two_kinds, main_warehouse):
    page = client_for(partner_staff).get(reverse("logistics:balance_list"), {"warehouse": main_warehouse.pk})
    assert page.status_code == 404


def test_the_expiry_watch_keeps_90_days_for_an_unknown_window(client_for, staff, two_kinds):
    client = client_for(staff)
    assert client.get(reverse("logistics:expiry_watch"), {"within": "30"}).context["within"] == 30
    for within in ("45", "xyz", ""):
        page = client.get(reverse("logistics:expiry_watch"), {"within": within, "warehouse": "abc"})
        assert page.status_code == 200 and page.context["within"] == 90 and page.context["warehouse"] is None


def test_the_shortages_page_ignores_an_unknown_category_or_warehouse(client_for, staff, two_kinds):
    page = client_for(staff).get(reverse("logistics:shortage_list"), {"category": "garbage", "warehouse": "x"})
    assert page.status_code == 200 and (page.context["category"], page.context["warehouse"]) == ("", None)


def test_the_stock_card_ignores_a_bad_day(client_for, staff, two_kinds, main_warehouse):
    url = reverse("logistics:stock_card", args=[main_warehouse.pk, "SLMT"])
    page = client_for(staff).get(url, {"from": "2026-13-45", "to": "besok"})
    assert page.status_code == 200 and (page.context["date_from"], page.context["date_to"]) == (None, None)
    assert len(page.context["lines"]) == 2


def test_the_shortages_page_shows_one_districts_warehouses_when_asked_and_all_for_a_bad_code(
    client_for, province_staff, staff, partner_staff, main_warehouse, banjar_warehouse
):
    services.minimum_set(by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=50)
    services.minimum_set(
        by=partner_staff, warehouse=banjar_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=5
    )
    url = reverse("logistics:shortage_list")
    for district in (main_warehouse.district, banjar_warehouse.district):
        one = client_for(province_staff).get(url, {"district": district.code})
        assert 'data-total="1"' in one.text, district
        assert f"<strong>{district.display_name}</strong>" in one.text and "Tampilkan semua" in one.text
        assert f'name="district" value="{district.code}"' in one.text
    for bad in ("63", "63.11\x00", "x" * 50):
        every = client_for(province_staff).get(url, {"district": bad})
        assert every.status_code == 200 and 'data-total="2"' in every.text, bad
