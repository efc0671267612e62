"""Sending one delivery: claim it, talk to the outside world, log the attempt.

The claim is a conditional update (pending → sending), so however many times the
task runs for one delivery, only one run sends it. Slow I/O happens outside any
transaction. A failure schedules the next attempt with exponential backoff until
the attempts run out. A worker that dies mid-send leaves its claim behind; the
sweeper logs that attempt as lost and sends the delivery again, with the same id
for the receiver to drop the repeat.
"""

import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..channels import PROVIDERS
from ..channels.http import DeliveryFailed
from ..models import MESSAGING_CHANNELS, Channel, Delivery, DeliveryAttempt, DistrictAlertSettings, DistrictChannel

logger = logging.getLogger(__name__)


# The outcome logged for an attempt whose worker died before it could say how it went.
WORKER_LOST = "No result: the worker stopped during the attempt"


def backoff(attempt: int) -> datetime.timedelta:
    """Wait before attempt ``attempt + 1``: base, 2×base, 4×base, …"""
    return datetime.timedelta(seconds=settings.ALERTS_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def delivery_attempt(*, delivery_id: int) -> Delivery | None:
    """Try to send a pending delivery once. None if it was not ours to send (sent, or being sent).

    A delivery over its channel's rate limit is not tried: it comes back pending, due at the
    start of the next minute, without spending an attempt.
    """
    now = timezone.now()
    if (deferred := _defer_if_over_rate(delivery_id=delivery_id, now=now)) is not False:
        return deferred
    claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now).update(
        status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    delivery = Delivery.objects.get(pk=delivery_id)
    try:
        detail = SENDERS[delivery.channel](delivery)
        ok = True
        retry_after = None
    except DeliveryFailed as exc:
        detail, ok, retry_after = str(exc), False, exc.retry_after
    finished = timezone.now()
    DeliveryAttempt.objects.create(
        delivery=delivery, number=delivery.attempts, started_at=now, finished_at=finished, ok=ok, detail=detail[:2000]
    )
    if ok:
        delivery.status, delivery.sent_at, delivery.last_error = Delivery.Status.SENT, finished, ""
    elif delivery.attempts >= settings.ALERTS_MAX_ATTEMPTS:
        delivery.status, delivery.last_error = Delivery.Status.FAILED, detail
    else:
        delivery.status, delivery.last_error = Delivery.Status.PENDING, detail
        # The provider's Retry-After is a floor, never a reason to hurry.
        wait = max(backoff(delivery.attempts), datetime.timedelta(seconds=retry_after or 0))
        delivery.next_attempt_at = finished + wait
    delivery.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
    return delivery


def _send_email(delivery: Delivery) -> str:
    try:
        send_mail(
            delivery.payload.get("subject", ""),
            delivery.payload.get("body", ""),
            settings.DEFAULT_FROM_EMAIL,
            [delivery.destination],
        )
    except (OSError, ValueError) as exc:  # smtplib errors are OSErrors
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
    return "sent"


def _send_webhook(delivery: Delivery) -> str:
    # The delivery id is the receiver's idempotency key: every attempt of one delivery carries
    # the same one, in a header and inside the signed body (so a replay cannot pass as new).
    body = json.dumps({**delivery.payload, "delivery": delivery.pk}, ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Kencana-alerts",
        "X-Kencana-Delivery": str(delivery.pk),
    }
    secret = (
        DistrictAlertSettings.objects.filter(district_id=delivery.district_id)
        .values_list("webhook_secret", flat=True)
        .first()
    )
    if secret:
        headers["X-Kencana-Signature"] = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(delivery.destination, data=body, headers=headers, method="POST")  # noqa: S310 - the URL is set by a district admin
    try:
        with urllib.request.urlopen(request, timeout=settings.ALERTS_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            return f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from exc


def _send_message(delivery: Delivery) -> str:
    channel = DistrictChannel.objects.filter(
        district_id=delivery.district_id, provider=delivery.channel, active=True
    ).first()
    if channel is None:
        raise DeliveryFailed(f"No active {delivery.channel} channel for this district")
    return PROVIDERS[delivery.channel].send(
        channel,
        to=delivery.destination,
        text=delivery.payload.get("text", ""),
        template=delivery.payload.get("template", False),
    )


def _defer_if_over_rate(*, delivery_id: int, now: datetime.datetime) -> Delivery | bool | None:
    """False when the delivery may be tried now; else the deferred delivery (or None if not ours).

    Counts per district, channel and minute in the shared cache, so every worker honours
    the provider's limit together.
    """
    row = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .values("channel", "district_id")
        .first()
    )
    if row is None or row["channel"] not in MESSAGING_CHANNELS:
        return False
    limit = (
        DistrictChannel.objects.filter(district_id=row["district_id"], provider=row["channel"])
        .values_list("rate_per_minute", flat=True)
        .first()
    )
    minute = now.replace(second=0, microsecond=0)
    key = f"alerts:rate:{row['district_id']}:{row['channel']}:{minute:%Y%m%d%H%M}"
    cache.add(key, 0, timeout=120)
    if limit is None or cache.incr(key) <= limit:
        return False
    later = minute + datetime.timedelta(minutes=1)
    if not Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(next_attempt_at=later):
        return None
    return Delivery.objects.get(pk=delivery_id)


SENDERS = {
    Channel.EMAIL: _send_email,
    Channel.WEBHOOK: _send_webhook,
    **dict.fromkeys(MESSAGING_CHANNELS, _send_message),
}


def deliveries_due_for_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Deliveries the sweeper should hand to the broker again.

    A delivery still pending a while after it was due was lost on the way (broker or
    worker down); one stuck in "sending" for long belongs to a worker that died
    mid-send and goes back to pending (it may be sent twice, never zero times).
    """
    now = now or timezone.now()
    grace = datetime.timedelta(seconds=settings.ALERTS_SWEEP_GRACE_SECONDS)
    _release_abandoned_claims(claimed_before=now - 10 * grace, now=now)
    return list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now - grace)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:1000]
    )


def _release_abandoned_claims(*, claimed_before: datetime.datetime, now: datetime.datetime) -> None:
    """Log the attempt of a worker that died mid-send as failed, and make the delivery due again.

    The update is conditional on the claim we read, so two sweepers release a claim once.
    """
    stuck = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=claimed_before)
    for delivery in stuck.only("pk", "attempts", "claimed_at"):
        exhausted = delivery.attempts >= settings.ALERTS_MAX_ATTEMPTS
        with transaction.atomic():
            released = Delivery.objects.filter(
                pk=delivery.pk, status=Delivery.Status.SENDING, claimed_at=delivery.claimed_at
            ).update(
                status=Delivery.Status.FAILED if exhausted else Delivery.Status.PENDING,
                last_error=WORKER_LOST,
            )
            if released:
                DeliveryAttempt.objects.create(
                    delivery=delivery,
                    number=delivery.attempts,
                    started_at=delivery.claimed_at,
                    finished_at=now,
                    ok=False,
                    detail=WORKER_LOST,
                )
