"""The one place that writes movements and balances.

Balances are locked with ``select_for_update`` ordered by primary key, so two
transactions touching the same rows always lock them in the same order and
cannot deadlock each other; the ``balance_not_negative`` check constraint is the
backstop if a caller ever forgets to check availability.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Q
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
