"""Real concurrency on PostgreSQL: threads with their own connections race for the same rows."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from logistics import services
from logistics.models import Balance, Document, Lot

from ..factories import today as districts_today
from .factories import item, receive

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def race(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads released together; return each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def dispatch(staff, warehouse, quantity, key=""):
    return services.dispatch_post(
        by=staff,
        warehouse=warehouse,
        lines=[services.IssueLine(item("SLMT"), Decimal(quantity))],
        business_date=districts_today(),
        destination_text="Posko Awayan",
        idempotency_key=key,
    )


def test_sixteen_concurrent_dispatches_never_overdraw_the_lot(staff, main_warehouse, capsys):
    receive(staff, main_warehouse, "SLMT", 50)
    results = race(16, lambda i: dispatch(staff, main_warehouse, 7))
    succeeded = [r for r in results if isinstance(r, Document)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(succeeded) == 7 and len(refused) == 9, results
    assert Balance.objects.get().quantity == 1
    assert len({d.number for d in succeeded}) == 7
    call_command("check_ledger")
    assert "agree" in capsys.readouterr().out


def test_concurrent_receipts_and_dispatches_keep_the_ledger_exact(staff, main_warehouse, capsys):
    receive(staff, main_warehouse, "SLMT", 20)

    def work(i):
        if i % 2:
            return receive(staff, main_warehouse, "SLMT", 5, on=districts_today())
        return dispatch(staff, main_warehouse, 6)

    results = race(16, work)
    dispatched = [r for r in results if isinstance(r, Document) and r.kind == "dispatch"]
    assert all(isinstance(r, Document | ValidationError) for r in results), results
    total = sum(b.quantity for b in Balance.objects.all())
    assert total == 20 + 8 * 5 - 6 * len(dispatched)
    assert not Balance.objects.filter(quantity__lt=0).exists()
    call_command("check_ledger")
    assert "agree" in capsys.readouterr().out


def test_concurrent_retries_with_one_key_dispatch_once(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 50)
    results = race(6, lambda i: dispatch(staff, main_warehouse, 5, key="same-key"))
    assert all(isinstance(r, Document) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Balance.objects.get(lot=Lot.objects.get()).quantity == 45


def test_concurrent_submissions_get_consecutive_request_numbers(staff, main_warehouse, paringin):
    receive(staff, main_warehouse, "SLMT", 50)

    def file(i):
        return services.request_create(
            by=staff,
            kecamatan=paringin,
            destination_kind="kecamatan",
            reason="Banjir",
            people_affected=100,
            lines=[services.RequestedLine(item("SLMT"), Decimal(10))],
        ).number

    numbers = race(8, file)
    year = districts_today().year
    assert sorted(numbers) == [f"REQ/63.11/{year}/{n:04d}" for n in range(1, 9)], numbers


def test_dispatches_transfers_and_adjustments_of_one_lot_at_once_are_refused_cleanly(
    staff, main_warehouse, awayan_store, capsys
):
    """Each kind numbers its documents on its own counter, so only the balance lock serialises
    different kinds: without it they overdraw past the check constraint (an IntegrityError)."""
    from logistics.models import AdjustmentReason

    receive(staff, main_warehouse, "SLMT", 30)
    lot = Lot.objects.get()
    damaged = AdjustmentReason.objects.get(code="damaged")

    def work(i):
        kind = i % 3
        if kind == 0:
            return dispatch(staff, main_warehouse, 7)
        if kind == 1:
            return services.transfer_post(
                by=staff,
                warehouse=main_warehouse,
                destination_warehouse=awayan_store,
                lines=[services.IssueLine(item("SLMT"), Decimal(7))],
                business_date=districts_today(),
            )
        return services.adjustment_post(
            by=staff,
            warehouse=main_warehouse,
            reason=damaged,
            business_date=districts_today(),
            lines=[services.AdjustLine(lot, Decimal(-7))],
        )

    results = race(12, work)
    refused = [r for r in results if isinstance(r, ValidationError)]
    posted = [r for r in results if isinstance(r, Document)]
    assert len(posted) + len(refused) == 12, results  # nothing else: no IntegrityError, no deadlock
    assert len(posted) == 4
    assert Balance.objects.get(warehouse=main_warehouse).quantity == 2
    call_command("check_ledger")
    assert "agree" in capsys.readouterr().out
