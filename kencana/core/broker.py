"""Handing tasks to the broker from a request: after commit, quickly, and never failing the request.

The work a request hands off (rule runs, notification deliveries) is already in the
database when it commits: the outbox sweep and the periodic rule sweep find whatever
was not handed over. So a hand-off tries the broker once, with a short connect timeout
(``CELERY_BROKER_CONNECTION_TIMEOUT``) and no retries; when the broker does not answer,
this process stops trying for ``BROKER_PAUSE_SECONDS``, so a request that hands off many
tasks pays for at most one failed connection.
"""

import logging
import time

from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError

from kencana.celery import app

logger = logging.getLogger(__name__)
_paused_until = 0.0


def enqueue_after_commit(task: str, *, args: tuple = (), kwargs: dict | None = None, **options) -> None:
    """Publish the task named ``task`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, args=args, kwargs=kwargs, **options))


def enqueue(task: str, *, args: tuple = (), kwargs: dict | None = None, **options) -> bool:
    """Publish the task named ``task`` now, trying once. False when the broker is down (the sweeps catch up).

    Tasks are named, not imported, so the domain modules that hand work over never import
    the ``tasks.py`` that imports them."""
    global _paused_until
    if time.monotonic() < _paused_until:
        logger.info("Broker paused after a failure; %s waits for the sweep", task)
        return False
    try:
        app.signature(task).apply_async(args, kwargs, retry=False, **options)
    except (OperationalError, OSError) as exc:
        _paused_until = time.monotonic() + settings.BROKER_PAUSE_SECONDS
        logger.warning("Broker unavailable; %s waits for the sweep: %s", task, exc)
        return False
    return True


def broker_resumed() -> None:
    """Forget a failure (the broker is back, e.g. seen by the health check or a sweep)."""
    global _paused_until
    _paused_until = 0.0
