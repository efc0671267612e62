"""Inbound webhooks: each provider's signature or secret, then the keyword commands."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from kencana.alerts import tasks
from kencana.alerts.channels.fakes import FakeWhatsApp
from kencana.alerts.models import Delivery, DistrictChannel, MessagingContact
from kencana.messaging.models import FieldReport
from kencana.response.models import Task

from .conftest import APP_SECRET, OFFICER_PHONE


def whatsapp_body(sender: str, text: str = "", **message) -> bytes:
    message = {"from": sender, "id": "wamid.in", "timestamp": "0", **message}
    if text:
        message.update(type="text", text={"body": text})
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1099"}, "messages": [message]}
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [{"value": value}]}]}).encode()


def post_whatsapp(client, body: bytes, secret: str = APP_SECRET):
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    url = reverse("messaging:webhook", args=["63.11", "whatsapp"])
    return client.post(url, body, content_type="application/json", headers={"X-Hub-Signature-256": signature})


def replies() -> list[tuple[str, str, str]]:
    return [(d.channel, d.destination, d.payload["text"]) for d in Delivery.objects.order_by("pk")]


def test_a_forged_whatsapp_webhook_is_refused_and_stores_nothing(client, whatsapp, officer_phone):
    body = whatsapp_body(OFFICER_PHONE, "LAPOR BANJIR PARINGIN 50CM")
    assert post_whatsapp(client, body, secret="guessed").status_code == 403
    url = reverse("messaging:webhook", args=["63.11", "whatsapp"])
    assert client.post(url, body, content_type="application/json").status_code == 403  # unsigned
    assert FieldReport.objects.count() == 0 and Delivery.objects.count() == 0


def test_a_registered_officers_report_becomes_one_unverified_field_report_and_the_phone_gets_the_reply(
    reference_data, client, whatsapp, officer_phone, officer, paringin
):  # the reference rows first: a transactional test before this one may have emptied them
    response = post_whatsapp(client, whatsapp_body(OFFICER_PHONE, "LAPOR BANJIR PARINGIN 50CM"))
    assert response.status_code == 200
    report = FieldReport.objects.get()
    assert (report.state, report.kecamatan, report.hazard.code, report.depth_cm) == (
        "unverified",
        paringin,
        "banjir",
        50,
    )
    assert (report.sender, report.sender_user, report.channel) == (OFFICER_PHONE, officer, "whatsapp")
    [reply] = Delivery.objects.all()
    assert (reply.channel, reply.destination) == ("whatsapp", OFFICER_PHONE)
    assert f"report no. {report.pk}" in reply.payload["text"] and "Paringin" in reply.payload["text"]

    with FakeWhatsApp() as phone_network:
        DistrictChannel.objects.filter(pk=whatsapp.pk).update(api_url=phone_network.url)
        tasks.deliver(reply.pk)
    [received] = phone_network.delivered()
    assert received["path"] == "/1099/messages" and received["headers"]["Authorization"] == "Bearer EAAtoken"
    assert received["body"]["to"] == OFFICER_PHONE and received["body"]["type"] == "text"  # a reply, not a template
    assert received["body"]["text"]["body"] == reply.payload["text"]


def test_the_whatsapp_subscription_handshake_needs_the_verify_token(client, whatsapp):
    url = reverse("messaging:webhook", args=["63.11", "whatsapp"])
    ok = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": APP_SECRET, "hub.challenge": "42"})
    assert ok.status_code == 200 and ok.content == b"42"
    assert client.get(url, {"hub.verify_token": "nope", "hub.challenge": "42"}).status_code == 403


def test_unknown_numbers_may_not_report_unless_the_district_accepts_the_public(client, whatsapp, paringin):
    post_whatsapp(client, whatsapp_body("6289999", "LAPOR BANJIR PARINGIN"))
    assert FieldReport.objects.count() == 0
    assert "registered numbers only" in replies()[-1][2]

    DistrictChannel.objects.filter(pk=whatsapp.pk).update(accept_public=True)
    post_whatsapp(client, whatsapp_body("6289999", "lapor  banjir   paringin"))
    report = FieldReport.objects.get()
    assert report.sender_user is None and report.kecamatan == paringin


def test_an_unknown_sender_never_sees_internal_data(client, whatsapp, officer_phone, paringin):
    for text in ("STATUS", "AMBIL 1", "halo"):
        post_whatsapp(client, whatsapp_body("6289999", text))
    assert all(text.startswith("Kencana. Send: LAPOR") for _channel, _to, text in replies())


def test_a_telegram_update_needs_the_secret_token_and_start_tells_the_chat_id(client, telegram):
    url = reverse("messaging:webhook", args=["63.11", "telegram"])
    update = {"update_id": 1, "message": {"message_id": 1, "chat": {"id": 5551234}, "text": "/start"}}
    assert client.post(url, update, content_type="application/json").status_code == 403
    response = client.post(
        url, update, content_type="application/json", headers={"X-Telegram-Bot-Api-Secret-Token": "tg-secret"}
    )
    assert response.status_code == 200
    assert replies() == [("telegram", "5551234", replies()[0][2])] and "5551234" in replies()[0][2]


def test_a_telegram_report_with_a_location_is_placed_by_its_kecamatan_boundary(client, telegram, bounded_paringin):
    DistrictChannel.objects.filter(pk=telegram.pk).update(accept_public=True)
    url = reverse("messaging:webhook", args=["63.11", "telegram"])
    message = {"chat": {"id": 77}, "caption": "LAPOR BANJIR", "location": {"latitude": -2.28, "longitude": 115.47}}
    message["photo"] = [{"file_id": "small", "file_size": 10}, {"file_id": "big", "file_size": 50_000_000}]
    client.post(
        url,
        {"message": message},
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "tg-secret"},
    )
    report = FieldReport.objects.get()
    assert report.kecamatan == bounded_paringin and report.photos == []
    assert "too large" in replies()[-1][2]


def test_an_sms_callback_needs_the_shared_secret(client, sms, paringin):
    DistrictChannel.objects.filter(pk=sms.pk).update(accept_public=True)
    url = reverse("messaging:webhook", args=["63.11", "sms"])
    assert client.post(url, {"from": "628123", "text": "LAPOR BANJIR PARINGIN"}).status_code == 403
    assert (
        client.post(url + "?secret=sms-secret", {"from": "+628123", "text": "LAPOR BANJIR PARINGIN"}).status_code == 200
    )
    assert FieldReport.objects.get().sender == "628123"


def test_a_sender_over_the_hourly_limit_is_ignored(client, whatsapp, settings):
    settings.MESSAGING_SENDER_PER_HOUR = 2
    for _ in range(4):
        post_whatsapp(client, whatsapp_body("6289999", "halo"))
    assert Delivery.objects.count() == 2


def test_an_unknown_district_or_provider_is_not_found(client, whatsapp):
    assert client.post(reverse("messaging:webhook", args=["63.03", "whatsapp"])).status_code == 404
    assert client.post(reverse("messaging:webhook", args=["63.11", "pigeon"])).status_code == 404


def test_status_tells_an_officer_the_kecamatan_and_its_open_alerts(client, whatsapp, officer_phone, paringin):
    post_whatsapp(client, whatsapp_body(OFFICER_PHONE, "status"))
    assert replies()[-1][2].startswith("Paringin: tier not yet verified, 0 open alerts")


def test_an_officer_takes_and_finishes_a_task_by_its_number(client, whatsapp, officer_phone, staff, paringin):
    from tests.response.factories import open_event

    event = open_event(staff, [paringin])
    task = Task.objects.create(event=event, number=1, kecamatan=paringin, title="Evakuasi warga", due_at=timezone.now())
    Task.objects.filter(pk=task.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    post_whatsapp(client, whatsapp_body(OFFICER_PHONE, "AMBIL 1"))
    task.refresh_from_db()
    assert task.state == "acknowledged" and "acknowledged" in replies()[-1][2]
    post_whatsapp(client, whatsapp_body(OFFICER_PHONE, "selesai 1"))
    task.refresh_from_db()
    assert task.state == "done"
    post_whatsapp(client, whatsapp_body(OFFICER_PHONE, "AMBIL 9"))
    assert "No open task no. 9" in replies()[-1][2]


@pytest.fixture
def bounded_paringin(paringin):
    from shapely.geometry import shape

    from kecamatan.geometry import geometry_fields
    from kecamatan.models import Kecamatan
    from tests.factories import square

    Kecamatan.objects.filter(pk=paringin.pk).update(**geometry_fields(shape(square(115.45, -2.30))))
    return paringin


def test_a_contact_is_matched_only_once_verified(client, whatsapp, officer):
    MessagingContact.objects.create(user=officer, channel="whatsapp", address=OFFICER_PHONE)
    post_whatsapp(client, whatsapp_body(OFFICER_PHONE, "STATUS"))
    assert replies()[-1][2].startswith("Kencana. Send: LAPOR")


def test_status_names_the_open_alerts_of_the_officers_kecamatan_only(
    client, whatsapp, officer_phone, staff, balangan, paringin, awayan
):
    from kencana.alerts.engine import rules_run
    from tests.alerts.factories import HazardWarningFactory

    HazardWarningFactory(district=balangan, created_by=staff, kecamatan=[paringin], title="Banjir Paringin")
    HazardWarningFactory(district=balangan, created_by=staff, kecamatan=[awayan], title="Banjir Awayan")
    rules_run()
    post_whatsapp(client, whatsapp_body(OFFICER_PHONE, "STATUS"))
    reply = replies()[-1][2]
    assert "Paringin" in reply and "1 open alerts (Banjir Paringin" in reply and "Awayan" not in reply
