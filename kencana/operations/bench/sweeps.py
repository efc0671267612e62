"""The alert rule sweep and the escalation tick, timed in-process over the seeded data."""

import datetime
import statistics
import time

from django.urls import reverse
from django.utils import timezone

from kencana.alerts.engine import rules_run
from kencana.alerts.escalation import TICK_BATCH, escalation_tick
from kencana.alerts.models import Alert

UNRESOLVED = [Alert.State.OPEN, Alert.State.ACKNOWLEDGED]


def rule_sweep() -> dict:
    """Every rule over every district, as beat's ``alerts.rules_sweep`` runs it."""
    started = time.perf_counter()
    result = rules_run()
    return {
        "seconds": time.perf_counter() - started,
        "opened": len(result.opened),
        "resolved": len(result.resolved),
        "refreshed": len(result.refreshed),
    }


TICKS = 3


def escalation() -> dict:
    """Ticks as beat runs them, one a minute, at a moment when every open alert's next step is due
    (a day from now): each advances at most ``TICK_BATCH`` of them, so the open ones are reported
    too. The figure is the median of ``TICKS`` ticks, each firing the next due steps; one tick is
    a single sample of a few hundred milliseconds, which the machine moves by a third."""
    when = timezone.now() + datetime.timedelta(days=1)
    reverse("home")  # a running worker has its URLconf loaded; the first link built here would load it
    unresolved = Alert.objects.filter(state__in=UNRESOLVED)
    open_alerts, due = unresolved.count(), unresolved.filter(next_escalation_at__lte=when).count()
    times, fired = [], []
    for minute in range(TICKS):
        started = time.perf_counter()
        fired.append(escalation_tick(now=when + datetime.timedelta(minutes=minute)))
        times.append(time.perf_counter() - started)
    return {
        "seconds": statistics.median(times),
        "each": times,
        "open_alerts": open_alerts,
        "due": due,
        "steps_fired": min(fired),
        "batch": TICK_BATCH,
    }
