import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from kencana.accounts.models import Role
from kencana.alerts import services, tasks
from kencana.alerts.engine import rules_run
from kencana.alerts.models import Alert, Delivery, DistrictAlertSettings, HazardWarning, Notification
from kencana.alerts.notifications.delivery import deliveries_due_for_sweep, delivery_attempt

from .factories import HazardWarningFactory, policy


class GatewayHandler(BaseHTTPRequestHandler):
    """A webhook receiver that answers with the next status from its script."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append({"body": self.rfile.read(length), "headers": dict(self.headers)})
        status = self.server.script.pop(0) if self.server.script else 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = ThreadingHTTPServer(("127.0.0.1", 0), GatewayHandler)
    server.received, server.script = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def open_alert(district, by, kecamatan, **kwargs):
    HazardWarningFactory(district=district, created_by=by, kecamatan=[kecamatan], **kwargs)
    rules_run()
    return Alert.objects.get()


def test_the_outbox_is_written_with_the_alert_and_enqueued_only_after_commit(
    balangan, people, paringin, three_step_policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        open_alert(balangan, people["staff"], paringin)
        assert Delivery.objects.filter(status="pending").count() == 1
    enqueues = [c for c in callbacks if c.__qualname__.startswith("_write.")]  # the outbox hands over its rows
    assert len(enqueues) == 1


def test_delivering_twice_sends_once(balangan, people, paringin, three_step_policy):
    open_alert(balangan, people["staff"], paringin)
    delivery = Delivery.objects.get(channel="email")
    tasks.deliver(delivery.pk)
    tasks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["camat.paringin@example.org"]
    assert delivery.status == "sent" and delivery.attempts == 1
    assert list(delivery.attempt_log.values_list("ok", flat=True)) == [True]


def test_the_sweeper_sends_what_the_broker_never_received(
    balangan, people, paringin, three_step_policy, django_capture_on_commit_callbacks, eager_celery
):
    # The on-commit enqueue is dropped, as when the broker is down at that moment.
    with django_capture_on_commit_callbacks(execute=False):
        open_alert(balangan, people["staff"], paringin)
    assert deliveries_due_for_sweep() == []  # not yet overdue: the normal path may still deliver it
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        tasks.outbox_sweep()
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == "sent"


def test_a_delivery_stuck_in_sending_goes_back_to_pending(balangan, people, paringin, three_step_policy):
    open_alert(balangan, people["staff"], paringin)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now())
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        assert deliveries_due_for_sweep() == [delivery.pk]


def test_the_webhook_is_retried_with_exponential_backoff_until_it_answers(
    balangan, people, paringin, gateway, settings
):
    settings.ALERTS_RETRY_BASE_SECONDS = 30
    url = f"http://127.0.0.1:{gateway.server_port}/hook"
    DistrictAlertSettings.objects.create(district=balangan, webhook_url=url, webhook_secret="s3cret")
    policy(balangan, (0, Role.BPBD_STAFF, ["webhook"]))
    gateway.script = [503, 500, 200]
    open_alert(balangan, people["staff"], paringin)
    delivery = Delivery.objects.get(channel="webhook")
    start = timezone.now()

    with time_machine.travel(start, tick=False) as clock:
        assert delivery_attempt(delivery_id=delivery.pk).status == "pending"
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == start + datetime.timedelta(seconds=30)
        assert delivery_attempt(delivery_id=delivery.pk) is None  # not due yet
        clock.move_to(start + datetime.timedelta(seconds=30))
        assert delivery_attempt(delivery_id=delivery.pk).status == "pending"
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == start + datetime.timedelta(seconds=90)  # 30 s, then 60 s
        clock.move_to(start + datetime.timedelta(seconds=90))
        assert delivery_attempt(delivery_id=delivery.pk).status == "sent"

    assert [a.ok for a in delivery.attempt_log.all()] == [False, False, True]
    assert "HTTP 503" in delivery.attempt_log.first().detail
    request = gateway.received[-1]
    payload = json.loads(request["body"])
    assert payload["alert"]["kecamatan"] == "63.11.06"
    assert payload["recipients"][0]["email"] == "staff.balangan@example.org"
    signature = hmac.new(b"s3cret", request["body"], hashlib.sha256).hexdigest()
    assert request["headers"]["X-Kencana-Signature"] == f"sha256={signature}"


def test_the_webhook_gives_up_after_the_last_attempt(balangan, people, paringin, gateway, settings):
    settings.ALERTS_MAX_ATTEMPTS = 2
    DistrictAlertSettings.objects.create(district=balangan, webhook_url=f"http://127.0.0.1:{gateway.server_port}/")
    policy(balangan, (0, Role.BPBD_STAFF, ["webhook"]))
    gateway.script = [500, 500, 500]
    open_alert(balangan, people["staff"], paringin)
    delivery = Delivery.objects.get()
    delivery_attempt(delivery_id=delivery.pk)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert delivery_attempt(delivery_id=delivery.pk).status == "failed"
    assert len(gateway.received) == 2


def test_an_unreachable_webhook_is_logged_as_a_failed_attempt(balangan, people, paringin, gateway):
    port = gateway.server_port
    gateway.shutdown()
    gateway.server_close()
    DistrictAlertSettings.objects.create(district=balangan, webhook_url=f"http://127.0.0.1:{port}/")
    policy(balangan, (0, Role.BPBD_STAFF, ["webhook"]))
    open_alert(balangan, people["staff"], paringin)
    delivery = delivery_attempt(delivery_id=Delivery.objects.get().pk)
    assert delivery.status == "pending" and "URLError" in delivery.last_error


def test_people_get_email_only_for_the_severities_they_chose(balangan, people, paringin):
    policy(balangan, (0, Role.OFFICER, ["inbox", "email"]))
    open_alert(balangan, people["staff"], paringin, severity="moderate")
    assert not Delivery.objects.exists()  # by default email is for severe and extreme only
    assert Notification.objects.filter(user=people["officer"]).count() == 1  # the inbox always receives
    services.preferences_save(user=people["officer"], email_severities={"moderate"})
    HazardWarning.objects.update(cancelled_at=timezone.now())
    rules_run()
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin], severity="moderate")
    rules_run()
    assert Delivery.objects.filter(destination="camat.paringin@example.org").count() == 1


def test_marking_a_notification_read_is_only_for_its_owner(balangan, people, paringin, three_step_policy):
    from django.core.exceptions import PermissionDenied

    open_alert(balangan, people["staff"], paringin)
    notification = Notification.objects.get(user=people["officer"])
    with pytest.raises(PermissionDenied, match="This is not your notification"):
        services.notification_mark_read(notification=notification, by=people["staff"])
    services.notification_mark_read(notification=notification, by=people["officer"])
    notification.refresh_from_db()
    assert notification.read_at is not None
