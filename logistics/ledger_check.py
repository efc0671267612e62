"""Recompute every balance from the ledger and compare it with the stored balances."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .models import Balance, Movement


@dataclass(frozen=True)
class Difference:
    warehouse_id: int
    lot_id: int
    stored: Decimal
    ledger: Decimal


def ledger_differences(*, district_ids=None) -> list[Difference]:
    movements, balances = Movement.objects.all(), Balance.objects.all()
    if district_ids is not None:
        movements = movements.filter(warehouse__district_id__in=district_ids)
        balances = balances.filter(warehouse__district_id__in=district_ids)
    ledger = {
        (r["warehouse_id"], r["lot_id"]): r["total"]
        for r in movements.values("warehouse_id", "lot_id").annotate(total=Sum("quantity")).order_by()
    }
    stored = {
        (b["warehouse_id"], b["lot_id"]): b["quantity"] for b in balances.values("warehouse_id", "lot_id", "quantity")
    }
    differences = []
    for key in sorted(set(ledger) | set(stored)):
        expected, actual = ledger.get(key, Decimal(0)), stored.get(key, Decimal(0))
        if expected != actual:
            differences.append(Difference(key[0], key[1], actual, expected))
    return differences
