"""Checks every logistics service shares: who may act, valid quantities and dates, numbering."""

import datetime
import hashlib
import json
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from kecamatan.models import District
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.clock import local_today
from kencana.core.errors import RequestConflict
from kencana.core.formats import day, number

from ..models import Counter, Item, Warehouse

QUANTUM = Decimal("0.001")


def district_today(district: District) -> datetime.date:
    """Today in the district's own time zone: a movement dated later is in the future there."""
    return local_today(district.timezone)


def check_business_date(*, district: District, value: datetime.date, field: str = "business_date") -> None:
    """Every stock document's date: not in the future (in the district's zone), not before the ledger starts."""
    if value is None:
        raise ValidationError({field: _("Give the date.")})
    if value > district_today(district):
        raise ValidationError({field: _("The date %(date)s is in the future.") % {"date": day(value)}})
    start = settings.LOGISTICS_LEDGER_START
    if value < start:
        raise ValidationError(
            {
                field: _("The date %(date)s is before the stock ledger starts (%(start)s).")
                % {"date": day(value), "start": day(start)}
            }
        )


def clean_quantity(value, *, item: Item, field: str = "quantity", allow_zero: bool = False) -> Decimal:
    """A positive quantity with at most three decimals; whole numbers for equipment."""
    try:
        quantity = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("%(value)s is not a number.") % {"value": value}}) from None
    if not quantity.is_finite():
        raise ValidationError({field: _("%(value)s is not a number.") % {"value": value}})
    if quantity < 0 or (quantity == 0 and not allow_zero):
        raise ValidationError(
            {
                field: _("The quantity of %(item)s must be more than zero (got %(value)s).")
                % {"item": item, "value": value}
            }
        )
    if quantity != quantity.quantize(QUANTUM):
        raise ValidationError({field: _("Quantities have at most three decimals.")})
    if item.is_equipment and quantity != quantity.to_integral_value():
        raise ValidationError({field: _("%(item)s is equipment: count whole units.") % {"item": item}})
    return quantity.quantize(QUANTUM)


def require_operator(user, warehouse: Warehouse) -> None:
    """The user may post stock documents for the warehouse, and it is open."""
    require(
        permissions.may_post_stock(user, warehouse),
        _("Only BPBD staff or the keeper may post documents for %(warehouse)s.") % {"warehouse": warehouse},
    )
    if not warehouse.is_active:
        raise ValidationError(_("%(warehouse)s is closed.") % {"warehouse": warehouse})


def next_number(*, district: District, prefix: str, year: int) -> str:
    """The next number in the district's series, e.g. ``REQ/63.11/2026/0001``.

    The conditional update holds the counter row's lock until the transaction ends,
    so two concurrent callers never get the same number, and a rolled-back caller
    leaves no gap.
    """
    counter, _created = Counter.objects.get_or_create(district=district, prefix=prefix, year=year)
    Counter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    last = Counter.objects.values_list("last", flat=True).get(pk=counter.pk)
    return f"{prefix}/{district.code}/{year}/{last:04d}"


def fmt(quantity: Decimal) -> str:
    """A quantity as people read it in their language: 30, 2,5 and 1.200 in Indonesian."""
    return number(quantity)


class IdempotencyKeyReused(RequestConflict):
    """An idempotency key sent again with a different request: refused, nothing posted (HTTP 422)."""


def fingerprint(**request) -> str:
    """A hash of what a keyed request asks for, to tell a retry from a different request."""
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def check_retry(*, stored: str, current: str) -> None:
    """A retry must ask for exactly what the first call with its key asked for."""
    if stored and stored != current:
        raise IdempotencyKeyReused(
            _("This idempotency key was already used for a different request; use a new key for a new document.")
        )
