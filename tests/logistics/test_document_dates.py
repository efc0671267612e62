"""Every stock document's date: not before the ledger starts, not in the future, nothing leaves before it arrived.

And check_ledger says so: it also walks every stock card day by day and fails when one goes below zero.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from logistics import services
from logistics.models import AdjustmentReason, Balance, Document, Movement

from ..factories import today as districts_today
from .factories import WarehouseFactory, item, receive

TODAY = districts_today()
LONG_AGO = datetime.date(1900, 1, 1)
TOMORROW = TODAY + datetime.timedelta(days=2)


@pytest.fixture
def store(balangan, paringin, staff):
    warehouse = WarehouseFactory(district=balangan, serves=[paringin])
    receive(staff, warehouse, "SLMT", 100, on=TODAY)
    return warehouse


@pytest.fixture
def other_store(balangan):
    return WarehouseFactory(district=balangan)


def post(kind: str, staff, store, other_store, when: datetime.date):
    lot = Balance.objects.get(warehouse=store).lot
    if kind == "receipt":
        return receive(staff, store, "TRPL", 5, on=when)
    if kind == "dispatch":
        return services.dispatch_post(
            by=staff,
            warehouse=store,
            lines=[services.IssueLine(item("SLMT"), Decimal(10))],
            business_date=when,
            destination_text="Posko",
        )
    if kind == "transfer":
        return services.transfer_post(
            by=staff,
            warehouse=store,
            destination_warehouse=other_store,
            lines=[services.IssueLine(item("SLMT"), Decimal(10))],
            business_date=when,
        )
    if kind == "adjustment":
        return services.adjustment_post(
            by=staff,
            warehouse=store,
            reason=AdjustmentReason.objects.get(code="damaged"),
            business_date=when,
            lines=[services.AdjustLine(lot, Decimal(-1))],
        )
    if kind == "count":
        return services.count_start(by=staff, warehouse=store, business_date=when)
    if kind == "receive":
        shipment = services.transfer_post(
            by=staff,
            warehouse=store,
            destination_warehouse=other_store,
            lines=[services.IssueLine(item("SLMT"), Decimal(10))],
            business_date=TODAY,
        )
        return services.shipment_receive(by=staff, document=shipment, received={}, received_date=when)
    raise AssertionError(kind)


KINDS = ["receipt", "dispatch", "transfer", "adjustment", "count", "receive"]


def documents() -> list:
    return list(Document.objects.order_by("pk").values_list("pk", "status"))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "when, reason",
    [(LONG_AGO, r"before the stock ledger starts \(1 Jan 2000\)"), (TOMORROW, "is in the future")],
)
def test_no_document_is_dated_before_the_ledger_or_in_the_future(kind, when, reason, staff, store, other_store):
    before = None if kind == "receive" else (documents(), Movement.objects.count())
    with pytest.raises(ValidationError, match=reason):
        post(kind, staff, store, other_store, when)
    if before is not None:
        assert (documents(), Movement.objects.count()) == before


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_document_is_accepted_today(kind, staff, store, other_store):
    assert post(kind, staff, store, other_store, TODAY).pk


def test_the_ledger_start_is_configurable(staff, store, settings):
    settings.LOGISTICS_LEDGER_START = TODAY - datetime.timedelta(days=7)
    with pytest.raises(ValidationError, match="before the stock ledger starts"):
        receive(staff, store, "TRPL", 5, on=TODAY - datetime.timedelta(days=8))


def test_stock_cannot_leave_before_it_arrived(staff, store, other_store):
    received = TODAY  # the blankets arrived today
    for kind in ("dispatch", "transfer", "adjustment"):
        with pytest.raises(ValidationError, match=r"holds only 0|received on|cannot decrease"):
            post(kind, staff, store, other_store, received - datetime.timedelta(days=30))
    assert Balance.objects.get(warehouse=store).quantity == 100
    assert not Document.objects.exclude(kind="receipt").exists()


def dispatch_ten_days_ago(staff, warehouse, code: str, quantity):
    """A dispatch of one item dated ten days back, its lots picked by the service (FEFO)."""
    return services.dispatch_post(
        by=staff,
        warehouse=warehouse,
        lines=[services.IssueLine(item(code), Decimal(quantity))],
        business_date=TODAY - datetime.timedelta(days=10),
        destination_text="Posko",
    )


def test_a_backdated_dispatch_cannot_take_what_arrived_later(staff, balangan):
    warehouse = WarehouseFactory(district=balangan)
    receive(staff, warehouse, "TRPL", 10, on=TODAY - datetime.timedelta(days=20))
    receive(staff, warehouse, "TRPL", 50, on=TODAY - datetime.timedelta(days=2))
    with pytest.raises(ValidationError, match="holds only 10 lembar of .* every day since; 30 requested"):
        dispatch_ten_days_ago(staff, warehouse, "TRPL", 30)
    backdated = dispatch_ten_days_ago(staff, warehouse, "TRPL", 10)
    assert backdated.lines.get().lot.received_on == TODAY - datetime.timedelta(days=20)


def test_a_backdated_dispatch_passes_over_the_first_lot_in_fefo_order_when_it_arrived_later(staff, balangan):
    """The first lot by expiry holds plenty today but had not arrived on the dispatch's date: the
    lots after it are read and picked, as if every lot had been read from the start."""
    warehouse = WarehouseFactory(district=balangan)
    receive(
        staff, warehouse, "BRS", 40, on=TODAY - datetime.timedelta(days=20), expiry=TODAY + datetime.timedelta(days=300)
    )
    receive(
        staff, warehouse, "BRS", 40, on=TODAY - datetime.timedelta(days=15), expiry=TODAY + datetime.timedelta(days=200)
    )
    receive(
        staff, warehouse, "BRS", 500, on=TODAY - datetime.timedelta(days=2), expiry=TODAY + datetime.timedelta(days=100)
    )
    backdated = dispatch_ten_days_ago(staff, warehouse, "BRS", 60)
    taken = sorted((line.lot.received_on, line.quantity) for line in backdated.lines.select_related("lot"))
    assert taken == [(TODAY - datetime.timedelta(days=20), 20), (TODAY - datetime.timedelta(days=15), 40)]
    with pytest.raises(ValidationError, match="holds only 20 kg of .* every day since; 21 requested"):
        dispatch_ten_days_ago(staff, warehouse, "BRS", 21)
    assert sorted(Balance.objects.filter(warehouse=warehouse).values_list("quantity", flat=True)) == [0, 20, 500]


def test_an_expiry_date_in_year_9999_is_refused(staff, store):
    with pytest.raises(ValidationError, match="more than 30 years away"):
        receive(staff, store, "BRS", 100, on=TODAY, expiry=datetime.date(9999, 12, 31))


def test_check_ledger_says_no_running_balance_is_ever_negative(staff, store, capsys):
    call_command("check_ledger")
    assert "no running balance is ever negative" in capsys.readouterr().out


def test_check_ledger_fails_when_a_stock_card_goes_below_zero_on_some_day(staff, store, capsys):
    """A movement written around the services (as the 1900 dispatch once was) is found."""
    lot = Balance.objects.get(warehouse=store).lot
    receipt = Document.objects.get(kind="receipt")
    Movement.objects.create(
        document=receipt,
        warehouse=store,
        lot=lot,
        item=lot.item,
        quantity=Decimal(-30),
        business_date=datetime.date(2001, 1, 1),
    )
    Movement.objects.create(
        document=receipt, warehouse=store, lot=lot, item=lot.item, quantity=Decimal(30), business_date=TODAY
    )
    with pytest.raises(CommandError, match="1 stock card"):
        call_command("check_ledger")
    assert "the stock card is at -30 on 2001-01-01" in capsys.readouterr().out
