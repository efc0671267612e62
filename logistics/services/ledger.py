"""The one place that writes movements and balances.

Balances are locked with ``select_for_update`` ordered by primary key, so two
transactions touching the same rows always lock them in the same order and
cannot deadlock each other; the ``balance_not_negative`` check constraint is the
backstop if a caller ever forgets to check availability.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q, Sum
from django.utils import timezone

from kencana.core import events

from ..models import Balance, Document, Lot, Movement


@dataclass(frozen=True)
class Entry:
    warehouse_id: int
    lot: Lot
    quantity: Decimal  # signed: positive in, negative out


def lock_balances(pairs: set[tuple[int, int]], *, item_of: dict[int, int]) -> dict[tuple[int, int], Balance]:
    """Balance rows of (warehouse_id, lot_id) pairs, created at zero if missing, locked in pk order."""
    if not pairs:
        return {}
    Balance.objects.bulk_create(
        [Balance(warehouse_id=w, lot_id=lot, item_id=item_of[lot]) for w, lot in sorted(pairs)],
        ignore_conflicts=True,
    )
    condition = reduce(or_, (Q(warehouse_id=w, lot_id=lot) for w, lot in sorted(pairs)))
    rows = Balance.objects.select_for_update().filter(condition).order_by("pk")
    return {(b.warehouse_id, b.lot_id): b for b in rows}


def lock_item_balances(*, warehouse_id: int, item_ids: set[int]) -> list[Balance]:
    """Every non-empty lot of these items in a warehouse, locked in pk order (for FEFO picking)."""
    rows = (
        Balance.objects.select_for_update()
        .filter(warehouse_id=warehouse_id, item_id__in=item_ids, quantity__gt=0)
        .order_by("pk")
    )
    return list(rows.select_related("lot"))


def available_from(*, warehouse_id: int, lot_ids: Iterable[int], on: datetime.date) -> dict[int, Decimal]:
    """For each lot, the least the warehouse holds at the end of any day from ``on`` onwards.

    That is what may leave on ``on`` without the stock card going below zero on that day
    or any later one (a backdated dispatch must not take what arrived only afterwards).
    A lot not yet received there by ``on`` has nothing available.
    """
    days: dict[int, dict[datetime.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (
        Movement.objects.filter(warehouse_id=warehouse_id, lot_id__in=list(lot_ids))
        .values_list("lot_id", "business_date", "quantity")
        .order_by()
    )
    for lot_id, day, quantity in rows:
        days[lot_id][day] += quantity
    available = {}
    for lot_id in lot_ids:
        by_day = days.get(lot_id, {})
        balance = sum((q for day, q in by_day.items() if day <= on), Decimal(0))
        lowest = balance
        for day in sorted(d for d in by_day if d > on):
            balance += by_day[day]
            lowest = min(lowest, balance)
        available[lot_id] = lowest
    return available


def negative_running_balances(*, district_ids=None) -> list[tuple[int, int, datetime.date, Decimal]]:
    """(warehouse, lot, first day, balance) wherever a stock card goes below zero at the end of some day."""
    movements = Movement.objects.all()
    if district_ids is not None:
        movements = movements.filter(warehouse__district_id__in=district_ids)
    rows = (
        movements.values("warehouse_id", "lot_id", "business_date")
        .annotate(total=Sum("quantity"))
        .order_by("warehouse_id", "lot_id", "business_date")
    )
    found, running, flagged = [], defaultdict(Decimal), set()
    for row in rows:
        key = (row["warehouse_id"], row["lot_id"])
        running[key] += row["total"]
        if running[key] < 0 and key not in flagged:
            flagged.add(key)
            found.append((*key, row["business_date"], running[key]))
    return found


def post(*, document: Document, entries: list[Entry], business_date: datetime.date) -> list[Movement]:
    """Append the movements and move the balances, in the caller's transaction.

    Callers have already checked availability with the rows locked; the check
    constraint refuses anything that would still go below zero.
    """
    deltas: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    item_of = {}
    for entry in entries:
        deltas[(entry.warehouse_id, entry.lot.pk)] += entry.quantity
        item_of[entry.lot.pk] = entry.lot.item_id
    balances = lock_balances(set(deltas), item_of=item_of)
    movements = Movement.objects.bulk_create(
        [
            Movement(
                document=document,
                warehouse_id=e.warehouse_id,
                lot=e.lot,
                item_id=e.lot.item_id,
                quantity=e.quantity,
                business_date=business_date,
            )
            for e in entries
        ]
    )
    now = timezone.now()
    changed = []
    for key, delta in deltas.items():
        if delta:
            balances[key].quantity += delta
            balances[key].updated_at = now
            changed.append(balances[key])
    if changed:
        Balance.objects.bulk_update(changed, ["quantity", "updated_at"])
    events.stock_changed.announce(
        district_id=document.district_id,
        warehouse_ids={w for w, _lot in deltas},
        item_ids=set(item_of.values()),
        document=document,
    )
    return movements
