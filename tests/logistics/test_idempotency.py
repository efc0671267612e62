"""An Idempotency-Key names one request: its retry gets the first document, a different request gets 422.

As the IETF Idempotency-Key draft and Stripe answer: the key was reused with a different request.
"""

import datetime

import pytest
from rest_framework.test import APIClient

from logistics.models import Balance, Document, Request

from ..factories import today as districts_today
from .factories import receive

TODAY = districts_today()


@pytest.fixture
def api(staff):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(staff)
    return client


@pytest.fixture
def stocked(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 100, on=TODAY - datetime.timedelta(days=10))
    return main_warehouse


def receipt(warehouse, quantity: str, item: str = "TRPL") -> dict:
    return {
        "warehouse": warehouse.pk,
        "business_date": TODAY.isoformat(),
        "funding_source": "apbd_kabupaten",
        "lines": [{"item": item, "quantity": quantity}],
    }


def dispatch(warehouse, quantity: str) -> dict:
    return {
        "warehouse": warehouse.pk,
        "business_date": TODAY.isoformat(),
        "destination_text": "Posko Lok Batu",
        "lines": [{"item": "SLMT", "quantity": quantity}],
    }


def test_a_receipt_key_reused_with_a_different_body_is_422_and_posts_nothing(api, main_warehouse):
    first = api.post(
        "/api/v1/logistics/receipts/", receipt(main_warehouse, "20"), format="json", HTTP_IDEMPOTENCY_KEY="r-1"
    )
    assert first.status_code == 201
    other = api.post(
        "/api/v1/logistics/receipts/", receipt(main_warehouse, "35", "MTRS"), format="json", HTTP_IDEMPOTENCY_KEY="r-1"
    )
    assert other.status_code == 422
    assert "already used for a different request" in other.json()["detail"]
    assert Document.objects.filter(kind="receipt").count() == 1
    assert sorted(b.quantity for b in Balance.objects.all()) == [20]


def test_the_same_body_again_is_a_retry(api, main_warehouse):
    body = receipt(main_warehouse, "20")
    first = api.post("/api/v1/logistics/receipts/", body, format="json", HTTP_IDEMPOTENCY_KEY="r-2")
    body["lines"][0]["quantity"] = "20.000"  # the same amount written otherwise
    again = api.post("/api/v1/logistics/receipts/", body, format="json", HTTP_IDEMPOTENCY_KEY="r-2")
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]


def test_a_retry_in_another_language_is_the_same_request(staff, stocked, awayan_store):
    """Every fingerprint writes amounts the same in every language: 2500 is "2.500" to an
    Indonesian reader and "2,500" to an English one, and a phone may retry in either."""
    indonesian, english = APIClient(HTTP_ACCEPT_LANGUAGE="id"), APIClient(HTTP_ACCEPT_LANGUAGE="en")
    for client in (indonesian, english):
        client.force_authenticate(staff)

    def twice(url, body, key):
        first = indonesian.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
        again = english.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
        assert first.status_code in (200, 201) and again.status_code == first.status_code, again.content
        return first.json(), again.json()

    first, again = twice("/api/v1/logistics/receipts/", receipt(stocked, "2500", "SLMT"), "lang-r")
    assert again["id"] == first["id"]
    first, again = twice("/api/v1/logistics/dispatches/", dispatch(stocked, "1250"), "lang-d")
    assert again["id"] == first["id"]
    body = {**dispatch(stocked, "1200"), "destination_warehouse": awayan_store.pk}
    shipment = indonesian.post("/api/v1/logistics/transfers/", body, format="json").json()
    got = {"received_date": TODAY.isoformat(), "lines": [{"line": shipment["lines"][0]["id"], "quantity": "1100"}]}
    twice(f"/api/v1/logistics/transfers/{shipment['id']}/receive/", got, "lang-t")
    assert Document.objects.filter(kind="receipt").count() == 2  # the stock the fixture received, and this one
    assert Balance.objects.get(warehouse=awayan_store).quantity == 1100
    assert sum(b.quantity for b in Balance.objects.filter(warehouse=stocked)) == 100 + 2500 - 1250 - 1200


def test_a_dispatch_key_reused_with_a_different_body_is_422(api, stocked):
    assert (
        api.post("/api/v1/logistics/dispatches/", dispatch(stocked, "30"), format="json", HTTP_IDEMPOTENCY_KEY="d-1")
    ).status_code == 201
    other = api.post(
        "/api/v1/logistics/dispatches/", dispatch(stocked, "40"), format="json", HTTP_IDEMPOTENCY_KEY="d-1"
    )
    assert other.status_code == 422
    assert Balance.objects.get(warehouse=stocked).quantity == 70


def test_a_key_used_for_another_kind_of_document_is_422(api, stocked):
    api.post("/api/v1/logistics/receipts/", receipt(stocked, "20"), format="json", HTTP_IDEMPOTENCY_KEY="x-1")
    other = api.post("/api/v1/logistics/dispatches/", dispatch(stocked, "5"), format="json", HTTP_IDEMPOTENCY_KEY="x-1")
    assert other.status_code == 422 and not Document.objects.filter(kind="dispatch").exists()


def test_a_receive_key_reused_with_different_quantities_is_422(api, stocked, awayan_store):
    body = {**dispatch(stocked, "30"), "destination_warehouse": awayan_store.pk}
    shipment = api.post("/api/v1/logistics/transfers/", body, format="json").json()
    line = shipment["lines"][0]["id"]
    url = f"/api/v1/logistics/transfers/{shipment['id']}/receive/"
    got = {"received_date": TODAY.isoformat(), "lines": [{"line": line, "quantity": "30"}]}
    assert api.post(url, got, format="json", HTTP_IDEMPOTENCY_KEY="t-1").status_code == 200
    assert api.post(url, got, format="json", HTTP_IDEMPOTENCY_KEY="t-1").status_code == 200
    short = {"received_date": TODAY.isoformat(), "lines": [{"line": line, "quantity": "25"}]}
    assert api.post(url, short, format="json", HTTP_IDEMPOTENCY_KEY="t-1").status_code == 422
    assert Balance.objects.get(warehouse=awayan_store).quantity == 30


def test_a_request_dispatch_key_reused_with_a_different_body_is_422(api, stocked, officer, paringin):
    officer_api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    officer_api.force_authenticate(officer)
    filed = officer_api.post(
        "/api/v1/logistics/requests/",
        {
            "kecamatan": paringin.code,
            "destination_kind": "kecamatan",
            "reason": "Banjir",
            "people_affected": 40,
            "lines": [{"item": "SLMT", "quantity": "50"}],
        },
        format="json",
    ).json()
    assert api.post(f"/api/v1/logistics/requests/{filed['id']}/approve/", {}, format="json").status_code == 200
    url = f"/api/v1/logistics/requests/{filed['id']}/dispatch/"
    body = {"warehouse": stocked.pk, "business_date": TODAY.isoformat(), "lines": [{"item": "SLMT", "quantity": "20"}]}
    assert api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="q-1").status_code == 201
    body["lines"][0]["quantity"] = "30"
    assert api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="q-1").status_code == 422
    assert Request.objects.get(pk=filed["id"]).dispatches.count() == 1
