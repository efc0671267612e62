"""An escalation reaches a person by Telegram and SMS exactly once each, through real workers.

The fakes answer 429 (with Retry-After) and then 500 before accepting: the outbox waits as
told, backs off, and sends each message once it goes through, never twice.
"""

import pytest

from kencana.accounts.models import Role
from kencana.alerts.channels.fakes import FakeProvider, FakeTelegram
from kencana.alerts.engine import rules_run
from kencana.alerts.models import Delivery, DistrictChannel, MessagingContact

from .factories import HazardWarningFactory, policy
from .test_worker_faults import broker, broker_empty, needs_redis, start_worker, stop, wait_for

SECRETS = "tg_bot=123:ABC,sms_key=Basic c21z"


@pytest.mark.serial
@pytest.mark.postgres
@needs_redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_an_escalation_reaches_staff_by_telegram_and_sms_once_each_through_429_and_500(
    balangan, people, paringin, tmp_path, settings
):
    broker("DEL", "celery", "unacked", "unacked_index")
    staff = people["staff"]
    with FakeTelegram(script=[429, 500]) as telegram, FakeProvider(script=[429, 500]) as gateway:
        DistrictChannel.objects.create(
            district=balangan, provider="telegram", api_url=telegram.url, credential="tg_bot"
        )
        DistrictChannel.objects.create(
            district=balangan,
            provider="sms",
            api_url=f"{gateway.url}/send",
            credential="sms_key",
            sender_id="BPBD",
        )
        MessagingContact.objects.create(
            user=staff, channel="telegram", address="5551234", verified_at="2026-01-01T00:00Z"
        )
        MessagingContact.objects.create(
            user=staff, channel="sms", address="6281234567890", verified_at="2026-01-01T00:00Z"
        )
        policy(balangan, (0, Role.BPBD_STAFF, ["inbox", "telegram", "sms"]))
        HazardWarningFactory(district=balangan, created_by=staff, kecamatan=[paringin], title="Siaga darurat banjir")
        rules_run()  # commits the alert and its outbox; enqueues one `deliver` per delivery
        assert Delivery.objects.count() == 2

        log = tmp_path / "workers.log"
        worker = start_worker("channels", log, ALERTS_RETRY_BASE_SECONDS="1", MESSAGING_SECRETS=SECRETS)
        try:
            assert wait_for(lambda: Delivery.objects.filter(status="sent").count() == 2), log.read_text()
            assert wait_for(broker_empty), log.read_text()
        finally:
            stop(worker)

    assert [r["status"] for r in telegram.received] == [429, 500, 200]
    assert [r["status"] for r in gateway.received] == [429, 500, 200]
    [to_telegram] = telegram.delivered()
    assert to_telegram["path"] == "/bot123:ABC/sendMessage"
    assert to_telegram["body"]["chat_id"] == "5551234"
    assert "SIAGA DARURAT BANJIR" in to_telegram["body"]["text"].upper() and "Paringin" in to_telegram["body"]["text"]
    [to_phone] = gateway.delivered()
    assert to_phone["headers"]["Authorization"] == "Basic c21z"
    assert to_phone["body"]["to"] == "6281234567890" and to_phone["body"]["from"] == "BPBD"
    for delivery in Delivery.objects.all():
        assert delivery.attempts == 3
        assert [a.ok for a in delivery.attempt_log.all()] == [False, False, True]
        first, second = delivery.attempt_log.all()[:2]
        assert first.detail.startswith("HTTP 429") and second.detail.startswith("HTTP 500")
