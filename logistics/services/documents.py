"""Stock documents: receipt, dispatch and transfer, receipt of a shipment, adjustment, physical count.

Each service validates everything first (nothing changes on bad input), locks the
balances it reads, and posts its movements in one transaction. Dispatch and
receipt accept an idempotency key: a retried call with the same key returns the
document already posted instead of moving stock twice.
"""

import datetime
import os
import secrets
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kecamatan.models import Kecamatan
from kencana.accounts import permissions
from kencana.core import events
from kencana.core.uploads import FileKind, check_file, read_head

from ..models import AdjustmentReason, Document, DocumentLine, Item, Lot, Proof, Warehouse
from . import ledger
from .common import (
    IdempotencyKeyReused,
    check_business_date,
    check_retry,
    clean_quantity,
    district_today,
    fingerprint,
    fmt,
    next_number,
    require_operator,
)
from .fulfilment import request_refresh_status

PREFIXES = {
    Document.Kind.RECEIPT: "RCV",
    Document.Kind.DISPATCH: "DSP",
    Document.Kind.TRANSFER: "TRF",
    Document.Kind.ADJUSTMENT: "ADJ",
    Document.Kind.COUNT: "CNT",
    Document.Kind.DISTRIBUTION: "DST",
}
HANDOVER_PREFIX = "BAST"
COUNT_REASON = "count-correction"
PROOF_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")
# Nothing the stores keep lasts longer; a later expiry date is a typing error (9999-12-31).
MAX_SHELF_LIFE_YEARS = 30


@dataclass(frozen=True)
class ReceiptLine:
    item: Item
    quantity: Decimal
    expiry_date: datetime.date | None = None
    inventory_numbers: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class IssueLine:
    """A quantity to take out; ``lot`` None means first-expired-first-out."""

    item: Item
    quantity: Decimal
    lot: Lot | None = None


@dataclass(frozen=True)
class AdjustLine:
    lot: Lot
    quantity: Decimal  # signed


def _existing(*, district_id: int, key: str, kind: str, request: str) -> Document | None:
    """The document a call with this key posted before, if this call is its retry (same ``request``)."""
    if not key:
        return None
    document = Document.objects.filter(district_id=district_id, idempotency_key=key).first()
    if document is not None and document.kind != kind:
        raise IdempotencyKeyReused(_("This idempotency key was already used for another document."))
    if document is not None:
        check_retry(stored=document.idempotency_fingerprint, current=request)
    return document


def _create(document: Document, *, year: int) -> Document | None:
    """Number and insert the document; None if a concurrent call with the same key won."""
    try:
        with transaction.atomic():
            document.number = next_number(district=document.district, prefix=PREFIXES[document.kind], year=year)
            document.save()
    except IntegrityError:
        if document.idempotency_key:
            return None
        raise
    return document


def _idempotent(kind: str, district_id: int, key: str, request: str, post: Callable[[], Document]) -> Document:
    """Post, or return the document a concurrent call with the same key posted first."""
    document = post()
    return document if document.pk else _existing(district_id=district_id, key=key, kind=kind, request=request)


def _amount(value) -> str:
    """A quantity as the fingerprint sees it: 30, 30.0 and 30.000 are one request (bad ones are
    refused later), written the same in every language, so a retry sent in English matches the
    first call sent in Indonesian."""
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except (InvalidOperation, ValueError):
        return str(value)


def receipt_fingerprint(*, warehouse, business_date, funding_source, lines, supplier, reference, note) -> str:
    return fingerprint(
        warehouse=warehouse.pk,
        business_date=business_date,
        funding_source=funding_source,
        supplier=supplier,
        reference=reference,
        note=note,
        lines=[
            [line.item.code, _amount(line.quantity), line.expiry_date, list(line.inventory_numbers)] for line in lines
        ],
    )


def shipment_fingerprint(*, kind, warehouse, lines, business_date, **details) -> str:
    """What a dispatch or transfer asks for (``details``: destinations, request, vehicle, driver, note)."""
    return fingerprint(
        kind=kind,
        warehouse=warehouse.pk,
        business_date=business_date,
        lines=[[line.item.code, _amount(line.quantity), line.lot.pk if line.lot else None] for line in lines],
        **{name: getattr(value, "pk", value) for name, value in details.items()},
    )


def _check_lot(lot: Lot, *, item: Item, district_id: int) -> None:
    if lot.item_id != item.pk or lot.district_id != district_id:
        raise ValidationError(_("Lot %(lot)s is not a lot of %(item)s in this district.") % {"lot": lot, "item": item})


# --- Receipt -------------------------------------------------------------------------


@transaction.atomic
def receipt_post(
    *,
    by,
    warehouse: Warehouse,
    business_date: datetime.date,
    funding_source: str,
    lines: Sequence[ReceiptLine],
    supplier: str = "",
    reference: str = "",
    note: str = "",
    idempotency_key: str = "",
) -> Document:
    """Goods arrive from a supplier or donor: one new lot per line (per unit for equipment)."""
    require_operator(by, warehouse)
    request = receipt_fingerprint(
        warehouse=warehouse,
        business_date=business_date,
        funding_source=funding_source,
        lines=lines,
        supplier=supplier,
        reference=reference,
        note=note,
    )
    existing = _existing(
        district_id=warehouse.district_id, key=idempotency_key, kind=Document.Kind.RECEIPT, request=request
    )
    if existing is not None:
        return existing
    check_business_date(district=warehouse.district, value=business_date)
    if not lines:
        raise ValidationError(_("Add at least one line."))
    lots = []
    for line in lines:
        quantity = clean_quantity(line.quantity, item=line.item)
        if line.item.perishable and not line.expiry_date:
            raise ValidationError(
                {"expiry_date": _("%(item)s is perishable: give its expiry date.") % {"item": line.item}}
            )
        if line.expiry_date and line.expiry_date > business_date + datetime.timedelta(days=365 * MAX_SHELF_LIFE_YEARS):
            raise ValidationError(
                {
                    "expiry_date": _("The expiry date of %(item)s (%(expiry)s) is more than %(years)s years away.")
                    % {"item": line.item, "expiry": line.expiry_date, "years": MAX_SHELF_LIFE_YEARS}
                }
            )
        if line.expiry_date and line.expiry_date < business_date:
            raise ValidationError(
                {
                    "expiry_date": _("The expiry date of %(item)s (%(expiry)s) is before the date received (%(date)s).")
                    % {"item": line.item, "expiry": line.expiry_date, "date": business_date}
                }
            )
        numbers = [n.strip() for n in line.inventory_numbers if n.strip()]
        if line.item.is_equipment:
            if len(numbers) != quantity or len(set(numbers)) != len(numbers):
                raise ValidationError(
                    {
                        "inventory_numbers": _("%(item)s is equipment: give %(count)s distinct inventory numbers.")
                        % {"item": line.item, "count": int(quantity)}
                    }
                )
            taken = Lot.objects.filter(district_id=warehouse.district_id, inventory_number__in=numbers)
            if taken.exists():
                raise ValidationError(
                    {
                        "inventory_numbers": _("Inventory number %(number)s is already registered.")
                        % {"number": taken.first().inventory_number}
                    }
                )
            lots += [(line, n, Decimal(1)) for n in numbers]
        else:
            lots.append((line, "", quantity))

    def post() -> Document:
        document = _create(
            Document(
                district=warehouse.district,
                kind=Document.Kind.RECEIPT,
                status=Document.Status.POSTED,
                warehouse=warehouse,
                business_date=business_date,
                supplier=supplier,
                funding_source=funding_source,
                reference=reference,
                note=note,
                idempotency_key=idempotency_key,
                idempotency_fingerprint=request if idempotency_key else "",
                created_by=by,
                posted_at=timezone.now(),
            ),
            year=business_date.year,
        )
        if document is None:
            return Document()
        entries = []
        for line, number, quantity in lots:
            lot = Lot.objects.create(
                district=warehouse.district,
                item=line.item,
                expiry_date=line.expiry_date,
                funding_source=funding_source,
                received_on=business_date,
                reference=reference or document.number,
                inventory_number=number,
            )
            DocumentLine.objects.create(document=document, item=line.item, lot=lot, quantity=quantity)
            entries.append(ledger.Entry(warehouse.pk, lot, quantity))
        ledger.post(document=document, entries=entries, business_date=business_date)
        return document

    return _idempotent(Document.Kind.RECEIPT, warehouse.district_id, idempotency_key, request, post)


# --- Dispatch and transfer -----------------------------------------------------------


def _allocate(
    *, warehouse: Warehouse, lines: Sequence[IssueLine], business_date: datetime.date
) -> list[tuple[Item, Lot, Decimal]]:
    """Lock the warehouse's stock of these items and pick lots: chosen ones, else FEFO.

    FEFO order: earliest expiry first (lots without expiry last), then oldest receipt.
    Raises when any line asks for more than the warehouse holds on the document's date
    and every day after it (nothing leaves before it arrived).
    """
    balances = ledger.lock_item_balances(warehouse_id=warehouse.pk, item_ids={line.item.pk for line in lines})
    held = {b.lot_id: b.quantity for b in balances}
    lots = {b.lot_id: b.lot for b in balances}
    available: dict[int, Decimal] = {}  # lot: what may still leave it, once its days are read

    def read_days(lot_ids: list[int]) -> None:
        unread = [pk for pk in lot_ids if pk not in available]
        if unread:
            dated = ledger.available_from(warehouse_id=warehouse.pk, lot_ids=unread, on=business_date)
            available.update({pk: min(held[pk], dated[pk]) for pk in unread})

    picks = []
    for line in lines:
        wanted = line.quantity
        if line.lot is not None:
            _check_lot(line.lot, item=line.item, district_id=warehouse.district_id)
            candidates = [line.lot.pk] if line.lot.pk in held else []
        else:
            candidates = sorted(
                (lot_id for lot_id, lot in lots.items() if lot.item_id == line.item.pk),
                key=lambda pk: (lots[pk].expiry_date or datetime.date.max, lots[pk].received_on, pk),
            )
        # A store holds hundreds of lots of an item and a line takes from one or two: the days of
        # the lots in picking order are read only as far as what they hold could cover the line,
        # and all of them only when those fall short.
        reach, could = 0, Decimal(0)
        while reach < len(candidates) and could < wanted:
            could += available.get(candidates[reach], held[candidates[reach]])
            reach += 1
        read_days(candidates[:reach])
        if sum((available[pk] for pk in candidates[:reach]), Decimal(0)) < wanted:
            read_days(candidates)
        total = sum((available.get(pk, Decimal(0)) for pk in candidates), Decimal(0))
        if total < wanted:
            values = {
                "warehouse": warehouse,
                "available": fmt(total),
                "unit": line.item.unit,
                "item": line.item,
                "lot": f" ({line.lot})" if line.lot else "",
                "wanted": fmt(wanted),
                "date": business_date.isoformat(),
            }
            if business_date < district_today(warehouse.district):
                raise ValidationError(
                    _(
                        "%(warehouse)s holds only %(available)s %(unit)s of %(item)s%(lot)s on %(date)s and every day since; %(wanted)s requested."
                    )
                    % values
                )
            raise ValidationError(
                _("%(warehouse)s holds only %(available)s %(unit)s of %(item)s%(lot)s; %(wanted)s requested.") % values
            )
        for pk in candidates:  # the lots read above cover the line before any unread one
            take = min(wanted, available.get(pk, Decimal(0)))
            if take > 0:
                picks.append((line.item, lots[pk], take))
                available[pk] -= take
                wanted -= take
            if wanted == 0:
                break
    return picks


@transaction.atomic
def dispatch_post(
    *,
    by,
    warehouse: Warehouse,
    lines: Sequence[IssueLine],
    business_date: datetime.date,
    kind: str = Document.Kind.DISPATCH,
    destination_warehouse: Warehouse | None = None,
    destination_kecamatan: Kecamatan | None = None,
    destination_text: str = "",
    request=None,
    vehicle: str = "",
    driver: str = "",
    driver_phone: str = "",
    note: str = "",
    reference: str = "",
    idempotency_key: str = "",
) -> Document:
    """Goods leave a warehouse (delivery note). They are in transit until the receiver confirms.

    ``reference``: what the dispatch answers (a disaster event's number), kept on the document."""
    require_operator(by, warehouse)
    request_fingerprint = shipment_fingerprint(
        kind=kind,
        warehouse=warehouse,
        lines=lines,
        business_date=business_date,
        destination_warehouse=destination_warehouse,
        destination_kecamatan=destination_kecamatan,
        destination_text=destination_text,
        request=request,
        vehicle=vehicle,
        driver=driver,
        driver_phone=driver_phone,
        note=note,
        # Only when given: keys stored before references existed keep matching their retries.
        **({"reference": reference} if reference else {}),
    )
    existing = _existing(district_id=warehouse.district_id, key=idempotency_key, kind=kind, request=request_fingerprint)
    if existing is not None:
        return existing
    check_business_date(district=warehouse.district, value=business_date)
    if kind not in (Document.Kind.DISPATCH, Document.Kind.TRANSFER):
        raise ValidationError(_("Unknown kind of shipment."))
    if kind == Document.Kind.TRANSFER and destination_warehouse is None:
        raise ValidationError({"destination_warehouse": _("A transfer needs a destination warehouse.")})
    if destination_warehouse is not None:
        if destination_warehouse.pk == warehouse.pk:
            raise ValidationError({"destination_warehouse": _("Source and destination are the same warehouse.")})
        if destination_warehouse.district_id != warehouse.district_id or not destination_warehouse.is_active:
            raise ValidationError({"destination_warehouse": _("Choose an open warehouse of the same district.")})
    if destination_kecamatan is not None and destination_kecamatan.district_id != warehouse.district_id:
        raise ValidationError({"destination_kecamatan": _("Choose a kecamatan of the same district.")})
    if kind == Document.Kind.DISPATCH and not (
        destination_warehouse or destination_kecamatan or destination_text.strip()
    ):
        raise ValidationError({"destination_text": _("Say where the goods go.")})
    if not lines:
        raise ValidationError(_("Add at least one line."))
    lines = [IssueLine(line.item, clean_quantity(line.quantity, item=line.item), line.lot) for line in lines]

    def post() -> Document:
        # The number (and the idempotency key) is claimed first: a concurrent retry
        # waits on the counter and then finds the key taken, before touching stock.
        document = _create(
            Document(
                district=warehouse.district,
                kind=kind,
                status=Document.Status.IN_TRANSIT,
                warehouse=warehouse,
                destination_warehouse=destination_warehouse,
                destination_kecamatan=destination_kecamatan,
                destination_text=destination_text.strip(),
                request=request,
                business_date=business_date,
                vehicle=vehicle,
                driver=driver,
                driver_phone=driver_phone,
                note=note,
                reference=reference,
                idempotency_key=idempotency_key,
                idempotency_fingerprint=request_fingerprint if idempotency_key else "",
                created_by=by,
                posted_at=timezone.now(),
            ),
            year=business_date.year,
        )
        if document is None:
            return Document()
        picks = _allocate(warehouse=warehouse, lines=lines, business_date=business_date)
        DocumentLine.objects.bulk_create(
            [DocumentLine(document=document, item=item, lot=lot, quantity=q) for item, lot, q in picks]
        )
        entries = [ledger.Entry(warehouse.pk, lot, -q) for _item, lot, q in picks]
        ledger.post(document=document, entries=entries, business_date=business_date)
        return document

    return _idempotent(kind, warehouse.district_id, idempotency_key, request_fingerprint, post)


@transaction.atomic
def distribution_post(
    *,
    by,
    warehouse: Warehouse,
    lines: Sequence[IssueLine],
    business_date: datetime.date,
    households_reached: int,
    reference: str = "",
    note: str = "",
) -> Document:
    """Goods handed out from a store (a shelter's posko) to households: they leave the ledger here,
    so what reached people is what the ledger says. Never more than the store holds."""
    require_operator(by, warehouse)
    check_business_date(district=warehouse.district, value=business_date)
    if isinstance(households_reached, bool) or not isinstance(households_reached, int) or households_reached < 1:
        raise ValidationError({"households_reached": _("Give the number of households that received the goods.")})
    if not lines:
        raise ValidationError(_("Add at least one line."))
    lines = [IssueLine(line.item, clean_quantity(line.quantity, item=line.item), line.lot) for line in lines]
    document = _create(
        Document(
            district=warehouse.district,
            kind=Document.Kind.DISTRIBUTION,
            status=Document.Status.POSTED,
            warehouse=warehouse,
            business_date=business_date,
            households_reached=households_reached,
            reference=reference,
            note=note,
            created_by=by,
            posted_at=timezone.now(),
        ),
        year=business_date.year,
    )
    picks = _allocate(warehouse=warehouse, lines=lines, business_date=business_date)
    DocumentLine.objects.bulk_create(
        [DocumentLine(document=document, item=item, lot=lot, quantity=q) for item, lot, q in picks]
    )
    ledger.post(
        document=document,
        entries=[ledger.Entry(warehouse.pk, lot, -q) for _i, lot, q in picks],
        business_date=business_date,
    )
    return document


def transfer_post(*, by, warehouse: Warehouse, destination_warehouse: Warehouse, **kwargs) -> Document:
    """Move stock between two warehouses: out now, in at the destination when received."""
    return dispatch_post(
        by=by, warehouse=warehouse, destination_warehouse=destination_warehouse, kind=Document.Kind.TRANSFER, **kwargs
    )


def check_proof(upload) -> FileKind:
    """The type of an uploaded photo or scan, judged by its bytes; raises if not accepted."""
    return check_file(name=upload.name, size=upload.size, head=read_head(upload), accepted=PROOF_TYPES, field="proofs")


def _store_proofs(uploads) -> list[tuple[str, str, str, int]]:
    """Save files under random names before the transaction; returns (path, original, type, size)."""
    checked = [(upload, check_proof(upload)) for upload in uploads]
    stored = []
    for upload, kind in checked:
        name = f"logistics/proofs/{secrets.token_hex(16)}.{kind.extension}"
        path = default_storage.save(name, ContentFile(upload.read()))
        stored.append((path, os.path.basename(upload.name)[:200], kind.mime, upload.size))
    return stored


def shipment_receive(
    *,
    by,
    document: Document,
    received: dict[int, Decimal],
    received_date: datetime.date,
    received_by_name: str = "",
    note: str = "",
    proofs: Sequence = (),
    idempotency_key: str = "",
) -> Document:
    """The receiver confirms what arrived (berita acara serah terima).

    ``received`` maps document line ids to quantities; a line left out counts as
    fully received. Into a destination warehouse the received quantities are
    posted as movements; the shortfall stays visible on the lines.
    """
    stored = _store_proofs(proofs)
    try:
        return _receive(
            by=by,
            document=document,
            received=received,
            received_date=received_date,
            received_by_name=received_by_name,
            note=note,
            stored=stored,
            idempotency_key=idempotency_key,
        )
    except Exception:
        for path, *_rest in stored:
            default_storage.delete(path)
        raise


@transaction.atomic
def _receive(*, by, document, received, received_date, received_by_name, note, stored, idempotency_key) -> Document:
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("district", "destination_warehouse")
        .get(pk=document.pk)
    )
    request = fingerprint(
        received={str(line): _amount(q) for line, q in received.items()},
        received_date=received_date,
        received_by_name=received_by_name,
        note=note,
    )
    if idempotency_key and document.receipt_idempotency_key == idempotency_key:
        check_retry(stored=document.receipt_idempotency_fingerprint, current=request)
        for path, *_rest in stored:  # the retry's copies are not needed
            default_storage.delete(path)
        return document
    if not permissions.may_receive(by, document):
        raise PermissionDenied(_("Only the receiver or BPBD staff may confirm this receipt."))
    if document.status != Document.Status.IN_TRANSIT:
        raise ValidationError(_("%(number)s is not in transit: it was already received.") % {"number": document.number})
    check_business_date(district=document.district, value=received_date, field="received_date")
    if received_date < document.business_date:
        raise ValidationError(
            {
                "received_date": _("Goods cannot arrive before they were sent (%(date)s).")
                % {"date": document.business_date}
            }
        )
    lines = list(document.lines.select_related("item", "lot"))
    unknown = set(received) - {line.pk for line in lines}
    if unknown:
        raise ValidationError(_("These lines are not on %(number)s.") % {"number": document.number})
    for line in lines:
        quantity = clean_quantity(received.get(line.pk, line.quantity), item=line.item, allow_zero=True)
        if quantity > line.quantity:
            raise ValidationError(
                _("%(item)s: %(received)s received is more than the %(sent)s sent.")
                % {"item": line.item, "received": fmt(quantity), "sent": fmt(line.quantity)}
            )
        line.received_quantity = quantity
    DocumentLine.objects.bulk_update(lines, ["received_quantity"])
    document.status = Document.Status.RECEIVED
    document.received_date = received_date
    document.received_by = by
    document.received_by_name = received_by_name or by.get_full_name() or by.username
    document.received_note = note
    document.receipt_idempotency_key = idempotency_key
    document.receipt_idempotency_fingerprint = request if idempotency_key else ""
    document.handover_number = next_number(district=document.district, prefix=HANDOVER_PREFIX, year=received_date.year)
    document.save()
    Proof.objects.bulk_create(
        [
            Proof(document=document, file=p, original_name=o, content_type=t, size=s, uploaded_by=by)
            for p, o, t, s in stored
        ]
    )
    if document.destination_warehouse_id:
        entries = [
            ledger.Entry(document.destination_warehouse_id, line.lot, line.received_quantity)
            for line in lines
            if line.received_quantity > 0
        ]
        if entries:
            ledger.post(document=document, entries=entries, business_date=received_date)
    if document.request_id:
        request_refresh_status(request_id=document.request_id)
    events.dispatch_received.announce(district_id=document.district_id, document=document)
    return document


# --- Adjustment and physical count -----------------------------------------------------


@transaction.atomic
def adjustment_post(
    *,
    by,
    warehouse: Warehouse,
    reason: AdjustmentReason,
    business_date: datetime.date,
    lines: Sequence[AdjustLine],
    note: str = "",
    count: Document | None = None,
) -> Document:
    """Correct stock with a reason (damaged, expired, lost, found…): a new document, never an edit."""
    require_operator(by, warehouse)
    check_business_date(district=warehouse.district, value=business_date)
    if reason is None or not reason.is_active:
        raise ValidationError({"reason": _("Choose a reason.")})
    if not lines:
        raise ValidationError(_("Add at least one line."))
    checked = []
    for line in lines:
        _check_lot(line.lot, item=line.lot.item, district_id=warehouse.district_id)
        if business_date < line.lot.received_on:
            raise ValidationError(
                {
                    "business_date": _("%(lot)s was received on %(received)s; an adjustment cannot be dated before.")
                    % {"lot": line.lot, "received": line.lot.received_on.isoformat()}
                }
            )
        sign = -1 if Decimal(str(line.quantity)) < 0 else 1
        quantity = clean_quantity(abs(Decimal(str(line.quantity))), item=line.lot.item) * sign
        if reason.direction == AdjustmentReason.Direction.DECREASE and quantity > 0:
            raise ValidationError(_("“%(reason)s” only decreases stock.") % {"reason": reason})
        if reason.direction == AdjustmentReason.Direction.INCREASE and quantity < 0:
            raise ValidationError(_("“%(reason)s” only increases stock.") % {"reason": reason})
        checked.append(AdjustLine(line.lot, quantity))
    document = _create(
        Document(
            district=warehouse.district,
            kind=Document.Kind.ADJUSTMENT,
            status=Document.Status.POSTED,
            warehouse=warehouse,
            reason=reason,
            count=count,
            business_date=business_date,
            note=note,
            created_by=by,
            posted_at=timezone.now(),
        ),
        year=business_date.year,
    )
    balances = ledger.lock_balances(
        {(warehouse.pk, line.lot.pk) for line in checked}, item_of={line.lot.pk: line.lot.item_id for line in checked}
    )
    change: dict[int, Decimal] = defaultdict(Decimal)
    for line in checked:
        change[line.lot.pk] += line.quantity
    dated = ledger.available_from(warehouse_id=warehouse.pk, lot_ids=list(change), on=business_date)
    for line in checked:
        held = min(balances[(warehouse.pk, line.lot.pk)].quantity, dated[line.lot.pk])
        if held + change[line.lot.pk] < 0:
            raise ValidationError(
                _("%(warehouse)s holds only %(held)s of %(lot)s; it cannot decrease by %(q)s.")
                % {"warehouse": warehouse, "held": fmt(held), "lot": line.lot, "q": fmt(-change[line.lot.pk])}
            )
    DocumentLine.objects.bulk_create(
        [
            DocumentLine(document=document, item_id=line.lot.item_id, lot=line.lot, quantity=line.quantity)
            for line in checked
        ]
    )
    ledger.post(
        document=document,
        entries=[ledger.Entry(warehouse.pk, line.lot, line.quantity) for line in checked],
        business_date=business_date,
    )
    return document


@transaction.atomic
def count_start(*, by, warehouse: Warehouse, business_date: datetime.date, note: str = "") -> Document:
    """A draft count sheet listing every lot the warehouse holds, to be counted by hand."""
    require_operator(by, warehouse)
    check_business_date(district=warehouse.district, value=business_date)
    document = _create(
        Document(
            district=warehouse.district,
            kind=Document.Kind.COUNT,
            status=Document.Status.DRAFT,
            warehouse=warehouse,
            business_date=business_date,
            note=note,
            created_by=by,
        ),
        year=business_date.year,
    )
    balances = warehouse.balances.filter(quantity__gt=0).order_by("item__code", "lot__expiry_date", "lot_id")
    DocumentLine.objects.bulk_create(
        [DocumentLine(document=document, item_id=b.item_id, lot_id=b.lot_id, quantity=b.quantity) for b in balances]
    )
    return document


def _draft_count(*, by, count: Document) -> Document:
    count = Document.objects.select_for_update(of=("self",)).select_related("warehouse", "district").get(pk=count.pk)
    require_operator(by, count.warehouse)
    if count.kind != Document.Kind.COUNT or count.status != Document.Status.DRAFT:
        raise ValidationError(_("%(number)s is already posted.") % {"number": count.number})
    return count


@transaction.atomic
def count_record(*, by, count: Document, counted: dict[int, Decimal]) -> Document:
    """Save counted quantities on the draft (line id → quantity); may be called many times."""
    count = _draft_count(by=by, count=count)
    lines = {line.pk: line for line in count.lines.select_related("item")}
    if set(counted) - set(lines):
        raise ValidationError(_("These lines are not on %(number)s.") % {"number": count.number})
    for pk, value in counted.items():
        line = lines[pk]
        line.counted_quantity = None if value in (None, "") else clean_quantity(value, item=line.item, allow_zero=True)
    DocumentLine.objects.bulk_update(lines.values(), ["counted_quantity"])
    return count


@transaction.atomic
def count_post(*, by, count: Document) -> Document:
    """Post the count: each difference from the current balance becomes a count-correction adjustment."""
    count = _draft_count(by=by, count=count)
    lines = list(count.lines.select_related("lot__item"))
    if any(line.counted_quantity is None for line in lines):
        raise ValidationError(_("Count every line before posting."))
    balances = ledger.lock_balances(
        {(count.warehouse_id, line.lot_id) for line in lines}, item_of={line.lot_id: line.item_id for line in lines}
    )
    differences = [
        AdjustLine(line.lot, line.counted_quantity - balances[(count.warehouse_id, line.lot_id)].quantity)
        for line in lines
        if line.counted_quantity != balances[(count.warehouse_id, line.lot_id)].quantity
    ]
    count.status = Document.Status.POSTED
    count.posted_at = timezone.now()
    count.save()
    if differences:
        adjustment_post(
            by=by,
            warehouse=count.warehouse,
            reason=AdjustmentReason.objects.get(code=COUNT_REASON),
            business_date=count.business_date,
            lines=differences,
            note=_("Differences found by physical count %(number)s.") % {"number": count.number},
            count=count,
        )
    return count
