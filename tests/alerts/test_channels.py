"""Telegram, WhatsApp and SMS: message shape, provider formats, Retry-After, rate limits, verified contacts."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kencana.accounts.models import Role
from kencana.alerts import services, tasks
from kencana.alerts.channels import compose
from kencana.alerts.channels.fakes import FakeProvider, FakeTelegram, FakeWhatsApp
from kencana.alerts.channels.http import retry_after_seconds
from kencana.alerts.engine import rules_run
from kencana.alerts.models import Delivery, DistrictChannel, MessagingContact, NotificationPreference
from kencana.alerts.notifications.delivery import delivery_attempt
from kencana.alerts.notifications.outbox import message_send
from kencana.alerts.selectors import channel_severities_of

from .factories import HazardWarningFactory, policy

LONG = (
    "Hujan lebat sejak pagi membuat Sungai Balangan meluap di beberapa desa; warga di bantaran diminta "
    "mengungsi ke posko terdekat dan membawa dokumen penting, obat-obatan serta air minum secukupnya."
)


@pytest.fixture
def secrets(settings):
    settings.MESSAGING_SECRETS = {"tg": "123:ABC", "wa": "EAAtoken", "sms": "key"}


def channel(district, provider, url, **extra):
    extra.setdefault("credential", {"telegram": "tg", "whatsapp": "wa", "sms": "sms"}[provider])
    return DistrictChannel.objects.create(district=district, provider=provider, api_url=url, **extra)


def verified(user, channel_name, address):
    return MessagingContact.objects.create(user=user, channel=channel_name, address=address, verified_at=timezone.now())


# --- Composing -------------------------------------------------------------------------------------


def test_sms_parts_are_numbered_and_never_cut_a_word():
    parts = compose.sms_parts(" ".join([LONG, LONG]))
    assert 1 < len(parts) <= 3 and all(len(p) <= 153 for p in parts)
    assert [p.split(" ", 1)[0] for p in parts] == [f"({n}/{len(parts)})" for n in range(1, len(parts) + 1)]
    words = set(LONG.split())
    for part in parts:
        for word in part.split(" ", 1)[1].split():
            assert word.rstrip("…") in words, word
    assert compose.sms_parts("LAPOR diterima.") == ["LAPOR diterima."]


def test_an_alert_keeps_its_head_and_link_whole_and_shortens_the_explanation():
    [text] = compose.alert_message(
        head="[SEVERE] Siaga banjir, Paringin.", body=LONG * 20, link="https://k.id/a/1", channel="whatsapp"
    )
    assert (
        len(text) <= 1024
        and text.startswith("[SEVERE] Siaga banjir, Paringin.")
        and text.endswith("… https://k.id/a/1")
    )
    sms = compose.alert_message(
        head="[SEVERE] Siaga banjir, Paringin.", body=LONG, link="https://k.id/a/1", channel="sms"
    )
    assert len(sms) == 2 and sms[-1].endswith("https://k.id/a/1")


def test_shortening_breaks_at_a_word_boundary():
    assert compose.shorten("Air naik cepat di desa", 14) == "Air naik…"


# --- Providers against the fakes ------------------------------------------------------------------


def test_whatsapp_alerts_go_as_the_approved_template_and_replies_as_text(balangan, people, paringin, secrets):
    with FakeWhatsApp() as fake:
        channel(balangan, "whatsapp", fake.url, sender_id="1099", template_name="peringatan", credential="wa")
        verified(people["staff"], "whatsapp", "6281111")
        policy(balangan, (0, Role.BPBD_STAFF, ["whatsapp"]))
        HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
        rules_run()
        message_send(district_id=balangan.pk, channel="whatsapp", destination="6281111", text="Terima kasih")
        for delivery in Delivery.objects.order_by("pk"):
            tasks.deliver(delivery.pk)
    alert, reply = (r["body"] for r in fake.delivered())
    assert alert["type"] == "template" and alert["template"]["name"] == "peringatan"
    assert alert["template"]["language"] == {"code": "id"}
    assert "Paringin" in alert["template"]["components"][0]["parameters"][0]["text"]
    assert reply == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "6281111",
        "type": "text",
        "text": {"preview_url": False, "body": "Terima kasih"},
    }


def test_a_get_sms_gateway_gets_the_number_and_text_in_its_url(balangan, secrets):
    with FakeProvider() as fake:
        channel(
            balangan, "sms", f"{fake.url}/api?user=bpbd&to={{to}}&msg={{text}}", sms_method="GET", sms_auth_header=""
        )
        [delivery] = message_send(
            district_id=balangan.pk, channel="sms", destination="628123", text="Air naik 50 cm & deras"
        )
        tasks.deliver(delivery.pk)
    [request] = fake.delivered()
    assert request["method"] == "GET" and request["query"] == {
        "user": "bpbd",
        "to": "628123",
        "msg": "Air naik 50 cm & deras",
    }


def test_a_429_waits_as_long_as_the_provider_says(balangan, secrets, settings):
    settings.ALERTS_RETRY_BASE_SECONDS = 1
    with FakeTelegram(script=[429]) as fake:
        fake.retry_after = 120
        channel(balangan, "telegram", fake.url, credential="tg")
        [delivery] = message_send(district_id=balangan.pk, channel="telegram", destination="55", text="Uji")
        before = timezone.now()
        delivery = delivery_attempt(delivery_id=delivery.pk)
    assert delivery.status == "pending" and delivery.next_attempt_at >= before + datetime.timedelta(seconds=120)
    assert delivery.attempt_log.get().detail == "HTTP 429 Too Many Requests"


def test_retry_after_reads_seconds_dates_and_telegram_bodies():
    assert retry_after_seconds("30") == 30
    assert retry_after_seconds(None, {"parameters": {"retry_after": 7}}) == 7
    assert 0 <= retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after_seconds("soon") is None


def test_a_channel_over_its_rate_waits_for_the_next_minute_without_spending_an_attempt(balangan, secrets):
    with FakeTelegram() as fake:
        channel(balangan, "telegram", fake.url, credential="tg", rate_per_minute=2)
        deliveries = [
            message_send(district_id=balangan.pk, channel="telegram", destination="55", text=f"Pesan {n}")[0]
            for n in range(3)
        ]
        with time_machine.travel(datetime.datetime(2026, 12, 5, 10, 0, 30, tzinfo=datetime.UTC), tick=False):
            Delivery.objects.update(next_attempt_at=timezone.now())
            results = [delivery_attempt(delivery_id=d.pk) for d in deliveries]
    assert [r.status for r in results] == ["sent", "sent", "pending"]
    assert results[2].attempts == 0 and results[2].next_attempt_at == datetime.datetime(
        2026, 12, 5, 10, 1, tzinfo=datetime.UTC
    )
    assert len(fake.received) == 2


def test_phone_channels_follow_each_persons_severity_choices(balangan, people, paringin, secrets):
    channel(balangan, "sms", "http://127.0.0.1:1/{to}")
    verified(people["staff"], "sms", "628111")
    NotificationPreference.objects.create(user=people["staff"], severity="severe", sms=False)
    policy(balangan, (0, Role.BPBD_STAFF, ["sms"]))
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    assert not Delivery.objects.exists()


def test_an_unverified_number_gets_no_alerts(balangan, people, paringin, secrets):
    channel(balangan, "sms", "http://127.0.0.1:1/{to}")
    MessagingContact.objects.create(user=people["staff"], channel="sms", address="628111")
    policy(balangan, (0, Role.BPBD_STAFF, ["sms"]))
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    assert not Delivery.objects.exists()


# --- Verifying a number or chat id -----------------------------------------------------------------


def sent_code() -> str:
    text = Delivery.objects.latest("pk").payload["text"]
    return next(word for word in text.replace(".", " ").split() if word.isdigit() and len(word) == 6)


def test_a_number_is_verified_with_the_code_sent_to_it(balangan, people, secrets):
    channel(balangan, "sms", "http://127.0.0.1:1/{to}")
    staff = people["staff"]
    contact = services.contact_start(user=staff, channel="sms", address="0812-3456 7890")
    assert contact.address == "6281234567890" and contact.verified_at is None
    assert Delivery.objects.get().destination == "6281234567890"
    with pytest.raises(ValidationError, match="not right"):
        services.contact_verify(user=staff, channel="sms", code="000000" if sent_code() != "000000" else "111111")
    contact = services.contact_verify(user=staff, channel="sms", code=sent_code())
    assert contact.verified_at is not None


def test_a_code_expires_and_wrong_tries_are_limited(balangan, people, secrets):
    channel(balangan, "telegram", "http://127.0.0.1:1", credential="tg")
    staff = people["staff"]
    services.contact_start(user=staff, channel="telegram", address="5551234")
    code = sent_code()
    with pytest.raises(ValidationError, match="less than a minute ago"):
        services.contact_start(user=staff, channel="telegram", address="5551234")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(services.CODE_TRIES):
        with pytest.raises(ValidationError, match="not right"):
            services.contact_verify(user=staff, channel="telegram", code=wrong)
    with pytest.raises(ValidationError, match="expired"):
        services.contact_verify(user=staff, channel="telegram", code=code)


def test_a_number_needs_the_districts_channel_and_a_plausible_form(balangan, people, secrets):
    with pytest.raises(ValidationError, match="not set up this channel"):
        services.contact_start(user=people["staff"], channel="whatsapp", address="08123456789")
    channel(balangan, "whatsapp", "http://127.0.0.1:1", credential="wa")
    with pytest.raises(ValidationError, match="Enter a phone number"):
        services.contact_start(user=people["staff"], channel="whatsapp", address="call me")
    assert not MessagingContact.objects.exists()


def test_a_number_verified_by_someone_else_cannot_be_claimed(balangan, people, secrets):
    channel(balangan, "sms", "http://127.0.0.1:1/{to}")
    verified(people["admin"], "sms", "6281234567890")
    services.contact_start(user=people["staff"], channel="sms", address="081234567890")
    with pytest.raises(ValidationError, match="already verified by someone else"):
        services.contact_verify(user=people["staff"], channel="sms", code=sent_code())


def test_the_preferences_page_verifies_a_number_and_saves_phone_channels(client_for, balangan, people, secrets):
    channel(balangan, "sms", "http://127.0.0.1:1/{to}")
    client = client_for(people["staff"])
    page = client.get(reverse("alerts:preferences")).content.decode()
    assert "SMS untuk" in page and "Telegram untuk" not in page  # only the channels the district set up
    client.post(reverse("alerts:contact_start"), {"sms-channel": "sms", "sms-address": "0812 3456 7890"})
    client.post(reverse("alerts:contact_verify"), {"sms-code-channel": "sms", "sms-code-code": sent_code()})
    assert MessagingContact.objects.get().verified_at is not None
    client.post(reverse("alerts:preferences"), {"email": ["extreme"], "sms": ["severe", "extreme"]})
    assert channel_severities_of(user=people["staff"], channel="email") == {"extreme"}
    assert channel_severities_of(user=people["staff"], channel="sms") == {"severe", "extreme"}
