"""Real concurrency on PostgreSQL: two workers racing must not page twice or open two alerts."""

import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from kencana.alerts.engine import rules_run
from kencana.alerts.escalation import escalation_tick
from kencana.alerts.models import Alert, Notification

from .factories import HazardWarningFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def race(target, workers: int = 4) -> list:
    """Run ``target`` in several threads released at the same instant; return what each returned."""
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # surfaced below, so a failure in a thread fails the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_concurrent_rule_runs_open_one_alert_per_key(balangan, staff, paringin):
    HazardWarningFactory(district=balangan, created_by=staff, kecamatan=[paringin])
    race(rules_run)
    assert Alert.objects.count() == 1


def test_duplicated_escalation_ticks_notify_once(balangan, people, paringin, three_step_policy):
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    later = timezone.now() + timezone.timedelta(minutes=11)
    with time_machine.travel(later):
        fired = race(escalation_tick)
    assert sum(fired) == 1
    assert Notification.objects.filter(user=people["staff"]).count() == 1
