"""Requests from the field: file, submit, approve (possibly partially) or reject, dispatch, receive."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kecamatan.models import Hazard, Kecamatan
from kencana.accounts import permissions
from kencana.accounts.permissions import require

from ..models import Balance, Document, Item, MinimumStock, Request, RequestLine, Warehouse
from .common import check_retry, clean_quantity, district_today, fmt, next_number
from .documents import IssueLine, dispatch_post, shipment_fingerprint
from .fulfilment import outstanding, request_refresh_status

REQUEST_PREFIX = "REQ"


@dataclass(frozen=True)
class RequestedLine:
    item: Item
    quantity: Decimal


def stocked_item_ids(*, district_id: int) -> set[int]:
    """Items some warehouse of the district stocks: it holds a lot of it or keeps a minimum for it."""
    held = Balance.objects.filter(warehouse__district_id=district_id, warehouse__is_active=True).values_list(
        "item_id", flat=True
    )
    kept = MinimumStock.objects.filter(warehouse__district_id=district_id, warehouse__is_active=True).values_list(
        "item_id", flat=True
    )
    return set(held) | set(kept)


def _check_lines(*, district_id: int, lines: Sequence[RequestedLine]) -> list[RequestedLine]:
    if not lines:
        raise ValidationError(_("Add at least one item."))
    items = [line.item.pk for line in lines]
    if len(set(items)) != len(items):
        raise ValidationError(_("Each item appears once in a request."))
    stocked = stocked_item_ids(district_id=district_id)
    checked = []
    for line in lines:
        if line.item.pk not in stocked:
            raise ValidationError(_("No warehouse of the district stocks %(item)s.") % {"item": line.item})
        checked.append(RequestedLine(line.item, clean_quantity(line.quantity, item=line.item)))
    return checked


def _check_destination(*, kecamatan: Kecamatan, kind: str, warehouse: Warehouse | None, text: str) -> None:
    if kind not in Request.Destination.values:
        raise ValidationError({"destination_kind": _("Choose a destination.")})
    serves = warehouse is not None and warehouse.kecamatan_served.filter(pk=kecamatan.pk).exists()
    if kind == Request.Destination.WAREHOUSE and not serves:
        message = _("Choose a store that serves Kecamatan %(name)s.") % {"name": kecamatan.name}
        raise ValidationError({"destination_warehouse": message})
    if kind == Request.Destination.POSKO and not text.strip():
        raise ValidationError({"destination_text": _("Name the command post (posko).")})


def _require_requester(by, kecamatan: Kecamatan) -> None:
    require(
        permissions.may_request_stock(by, kecamatan),
        _("You do not file requests for Kecamatan %(name)s.") % {"name": kecamatan.name},
    )


def _submit(request: Request) -> None:
    request.number = next_number(
        district=request.district, prefix=REQUEST_PREFIX, year=district_today(request.district).year
    )
    request.status = Request.Status.SUBMITTED
    request.submitted_at = timezone.now()
    request.save()


@transaction.atomic
def request_create(
    *,
    by,
    kecamatan: Kecamatan,
    destination_kind: str,
    reason: str,
    people_affected: int,
    lines: Sequence[RequestedLine],
    destination_warehouse: Warehouse | None = None,
    destination_text: str = "",
    hazard: Hazard | None = None,
    submit: bool = True,
) -> Request:
    """File a request for a kecamatan (an officer for their own, staff on behalf of a posko)."""
    _require_requester(by, kecamatan)
    _check_destination(
        kecamatan=kecamatan, kind=destination_kind, warehouse=destination_warehouse, text=destination_text
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the request.")})
    if people_affected is None or people_affected < 0:
        raise ValidationError({"people_affected": _("Give the number of people affected.")})
    lines = _check_lines(district_id=kecamatan.district_id, lines=lines)
    request = Request.objects.create(
        district_id=kecamatan.district_id,
        status=Request.Status.DRAFT,
        kecamatan=kecamatan,
        destination_kind=destination_kind,
        destination_warehouse=destination_warehouse if destination_kind == Request.Destination.WAREHOUSE else None,
        destination_text=destination_text.strip(),
        hazard=hazard,
        reason=reason.strip(),
        people_affected=people_affected,
        requested_by=by,
    )
    RequestLine.objects.bulk_create(
        [RequestLine(request=request, item=line.item, quantity=line.quantity) for line in lines]
    )
    if submit:
        _submit(request)
    return request


def _locked(request: Request) -> Request:
    return Request.objects.select_for_update(of=("self",)).select_related("district", "kecamatan").get(pk=request.pk)


@transaction.atomic
def request_update(
    *, by, request: Request, lines: Sequence[RequestedLine], reason: str, people_affected: int
) -> Request:
    """Change a draft's lines, reason or people affected before submitting it."""
    request = _locked(request)
    _require_requester(by, request.kecamatan)
    if request.status != Request.Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the request.")})
    lines = _check_lines(district_id=request.district_id, lines=lines)
    request.reason, request.people_affected = reason.strip(), people_affected
    request.save()
    request.lines.all().delete()
    RequestLine.objects.bulk_create(
        [RequestLine(request=request, item=line.item, quantity=line.quantity) for line in lines]
    )
    return request


@transaction.atomic
def request_submit(*, by, request: Request) -> Request:
    request = _locked(request)
    _require_requester(by, request.kecamatan)
    if request.status != Request.Status.DRAFT:
        raise ValidationError(_("%(number)s is already submitted.") % {"number": request})
    _submit(request)
    return request


@transaction.atomic
def request_approve(*, by, request: Request, approved: dict[int, Decimal]) -> Request:
    """Approve quantities per line (line id → quantity, 0 to drop a line); lines left out get all they asked."""
    request = _locked(request)
    require(permissions.may_decide_requests(by, request.district_id), _("Only BPBD staff of the district may do this."))
    if request.status != Request.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted request can be approved."))
    lines = list(request.lines.select_related("item"))
    if set(approved) - {line.pk for line in lines}:
        raise ValidationError(_("These lines are not on %(number)s.") % {"number": request})
    for line in lines:
        quantity = clean_quantity(approved.get(line.pk, line.quantity), item=line.item, allow_zero=True)
        if quantity > line.quantity:
            raise ValidationError(
                _("%(item)s: approved %(approved)s is more than the %(requested)s requested.")
                % {"item": line.item, "approved": fmt(quantity), "requested": fmt(line.quantity)}
            )
        line.approved_quantity = quantity
    if not any(line.approved_quantity for line in lines):
        raise ValidationError(_("Approve at least one line, or reject the request."))
    RequestLine.objects.bulk_update(lines, ["approved_quantity"])
    request.status = Request.Status.APPROVED
    request.decided_by, request.decided_at = by, timezone.now()
    request.save()
    return request


@transaction.atomic
def request_reject(*, by, request: Request, reason: str) -> Request:
    request = _locked(request)
    require(permissions.may_decide_requests(by, request.district_id), _("Only BPBD staff of the district may do this."))
    if request.status != Request.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted request can be rejected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is rejected.")})
    request.status = Request.Status.REJECTED
    request.rejection_reason = reason.strip()
    request.decided_by, request.decided_at = by, timezone.now()
    request.save()
    return request


@transaction.atomic
def request_dispatch(
    *,
    by,
    request: Request,
    warehouse: Warehouse,
    lines: Sequence[IssueLine],
    business_date: datetime.date,
    vehicle: str = "",
    driver: str = "",
    driver_phone: str = "",
    note: str = "",
    idempotency_key: str = "",
) -> Document:
    """Send (part of) what was approved from one warehouse; several warehouses may each send a part."""
    request = _locked(request)
    require(permissions.may_decide_requests(by, request.district_id), _("Only BPBD staff of the district may do this."))
    destination_warehouse = (
        request.destination_warehouse if request.destination_kind == Request.Destination.WAREHOUSE else None
    )
    shipment = {
        "destination_warehouse": destination_warehouse,
        "destination_kecamatan": request.kecamatan,
        "destination_text": request.destination_label if destination_warehouse is None else "",
        "request": request,
        "vehicle": vehicle,
        "driver": driver,
        "driver_phone": driver_phone,
        "note": note,
    }
    if idempotency_key:
        previous = Document.objects.filter(district_id=request.district_id, idempotency_key=idempotency_key).first()
        if previous is not None:
            asked = shipment_fingerprint(
                kind=Document.Kind.DISPATCH, warehouse=warehouse, lines=lines, business_date=business_date, **shipment
            )
            check_retry(stored=previous.idempotency_fingerprint, current=asked)
            return previous
    if request.status != Request.Status.APPROVED:
        raise ValidationError(_("Only an approved request can be dispatched."))
    if warehouse.district_id != request.district_id:
        raise ValidationError({"warehouse": _("Choose a warehouse of the same district.")})
    remaining = outstanding(request)
    wanted = defaultdict(Decimal)
    for line in lines:
        wanted[line.item.pk] += Decimal(str(line.quantity))
    for line in lines:
        if wanted[line.item.pk] > remaining.get(line.item.pk, Decimal(0)):
            raise ValidationError(
                _("%(item)s: only %(left)s approved and not yet dispatched.")
                % {"item": line.item, "left": fmt(remaining.get(line.item.pk, Decimal(0)))}
            )
    document = dispatch_post(
        by=by,
        warehouse=warehouse,
        lines=lines,
        business_date=business_date,
        idempotency_key=idempotency_key,
        **shipment,
    )
    request_refresh_status(request_id=request.pk)
    return document
