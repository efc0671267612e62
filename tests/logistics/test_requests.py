from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from logistics import selectors, services
from logistics.models import Balance, Request

from ..factories import today as districts_today
from .factories import item, receive


def file(by, kecamatan, lines=(("SLMT", 20),), **kwargs):
    values = {"destination_kind": "kecamatan", "reason": "Banjir di Desa Lok Batu", "people_affected": 120}
    values.update(kwargs)
    return services.request_create(
        by=by,
        kecamatan=kecamatan,
        lines=[services.RequestedLine(item(code), Decimal(q)) for code, q in lines],
        **values,
    )


@pytest.fixture
def stocked(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 100)
    receive(staff, main_warehouse, "TRPL", 40)
    return main_warehouse


def test_requests_are_numbered_per_district_and_year(officer, paringin, stocked):
    year = districts_today().year
    assert file(officer, paringin).number == f"REQ/63.11/{year}/0001"
    assert file(officer, paringin).number == f"REQ/63.11/{year}/0002"


def test_it_refuses_a_request_for_an_item_no_warehouse_stocks(officer, paringin, stocked):
    with pytest.raises(ValidationError, match="No warehouse of the district stocks Rubber boat"):
        file(officer, paringin, lines=[("PRH-KRT", 1)])
    assert not Request.objects.exists()


def test_it_refuses_zero_quantities_in_a_request(officer, paringin, stocked):
    with pytest.raises(ValidationError, match="more than zero"):
        file(officer, paringin, lines=[("SLMT", 0)])
    assert not Request.objects.exists()


def test_an_officer_files_only_for_their_own_kecamatan(officer, awayan, stocked):
    with pytest.raises(PermissionDenied, match="You do not file requests for Kecamatan Awayan"):
        file(officer, awayan)
    assert not Request.objects.exists()


def test_staff_approve_partially_dispatch_and_the_receiver_confirms(staff, officer, paringin, stocked):
    request = file(officer, paringin, lines=[("SLMT", 30), ("TRPL", 10)])
    lines = {line.item.code: line for line in request.lines.select_related("item")}
    with pytest.raises(PermissionDenied, match="Only BPBD staff of the district may do this"):
        services.request_approve(by=officer, request=request, approved={})
    with pytest.raises(ValidationError, match="more than the 30 requested"):
        services.request_approve(by=staff, request=request, approved={lines["SLMT"].pk: Decimal(31)})
    services.request_approve(
        by=staff, request=request, approved={lines["SLMT"].pk: Decimal(25), lines["TRPL"].pk: Decimal(0)}
    )
    request.refresh_from_db()
    assert request.status == Request.Status.APPROVED

    def send(quantity, code="SLMT"):
        return services.request_dispatch(
            by=staff,
            request=request,
            warehouse=stocked,
            lines=[services.IssueLine(item(code), Decimal(quantity))],
            business_date=districts_today(),
            vehicle="DA 8001 KB",
            driver="Rahmat",
            driver_phone="0812 5000 1234",
        )

    with pytest.raises(ValidationError, match="only 25 approved"):
        send(26)
    first = send(15)
    second = send(10)
    with pytest.raises(ValidationError, match="Only an approved request"):
        send(1)
    request.refresh_from_db()
    assert request.status == Request.Status.DISPATCHED
    assert sum(b.quantity for b in Balance.objects.filter(item__code="SLMT")) == 75
    services.shipment_receive(by=officer, document=first, received={}, received_date=districts_today())
    request.refresh_from_db()
    assert request.status == Request.Status.DISPATCHED
    services.shipment_receive(by=officer, document=second, received={}, received_date=districts_today())
    request.refresh_from_db()
    assert request.status == Request.Status.RECEIVED


def test_rejection_needs_a_reason_and_keeps_it(staff, officer, paringin, stocked):
    request = file(officer, paringin)
    with pytest.raises(ValidationError, match="Say why"):
        services.request_reject(by=staff, request=request, reason="  ")
    rejected = services.request_reject(by=staff, request=request, reason="Stok dipenuhi dari posko terdekat")
    rejected.refresh_from_db()
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "Stok dipenuhi dari posko terdekat")
    with pytest.raises(ValidationError, match="Only a submitted request can be approved"):
        services.request_approve(by=staff, request=request, approved={})


def test_an_officer_of_another_kecamatan_cannot_confirm_receipt(staff, officer, awayan_officer, paringin, stocked):
    request = file(officer, paringin)
    services.request_approve(by=staff, request=request, approved={})
    shipment = services.request_dispatch(
        by=staff,
        request=request,
        warehouse=stocked,
        lines=[services.IssueLine(item("SLMT"), Decimal(20))],
        business_date=districts_today(),
    )
    with pytest.raises(PermissionDenied, match="Only the receiver or BPBD staff may confirm this receipt"):
        services.shipment_receive(by=awayan_officer, document=shipment, received={}, received_date=districts_today())


def test_the_needs_gap_becomes_a_draft_request(staff, paringin, awayan, stocked, awayan_store):
    rows = selectors.needs_scenario(kecamatan=awayan, hazard=None, people=100, days=3)
    by_code = {row.item.code: row for row in rows}
    assert by_code["BRS"].required == 120  # 0.4 kg × 100 people × 3 days
    assert by_code["AIR"].required == 2100  # 7 L × 100 × 3 (the first 3 days)
    assert by_code["SLMT"].required == 100 and by_code["SLMT"].local == 0
    assert by_code["SLMT"].sources[0][0] == stocked and by_code["SLMT"].uncovered == 0
    request = services.request_from_needs(
        by=staff, kecamatan=awayan, hazard=None, people=100, days=3, gaps={row.item: row.gap for row in rows}
    )
    assert request.status == Request.Status.DRAFT and request.number is None
    assert {line.item.code for line in request.lines.all()} == {"SLMT", "TRPL"}  # only stocked items
    services.request_submit(by=staff, request=request)
    request.refresh_from_db()
    assert request.number.startswith("REQ/63.11/")


def test_water_needs_switch_to_the_full_rate_after_three_days(awayan, db):
    from logistics.models import Norm
    from logistics.needs import requirement

    water = Norm.objects.get(item__code="AIR")
    assert requirement(water, people=10, days=5) == 7 * 10 * 3 + 15 * 10 * 2
