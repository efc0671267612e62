"""What the alerts domain hands to the Celery worker, always after the transaction commits.

Tasks are named, not imported: the domain modules (engine, outbox) never import
``tasks.py``, which imports them. If the broker is down at that moment, nothing is lost:
the periodic rule sweep and the outbox sweeper catch up.
"""

import logging
from collections.abc import Iterable

from django.db import transaction
from kombu.exceptions import OperationalError

from kencana.celery import app

logger = logging.getLogger(__name__)


def rules_after_commit(*, codes: list[str], district_ids: list[int]) -> None:
    """Re-check some rules for some districts once the current transaction commits.

    Handed to the worker so the triggering request stays fast; if the broker is
    down, the periodic sweep catches up within a minute.
    """

    def enqueue() -> None:
        try:
            app.signature("alerts.rules_sweep", kwargs={"codes": codes, "district_ids": district_ids}).apply_async(
                retry=False
            )
        except (OperationalError, OSError) as exc:
            logger.warning("Broker unavailable; rules %s wait for the periodic sweep: %s", codes, exc)

    transaction.on_commit(enqueue)


def enqueue_deliveries(ids: Iterable[int], *, eta=None) -> None:
    """Hand deliveries to the broker. A broker outage is logged, not raised: the sweeper retries."""
    for delivery_id in ids:
        try:
            app.signature("alerts.deliver", args=(delivery_id,)).apply_async(eta=eta, retry=False)
        except (OperationalError, OSError) as exc:
            logger.warning("Broker unavailable, delivery %s stays pending for the sweeper: %s", delivery_id, exc)
            return
