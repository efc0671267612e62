"""Against the real broker (Redis): an outage only delays delivery, nothing is lost.

Runs when CELERY_BROKER_URL is a Redis URL (use your own database number).
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from kencana.alerts import tasks
from kencana.alerts.engine import rules_run
from kencana.alerts.models import Delivery
from kencana.celery import app as celery_app

from .factories import HazardWarningFactory

pytestmark = [
    pytest.mark.serial,
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL.startswith("redis://"), reason="needs CELERY_BROKER_URL=redis://…"
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def use_broker(url: str) -> None:
    """Point the app at another broker, dropping the pooled connections to the old one.

    Publishing reads ``broker_write_url`` (filled from the settings at start), so that is the one to change.
    """
    celery_app.conf.broker_url = url
    celery_app.conf.broker_write_url = url
    celery_app.close()
    celery_app.amqp._producer_pool = None


def wait_for(predicate, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def broker_idle() -> bool:
    """Nothing waiting in the queue and nothing taken but unacknowledged (acks_late: still running)."""
    with celery_app.connection_for_read() as conn:
        client = conn.default_channel.client
        return client.llen("celery") == 0 and client.hlen("unacked") == 0


def test_a_notification_created_while_the_broker_is_down_is_delivered_after_it_returns(
    balangan, people, paringin, three_step_policy, settings
):
    settings.ALERTS_SWEEP_GRACE_SECONDS = 0
    broker = celery_app.conf.broker_url
    use_broker(DEAD_BROKER)
    try:
        HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
        rules_run()  # commits; the on-commit enqueue fails against the dead broker and is only logged
    finally:
        use_broker(broker)
    delivery = Delivery.objects.get(channel="email")
    assert delivery.status == "pending" and mail.outbox == []

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        tasks.outbox_sweep()
        assert wait_for(lambda: Delivery.objects.get(pk=delivery.pk).status == "sent")
    assert [m.to for m in mail.outbox] == [["camat.paringin@example.org"]]


def test_a_task_delivered_twice_by_the_broker_notifies_once(balangan, people, paringin, three_step_policy):
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    delivery = Delivery.objects.get(channel="email")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        tasks.deliver.delay(delivery.pk)
        tasks.deliver.delay(delivery.pk)
        assert wait_for(lambda: Delivery.objects.get(pk=delivery.pk).status == "sent")
        assert wait_for(broker_idle)  # both copies have run and been acknowledged
    assert len(mail.outbox) == 1
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1
