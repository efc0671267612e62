"""Celery tasks: they take ids, call a service, and leave the rest to the database.

Beat runs ``rules_sweep``, ``escalation_tick`` and ``outbox_sweep`` (rows in
django-celery-beat, see the 0002 migration); ``deliver`` sends one outbox row.
"""

import logging

from celery import shared_task
from django.conf import settings

from kencana.core.broker import broker_resumed

from .engine import rules_run
from .escalation import escalation_tick as advance_escalations
from .handoff import enqueue_deliveries
from .notifications.delivery import deliveries_due_for_sweep, delivery_attempt

logger = logging.getLogger(__name__)


@shared_task(name="alerts.rules_sweep", ignore_result=True)
def rules_sweep(codes: list[str] | None = None, district_ids: list[int] | None = None) -> None:
    result = rules_run(codes=codes, district_ids=district_ids)
    if result.opened or result.resolved:
        logger.info("Rules: %s opened, %s resolved", len(result.opened), len(result.resolved))


@shared_task(name="alerts.escalation_tick", ignore_result=True)
def escalation_tick() -> None:
    advance_escalations()


@shared_task(name="alerts.deliver", acks_late=True, ignore_result=True)
def deliver(delivery_id: int) -> None:
    """Send one delivery. Safe to run twice: the claim lets only one run send it."""
    delivery = delivery_attempt(delivery_id=delivery_id)
    if delivery is not None and delivery.status == delivery.Status.PENDING:
        enqueue_deliveries([delivery.pk], eta=delivery.next_attempt_at)


@shared_task(name="alerts.outbox_sweep", ignore_result=True)
def outbox_sweep() -> None:
    broker_resumed()  # the sweep is the retry: it always tries the broker again
    ids = deliveries_due_for_sweep()
    if ids:
        logger.info("Outbox sweep: re-enqueuing %s deliveries", len(ids))
        enqueue_deliveries(ids)


@shared_task(name="alerts.cap_feed_poll", ignore_result=True)
def cap_feed_poll() -> None:
    if not settings.ALERTS_CAP_FEED_URL:
        return
    from .cap.feed import feed_poll

    feed_poll(url=settings.ALERTS_CAP_FEED_URL)
