import datetime

import pytest
from rest_framework.test import APIClient

from logistics.models import Balance, Document, Request

from ..factories import today as districts_today
from .factories import item, receive


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def stocked(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 100, on=districts_today() - datetime.timedelta(days=10))
    return main_warehouse


def dispatch_body(warehouse, quantity):
    return {
        "warehouse": warehouse.pk,
        "business_date": districts_today().isoformat(),
        "destination_text": "Posko Desa Lok Batu",
        "lines": [{"item": "SLMT", "quantity": str(quantity)}],
    }


def test_a_retried_dispatch_with_the_same_idempotency_key_moves_stock_once(api, staff, stocked):
    api.force_authenticate(staff)
    first = api.post(
        "/api/v1/logistics/dispatches/", dispatch_body(stocked, 30), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    second = api.post(
        "/api/v1/logistics/dispatches/", dispatch_body(stocked, 30), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == 201 and second.status_code == 201
    assert first.json()["number"] == second.json()["number"]
    assert Balance.objects.get().quantity == 70


def test_an_over_dispatch_is_a_400_with_the_reason(api, staff, stocked):
    api.force_authenticate(staff)
    response = api.post("/api/v1/logistics/dispatches/", dispatch_body(stocked, 101), format="json")
    assert response.status_code == 400 and "holds only 100" in str(response.json())
    assert not Document.objects.filter(kind="dispatch").exists()


def test_balances_as_of_a_date_and_as_csv(api, staff, stocked):
    api.force_authenticate(staff)
    api.post("/api/v1/logistics/dispatches/", dispatch_body(stocked, 30), format="json")
    now = api.get("/api/v1/logistics/balances/").json()
    assert [row["quantity"] for row in now] == ["70.000"]
    earlier = (districts_today() - datetime.timedelta(days=1)).isoformat()
    assert [row["quantity"] for row in api.get("/api/v1/logistics/balances/", {"as_of": earlier}).json()] == ["100.000"]
    before = (districts_today() - datetime.timedelta(days=11)).isoformat()
    assert api.get("/api/v1/logistics/balances/", {"as_of": before}).json() == []
    csv_response = api.get("/api/v1/logistics/balances/", {"format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv") and "SLMT" in csv_response.content.decode()


def test_an_officer_files_and_staff_approve_through_the_api(api, officer, staff, stocked, paringin):
    api.force_authenticate(officer)
    body = {
        "kecamatan": paringin.code,
        "destination_kind": "kecamatan",
        "reason": "Banjir",
        "people_affected": 50,
        "lines": [{"item": "SLMT", "quantity": "20"}],
    }
    created = api.post("/api/v1/logistics/requests/", body, format="json")
    assert created.status_code == 201 and created.json()["number"].startswith("REQ/63.11/")
    pk = created.json()["id"]
    assert api.post(f"/api/v1/logistics/requests/{pk}/approve/", {}, format="json").status_code == 403
    api.force_authenticate(staff)
    line = created.json()["lines"][0]["id"]
    approved = api.post(
        f"/api/v1/logistics/requests/{pk}/approve/", {"lines": [{"line": line, "quantity": "15"}]}, format="json"
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    sent = api.post(
        f"/api/v1/logistics/requests/{pk}/dispatch/",
        {
            "warehouse": stocked.pk,
            "business_date": districts_today().isoformat(),
            "lines": [{"item": "SLMT", "quantity": "15"}],
        },
        format="json",
    )
    assert sent.status_code == 201
    api.force_authenticate(officer)
    received = api.post(
        f"/api/v1/logistics/dispatches/{sent.json()['id']}/receive/",
        {"received_date": districts_today().isoformat()},
        format="json",
    )
    assert received.status_code == 200 and received.json()["status"] == "received"
    assert Request.objects.get().status == "received"


def test_a_request_for_an_unstocked_item_is_refused(api, officer, stocked, paringin):
    api.force_authenticate(officer)
    body = {
        "kecamatan": paringin.code,
        "destination_kind": "kecamatan",
        "reason": "Banjir",
        "people_affected": 50,
        "lines": [{"item": "PRH-KRT", "quantity": "1"}],
    }
    response = api.post("/api/v1/logistics/requests/", body, format="json")
    assert response.status_code == 400 and "stocks" in str(response.json())


def test_the_api_keeps_to_the_users_scope(api, awayan_officer, partner_staff, stocked, awayan_store):
    api.force_authenticate(awayan_officer)
    assert [w["code"] for w in api.get("/api/v1/logistics/warehouses/").json()["results"]] == ["AWY"]
    assert api.get(f"/api/v1/logistics/warehouses/{stocked.pk}/").status_code == 404
    assert api.get("/api/v1/logistics/balances/", {"warehouse": stocked.pk}).status_code == 404
    api.force_authenticate(partner_staff)
    assert api.get("/api/v1/logistics/movements/").json()["results"] == []
    response = api.post("/api/v1/logistics/dispatches/", dispatch_body(stocked, 1), format="json")
    assert response.status_code == 400 and Balance.objects.get().quantity == 100


def test_officers_cannot_post_receipts(api, officer, main_warehouse):
    api.force_authenticate(officer)
    body = {
        "warehouse": main_warehouse.pk,
        "business_date": districts_today().isoformat(),
        "funding_source": "apbn",
        "lines": [{"item": "SLMT", "quantity": "5"}],
    }
    response = api.post("/api/v1/logistics/receipts/", body, format="json")
    assert response.status_code in (400, 403) and not Document.objects.exists()
    assert item("SLMT").lots.count() == 0
