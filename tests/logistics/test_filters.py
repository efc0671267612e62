"""The document and request lists filter the same way on the page and in the API."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

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
