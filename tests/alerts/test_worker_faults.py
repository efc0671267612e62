"""A worker killed in the middle of a delivery: the delivery is sent again, never lost, never doubled.

The fault test runs real Celery workers as separate processes against the test database
(PostgreSQL) and the broker (Redis; use your own database number), and kills one with SIGKILL
while a webhook gateway on loopback holds its request open.
"""

import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from kombu import Connection

from kencana.accounts.models import Role
from kencana.alerts import tasks
from kencana.alerts.engine import rules_run
from kencana.alerts.models import Delivery, DistrictAlertSettings, Notification
from kencana.alerts.notifications.delivery import WORKER_LOST, deliveries_due_for_sweep
from kencana.celery import app as celery_app

from .factories import HazardWarningFactory, policy

WAIT_SECONDS = 60  # for anything that should take a few seconds: a worker starting, a task running
needs_redis = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("redis://"), reason="needs CELERY_BROKER_URL=redis://…"
)


class HoldingGateway(BaseHTTPRequestHandler):
    """A webhook receiver that keeps the first request open until released, and answers 200 after."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({"body": json.loads(body), "headers": dict(self.headers)})
        if len(self.server.received) == 1:
            self.server.holding.set()
            self.server.release.wait(WAIT_SECONDS)
        try:
            self.send_response(200)
            self.end_headers()
        except OSError:
            pass  # the sender is gone

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = ThreadingHTTPServer(("127.0.0.1", 0), HoldingGateway)
    server.received, server.holding, server.release = [], threading.Event(), threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def wait_for(predicate, seconds: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def pytest_database_url() -> str:
    """The pytest database (test_…) as a DATABASE_URL, for processes outside pytest."""
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(name: str, log: Path, **environment: str) -> subprocess.Popen:
    """A real `celery worker` process, one task at a time in its main process (so SIGKILL loses it)."""
    env = {
        **os.environ,
        "DATABASE_URL": pytest_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **environment,
    }
    command = [sys.executable, "-m", "celery", "-A", "kencana", "worker", "--pool=solo", "--queues=celery"]
    command += [f"--hostname={name}@%h", "--without-mingle", "--without-gossip", "--without-heartbeat"]
    command += ["--loglevel=INFO"]
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603 - our own command line


def stop(worker: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if worker.poll() is None:
        worker.send_signal(sig)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=10)


def broker(command: str, *args):
    """Run one Redis command on the broker's database."""
    with celery_app.connection_for_read() as conn:
        return conn.default_channel.client.execute_command(command, *args)


def broker_empty() -> bool:
    """Nothing queued, and nothing taken by a worker but not yet acknowledged."""
    return broker("LLEN", "celery") == 0 and broker("HLEN", "unacked") == 0


def unacknowledged_tasks() -> list[str]:
    """The task ids a worker took from the broker and never acknowledged."""
    return [json.loads(raw)[0]["headers"]["id"] for raw in broker("HVALS", "unacked")]


def hand_back_unacknowledged_tasks() -> None:
    """What Redis does once the visibility timeout has passed: requeue the tasks nobody acked."""
    with Connection(settings.CELERY_BROKER_URL, transport_options={"visibility_timeout": 0}) as conn:
        conn.default_channel.qos.restore_visible(num=100)


@pytest.mark.serial
@pytest.mark.postgres
@needs_redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_a_webhook_whose_worker_is_killed_mid_send_is_sent_again_once_with_the_same_delivery_id(
    balangan, people, paringin, gateway, tmp_path
):
    # Tasks other tests enqueued with no worker running would be run by ours: start empty.
    broker("DEL", "celery", "unacked", "unacked_index")
    DistrictAlertSettings.objects.create(
        district=balangan, webhook_url=f"http://127.0.0.1:{gateway.server_port}/hook", webhook_secret="s3cret"
    )
    policy(balangan, (0, Role.BPBD_STAFF, ["webhook"]))
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()  # commits: the alert, the staff's inbox entry, the webhook delivery; enqueues `deliver`
    delivery = Delivery.objects.get()
    log = tmp_path / "workers.log"
    workers = []
    try:
        # The first worker takes the task and blocks on the gateway, which never answers it.
        workers.append(start_worker("first", log, ALERTS_WEBHOOK_TIMEOUT=str(WAIT_SECONDS)))
        assert gateway.holding.wait(WAIT_SECONDS), log.read_text()
        assert Delivery.objects.get(pk=delivery.pk).status == "sending"
        stop(workers[0], signal.SIGKILL)  # no warm shutdown, no acknowledgement: as after the OOM killer
        gateway.release.set()

        # Another worker runs the outbox sweep, as beat does every minute; with no grace the
        # dead worker's claim is stale at once.
        workers.append(start_worker("second", log, ALERTS_SWEEP_GRACE_SECONDS="0"))
        tasks.outbox_sweep.delay()
        assert wait_for(lambda: Delivery.objects.get(pk=delivery.pk).status == "sent"), log.read_text()
        assert wait_for(lambda: broker("LLEN", "celery") == 0), log.read_text()

        # Later, the broker redelivers the killed worker's task; it finds the delivery sent.
        [lost_task] = unacknowledged_tasks()
        hand_back_unacknowledged_tasks()
        assert wait_for(lambda: f"alerts.deliver[{lost_task}] succeeded" in log.read_text()), log.read_text()
        assert broker_empty()
    finally:
        for worker in workers:
            stop(worker, signal.SIGKILL)

    assert len(gateway.received) == 2
    for request in gateway.received:
        assert request["headers"]["X-Kencana-Delivery"] == str(delivery.pk)
        assert request["body"]["delivery"] == delivery.pk
    delivery = Delivery.objects.get()
    assert delivery.status == "sent" and delivery.attempts == 2
    assert [(a.number, a.ok, a.detail) for a in delivery.attempt_log.all()] == [
        (1, False, WORKER_LOST),
        (2, True, "HTTP 200"),
    ]
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["staff.balangan"]


def test_the_sweeper_logs_the_attempt_of_a_dead_worker_and_makes_the_delivery_due_again(
    balangan, people, paringin, settings
):
    settings.ALERTS_SWEEP_GRACE_SECONDS = 60
    DistrictAlertSettings.objects.create(district=balangan, webhook_url="http://127.0.0.1:1/hook")
    policy(balangan, (0, Role.BPBD_STAFF, ["webhook"]))
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    delivery = Delivery.objects.get()
    claimed = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=claimed, attempts=1)

    with time_machine.travel(claimed + datetime.timedelta(minutes=9)):
        assert deliveries_due_for_sweep() == []  # the worker may still be talking to the gateway
    with time_machine.travel(claimed + datetime.timedelta(minutes=11)):
        assert deliveries_due_for_sweep() == [delivery.pk]
        assert deliveries_due_for_sweep() == [delivery.pk]  # a second sweep releases nothing twice
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.last_error == WORKER_LOST
    assert list(delivery.attempt_log.values_list("number", "ok")) == [(1, False)]


def test_a_dead_worker_on_the_last_attempt_fails_the_delivery(balangan, people, paringin, settings):
    settings.ALERTS_MAX_ATTEMPTS = 2
    DistrictAlertSettings.objects.create(district=balangan, webhook_url="http://127.0.0.1:1/hook")
    policy(balangan, (0, Role.BPBD_STAFF, ["webhook"]))
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now(), attempts=2)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert deliveries_due_for_sweep() == []
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 2
