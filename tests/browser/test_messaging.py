"""A flood report by WhatsApp, end to end: the Paringin officer's phone sends `LAPOR BANJIR PARINGIN
50CM` to the district's WhatsApp number (a signed webhook, over real HTTP); BPBD staff find one
unverified field report matched to Paringin in their queue on a 390 px phone, verify it and open an
event from it; the officer's phone (a local fake of the WhatsApp Cloud API) receives each reply."""

import hashlib
import hmac
import json
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kencana.accounts.models import User
from kencana.alerts import tasks
from kencana.alerts.channels.fakes import FakeWhatsApp
from kencana.alerts.models import Delivery, DistrictChannel, MessagingContact
from kencana.messaging.models import FieldReport
from kencana.response.models import Event

from .conftest import login

PHONE = "6281255550606"
APP_SECRET = "browser-app-secret"


@pytest.fixture
def phone_network(demo, settings):
    settings.MESSAGING_SECRETS = {"wa_token": "EAAdemo", "wa_app": APP_SECRET}
    officer = User.objects.get(username="camat.paringin")
    MessagingContact.objects.create(user=officer, channel="whatsapp", address=PHONE, verified_at=timezone.now())
    with FakeWhatsApp() as fake:
        DistrictChannel.objects.create(
            district=officer.district,
            provider="whatsapp",
            api_url=fake.url,
            sender_id="1099",
            credential="wa_token",
            inbound_secret="wa_app",
        )
        yield fake


def send_from_the_phone(base_url: str, text: str) -> int:
    message = {"from": PHONE, "id": "wamid.1", "timestamp": "0", "type": "text", "text": {"body": text}}
    value = {"messaging_product": "whatsapp", "messages": [message]}
    body = json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": [{"value": value}]}]}).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(  # noqa: S310 - the live test server
        f"{base_url}/messaging/hooks/63.11/whatsapp/",
        data=body,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the live test server
        return response.status


def deliver_pending() -> None:
    """What the worker does with the outbox (the worker itself is tested in tests/alerts)."""
    for delivery in Delivery.objects.filter(status="pending").order_by("pk"):
        tasks.deliver(delivery.pk)


def test_a_whatsapp_flood_report_is_verified_and_becomes_an_event(phone_network, live_server, new_page):
    assert send_from_the_phone(live_server.url, "LAPOR BANJIR PARINGIN 50CM") == 200
    report = FieldReport.objects.get()
    assert (report.state, report.kecamatan.name, report.depth_cm) == ("unverified", "Paringin", 50)

    phone = new_page(phone=True)
    login(phone, "staff.balangan")
    phone.goto("/messaging/reports/")
    expect(phone.locator("h2[data-total]")).to_have_attribute("data-total", "1")
    phone.get_by_role("link", name="LAPOR BANJIR PARINGIN 50CM").click()
    expect(phone.locator("blockquote")).to_contain_text("LAPOR BANJIR PARINGIN 50CM")
    expect(phone.locator("dl")).to_contain_text("Paringin")
    phone.get_by_role("button", name="Verifikasi").click()
    expect(phone.locator(".messages")).to_contain_text("Laporan diverifikasi")
    phone.get_by_role("button", name="Buka kejadian dari laporan ini").click()
    event = Event.objects.get()
    phone.wait_for_url(f"**/response/events/{event.pk}/")
    expect(phone.locator(".messages")).to_contain_text(event.number)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert FieldReport.objects.get().event == event and list(event.kecamatan.values_list("name", flat=True)) == [
        "Paringin"
    ]

    deliver_pending()
    received = [r["body"] for r in phone_network.delivered()]
    assert all(r["to"] == PHONE and r["type"] == "text" for r in received)
    assert [r["text"]["body"] for r in received] == [
        f"Diterima (laporan no. {report.pk}): Banjir, Paringin. BPBD akan memeriksanya.",
        f"Laporan Anda no. {report.pk} telah diverifikasi BPBD. Terima kasih.",
        f"BPBD menindaklanjuti laporan Anda no. {report.pk} sebagai kejadian {event.number}.",
    ]
