import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from kencana.core import events
from logistics import selectors, services
from logistics.models import AdjustmentReason, Balance, Document, Lot, Movement

from ..factories import today as districts_today
from .factories import item, receive

DAY = datetime.timedelta(days=1)


def on_hand(warehouse, code):
    return sum(b.quantity for b in Balance.objects.filter(warehouse=warehouse, item__code=code))


def dispatch(by, warehouse, code, quantity, *, lot=None, on=None, key="", **kwargs):
    return services.dispatch_post(
        by=by,
        warehouse=warehouse,
        lines=[services.IssueLine(item(code), Decimal(str(quantity)), lot)],
        business_date=on or districts_today(),
        destination_text="Posko Desa Lok Batu",
        idempotency_key=key,
        **kwargs,
    )


def test_a_receipt_creates_a_lot_a_movement_and_a_balance(staff, main_warehouse, today):
    document = receive(staff, main_warehouse, "BRS", 1000, expiry=today + 300 * DAY)
    assert document.number == f"RCV/63.11/{document.business_date.year}/0001"
    lot = Lot.objects.get()
    assert lot.funding_source == "apbd_kabupaten" and lot.expiry_date == today + 300 * DAY
    assert Movement.objects.get().quantity == 1000
    assert on_hand(main_warehouse, "BRS") == 1000


@pytest.mark.parametrize(
    ("quantity", "reason"),
    [
        (0, r"must be more than zero \(got 0\)"),
        (-5, r"must be more than zero \(got -5\)"),
        ("abc", "abc is not a number"),
        ("1.0001", "at most three decimals"),
    ],
)
def test_it_refuses_a_receipt_quantity_that_is_not_positive(staff, main_warehouse, today, quantity, reason):
    with pytest.raises(ValidationError, match=reason):
        receive(staff, main_warehouse, "SLMT", quantity)
    assert not Document.objects.exists() and not Lot.objects.exists() and not Movement.objects.exists()


def test_it_refuses_an_expiry_before_the_date_received(staff, main_warehouse, today):
    with pytest.raises(ValidationError, match="before the date received"):
        receive(staff, main_warehouse, "BRS", 10, expiry=today - 40 * DAY, on=today - 10 * DAY)
    assert not Lot.objects.exists()


def test_it_refuses_a_perishable_item_without_expiry(staff, main_warehouse):
    with pytest.raises(ValidationError, match="perishable"):
        receive(staff, main_warehouse, "BRS", 10)
    assert not Document.objects.exists()


def test_it_refuses_a_movement_dated_in_the_future(staff, main_warehouse, today):
    with pytest.raises(ValidationError, match="in the future"):
        receive(staff, main_warehouse, "SLMT", 10, on=today + 2 * DAY)
    receive(staff, main_warehouse, "SLMT", 10)
    with pytest.raises(ValidationError, match="in the future"):
        dispatch(staff, main_warehouse, "SLMT", 1, on=today + 2 * DAY)
    assert on_hand(main_warehouse, "SLMT") == 10


def test_it_refuses_to_dispatch_more_than_available_and_changes_nothing(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 10)
    with pytest.raises(ValidationError, match="holds only 10 lembar of Blanket; 11 requested"):
        dispatch(staff, main_warehouse, "SLMT", 11)
    assert on_hand(main_warehouse, "SLMT") == 10
    assert Document.objects.filter(kind="dispatch").count() == 0 and Movement.objects.count() == 1


def test_it_refuses_zero_and_negative_dispatches(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 10)
    for quantity in (0, -3):
        with pytest.raises(ValidationError, match="more than zero"):
            dispatch(staff, main_warehouse, "SLMT", quantity)
    assert on_hand(main_warehouse, "SLMT") == 10


def test_equipment_needs_one_distinct_inventory_number_per_unit(staff, main_warehouse):
    with pytest.raises(ValidationError, match="2 distinct inventory numbers"):
        receive(staff, main_warehouse, "GNST", 2, numbers=["BLG-GNST-01"])
    with pytest.raises(ValidationError, match="whole units"):
        receive(staff, main_warehouse, "GNST", "1.5", numbers=["BLG-GNST-01"])
    receive(staff, main_warehouse, "GNST", 2, numbers=["BLG-GNST-01", "BLG-GNST-02"])
    assert sorted(Lot.objects.values_list("inventory_number", flat=True)) == ["BLG-GNST-01", "BLG-GNST-02"]
    with pytest.raises(ValidationError, match="already registered"):
        receive(staff, main_warehouse, "GNST", 1, numbers=["BLG-GNST-02"])


def test_posted_movements_cannot_be_changed_or_deleted(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 10)
    movement = Movement.objects.get()
    movement.quantity = 99
    with pytest.raises(ValidationError, match="Ledger lines cannot be changed"):
        movement.save()
    with pytest.raises(ValidationError, match="Ledger lines cannot be deleted"):
        movement.delete()
    with pytest.raises(ValidationError, match="Ledger lines cannot be changed"):
        Movement.objects.filter(pk=movement.pk).update(quantity=99)
    with pytest.raises(ValidationError, match="Ledger lines cannot be deleted"):
        Movement.objects.all().delete()


def test_the_database_refuses_to_update_a_movement(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 10)
    with (
        pytest.raises(DatabaseError, match="ledger lines cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE logistics_movement SET quantity = 99")
    assert Movement.objects.get().quantity == 10


def test_stock_as_of_a_past_date_is_computed_from_the_ledger(staff, main_warehouse, today):
    receive(staff, main_warehouse, "SLMT", 100, on=today - 30 * DAY)
    dispatch(staff, main_warehouse, "SLMT", 40, on=today - 10 * DAY)

    def total(as_of):
        return sum(r["quantity"] for r in selectors.balance_rows(user=staff, as_of=as_of))

    assert total(today - 31 * DAY) == 0
    assert total(today - 20 * DAY) == 100
    assert total(today - 10 * DAY) == 60
    assert total(None) == 60


def test_dispatch_picks_the_first_expiring_lot_first(staff, main_warehouse, today):
    receive(staff, main_warehouse, "BRS", 50, expiry=today + 200 * DAY, on=today - 20 * DAY)
    receive(staff, main_warehouse, "BRS", 30, expiry=today + 20 * DAY, on=today - 10 * DAY)
    document = dispatch(staff, main_warehouse, "BRS", 40)
    taken = {line.lot.expiry_date: line.quantity for line in document.lines.select_related("lot")}
    assert taken == {today + 20 * DAY: 30, today + 200 * DAY: 10}


def test_lots_without_an_expiry_date_go_last_however_old(staff, main_warehouse, today):
    receive(staff, main_warehouse, "SLMT", 20, expiry=None, on=today - 90 * DAY)
    receive(staff, main_warehouse, "SLMT", 30, expiry=today + 900 * DAY, on=today - 5 * DAY)
    document = dispatch(staff, main_warehouse, "SLMT", 35)
    taken = {line.lot.expiry_date: line.quantity for line in document.lines.select_related("lot")}
    assert taken == {today + 900 * DAY: 30, None: 5}


def test_a_chosen_lot_is_used_instead_of_fefo(staff, main_warehouse, today):
    receive(staff, main_warehouse, "BRS", 50, expiry=today + 200 * DAY)
    receive(staff, main_warehouse, "BRS", 30, expiry=today + 20 * DAY)
    later = Lot.objects.get(expiry_date=today + 200 * DAY)
    document = dispatch(staff, main_warehouse, "BRS", 10, lot=later)
    assert [line.lot for line in document.lines.all()] == [later]
    with pytest.raises(ValidationError, match="holds only 40"):
        dispatch(staff, main_warehouse, "BRS", 41, lot=later)


def test_a_transfer_is_in_transit_until_received(staff, main_warehouse, awayan_store, today):
    receive(staff, main_warehouse, "TRPL", 100)
    transfer = services.transfer_post(
        by=staff,
        warehouse=main_warehouse,
        destination_warehouse=awayan_store,
        lines=[services.IssueLine(item("TRPL"), Decimal(30))],
        business_date=today - DAY,
        vehicle="DA 1234 XY",
        driver="Rudi",
    )
    assert transfer.status == Document.Status.IN_TRANSIT and transfer.number.startswith("TRF/63.11/")
    assert on_hand(main_warehouse, "TRPL") == 70 and on_hand(awayan_store, "TRPL") == 0
    assert list(selectors.in_transit_to(warehouse=awayan_store)) == [transfer]
    line = transfer.lines.get()
    with pytest.raises(ValidationError, match="more than the 30 sent"):
        services.shipment_receive(by=staff, document=transfer, received={line.pk: Decimal(31)}, received_date=today)
    services.shipment_receive(by=staff, document=transfer, received={line.pk: Decimal(28)}, received_date=today)
    transfer.refresh_from_db()
    assert transfer.status == Document.Status.RECEIVED and transfer.handover_number.startswith("BAST/63.11/")
    assert on_hand(awayan_store, "TRPL") == 28
    with pytest.raises(ValidationError, match="already received"):
        services.shipment_receive(by=staff, document=transfer, received={}, received_date=today)
    assert on_hand(awayan_store, "TRPL") == 28


def test_goods_cannot_be_received_before_they_were_sent(staff, main_warehouse, awayan_store, today):
    receive(staff, main_warehouse, "TRPL", 10)
    transfer = services.transfer_post(
        by=staff,
        warehouse=main_warehouse,
        destination_warehouse=awayan_store,
        lines=[services.IssueLine(item("TRPL"), Decimal(5))],
        business_date=today,
    )
    with pytest.raises(ValidationError, match="before they were sent"):
        services.shipment_receive(by=staff, document=transfer, received={}, received_date=today - DAY)


def test_a_physical_count_posts_its_differences_as_an_adjustment(staff, main_warehouse, today):
    receive(staff, main_warehouse, "SLMT", 100)
    receive(staff, main_warehouse, "TRPL", 50)
    count = services.count_start(by=staff, warehouse=main_warehouse, business_date=today)
    assert count.status == Document.Status.DRAFT and count.lines.count() == 2
    lines = {line.item.code: line for line in count.lines.select_related("item")}
    services.count_record(by=staff, count=count, counted={lines["SLMT"].pk: Decimal(97)})
    with pytest.raises(ValidationError, match="Count every line"):
        services.count_post(by=staff, count=count)
    services.count_record(by=staff, count=count, counted={lines["TRPL"].pk: Decimal(50)})
    services.count_post(by=staff, count=count)
    count.refresh_from_db()
    adjustment = count.adjustment
    assert count.status == Document.Status.POSTED and adjustment.reason.code == "count-correction"
    assert [(line.item.code, line.quantity) for line in adjustment.lines.all()] == [("SLMT", -3)]
    assert on_hand(main_warehouse, "SLMT") == 97 and on_hand(main_warehouse, "TRPL") == 50
    with pytest.raises(ValidationError, match="already posted"):
        services.count_record(by=staff, count=count, counted={})


def test_an_adjustment_follows_its_reasons_direction(staff, main_warehouse, today):
    receive(staff, main_warehouse, "SLMT", 10)
    lot = Lot.objects.get()
    damaged, found = AdjustmentReason.objects.get(code="damaged"), AdjustmentReason.objects.get(code="found")
    with pytest.raises(ValidationError, match="only decreases"):
        services.adjustment_post(
            by=staff,
            warehouse=main_warehouse,
            reason=damaged,
            business_date=today,
            lines=[services.AdjustLine(lot, Decimal(2))],
        )
    with pytest.raises(ValidationError, match="cannot decrease by 11"):
        services.adjustment_post(
            by=staff,
            warehouse=main_warehouse,
            reason=damaged,
            business_date=today,
            lines=[services.AdjustLine(lot, Decimal(-11))],
        )
    services.adjustment_post(
        by=staff,
        warehouse=main_warehouse,
        reason=damaged,
        business_date=today,
        lines=[services.AdjustLine(lot, Decimal(-2))],
    )
    services.adjustment_post(
        by=staff,
        warehouse=main_warehouse,
        reason=found,
        business_date=today,
        lines=[services.AdjustLine(lot, Decimal(1))],
    )
    assert on_hand(main_warehouse, "SLMT") == 9


def test_a_retried_dispatch_with_the_same_key_moves_stock_once(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 10)
    first = dispatch(staff, main_warehouse, "SLMT", 4, key="retry-1")
    second = dispatch(staff, main_warehouse, "SLMT", 4, key="retry-1")
    assert first.pk == second.pk
    assert on_hand(main_warehouse, "SLMT") == 6
    assert Document.objects.filter(kind="dispatch").count() == 1


def test_a_retried_receipt_with_the_same_key_moves_stock_once(staff, main_warehouse):
    first = receive(staff, main_warehouse, "SLMT", 10, key="rcv-7")
    second = receive(staff, main_warehouse, "SLMT", 10, key="rcv-7")
    assert first.pk == second.pk and on_hand(main_warehouse, "SLMT") == 10


def test_a_retried_confirmation_of_receipt_counts_once(staff, main_warehouse, awayan_store, today):
    receive(staff, main_warehouse, "TRPL", 10)
    transfer = services.transfer_post(
        by=staff,
        warehouse=main_warehouse,
        destination_warehouse=awayan_store,
        lines=[services.IssueLine(item("TRPL"), Decimal(5))],
        business_date=today,
    )
    for _attempt in range(2):
        services.shipment_receive(
            by=staff, document=transfer, received={}, received_date=today, idempotency_key="bast-1"
        )
    assert on_hand(awayan_store, "TRPL") == 5


def test_officers_cannot_post_stock_documents(officer, main_warehouse):
    with pytest.raises(
        PermissionDenied, match="Only BPBD staff or the keeper may post documents for Gudang Utama Paringin"
    ):
        receive(officer, main_warehouse, "SLMT", 10)
    assert not Document.objects.exists()


def test_the_keeper_may_post_documents_for_their_warehouse(officer, main_warehouse):
    main_warehouse.keeper = officer
    main_warehouse.save()
    receive(officer, main_warehouse, "SLMT", 10)
    assert on_hand(main_warehouse, "SLMT") == 10


def test_stock_changes_are_announced_with_district_warehouses_and_items(staff, main_warehouse):
    seen = []

    def subscriber(**facts):
        seen.append((facts["district_id"], facts["warehouse_ids"], facts["item_ids"]))

    events.stock_changed.subscribe(subscriber)
    try:
        receive(staff, main_warehouse, "SLMT", 10)
    finally:
        events.stock_changed.unsubscribe(subscriber)
    assert seen == [(main_warehouse.district_id, {main_warehouse.pk}, {item("SLMT").pk})]


def test_check_ledger_is_clean_and_detects_a_tampered_balance(staff, main_warehouse, capsys):
    receive(staff, main_warehouse, "SLMT", 10)
    dispatch(staff, main_warehouse, "SLMT", 3)
    call_command("check_ledger")
    assert "agree" in capsys.readouterr().out
    Balance.objects.update(quantity=Decimal(8))
    with pytest.raises(CommandError, match="1 balance"):
        call_command("check_ledger")
    assert "balance 8, ledger 7" in capsys.readouterr().out
