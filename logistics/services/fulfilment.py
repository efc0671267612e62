"""How far a request for stock has been met: what is still to send, and its status from that."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, Sum

from ..models import Document, DocumentLine, Request


def outstanding(request: Request) -> dict[int, Decimal]:
    """Item id → approved quantity not yet dispatched."""
    sent = defaultdict(Decimal)
    for row in DocumentLine.objects.filter(document__request=request).values("item_id").annotate(total=Sum("quantity")):
        sent[row["item_id"]] = row["total"]
    return {
        line.item_id: (line.approved_quantity or Decimal(0)) - sent[line.item_id]
        for line in request.lines.all()
        if (line.approved_quantity or 0) > sent[line.item_id]
    }


def request_refresh_status(*, request_id: int) -> None:
    """Dispatched once nothing approved is left to send; received once every shipment is received."""
    request = Request.objects.select_for_update().get(pk=request_id)
    if request.status not in (Request.Status.APPROVED, Request.Status.DISPATCHED):
        return
    status = request.status
    if not outstanding(request):
        status = Request.Status.DISPATCHED
        shipments = request.dispatches.all()
        if not shipments.filter(~Q(status=Document.Status.RECEIVED)).exists():
            status = Request.Status.RECEIVED
    if status != request.status:
        request.status = status
        request.save(update_fields=["status"])
