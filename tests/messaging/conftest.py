import datetime

import pytest
from django.utils import timezone, translation

from kecamatan.models import Hazard
from kencana.alerts.models import DistrictChannel, MessagingContact
from kencana.messaging.models import FieldReport

APP_SECRET = "wa-app-secret"
OFFICER_PHONE = "6281200000001"


@pytest.fixture(autouse=True)
def english():
    """Replies are asserted in English (the msgids); the catalogue is checked by core's tests."""
    with translation.override("en"), pytest.MonkeyPatch.context() as patch:
        from django.conf import settings

        patch.setattr(settings, "LANGUAGE_CODE", "en")
        yield


@pytest.fixture
def secrets(settings):
    settings.MESSAGING_SECRETS = {
        "wa_token": "EAAtoken",
        "wa_app": APP_SECRET,
        "tg_bot": "123:ABC",
        "tg_hook": "tg-secret",
        "sms_key": "key",
        "sms_hook": "sms-secret",
    }
    return settings.MESSAGING_SECRETS


@pytest.fixture
def whatsapp(balangan, secrets):
    return DistrictChannel.objects.create(
        district=balangan,
        provider="whatsapp",
        api_url="http://127.0.0.1:1",
        sender_id="1099",
        credential="wa_token",
        inbound_secret="wa_app",
        group_address="120363000000@g.us",
        template_name="peringatan_bencana",
    )


@pytest.fixture
def telegram(balangan, secrets):
    return DistrictChannel.objects.create(
        district=balangan,
        provider="telegram",
        api_url="http://127.0.0.1:1",
        credential="tg_bot",
        inbound_secret="tg_hook",
        group_address="-1001234",
    )


@pytest.fixture
def sms(balangan, secrets):
    return DistrictChannel.objects.create(
        district=balangan,
        provider="sms",
        api_url="http://127.0.0.1:1/send",
        credential="sms_key",
        inbound_secret="sms_hook",
        sender_id="BPBD",
    )


@pytest.fixture
def officer_phone(officer):
    """The Paringin officer's WhatsApp number, verified."""
    return MessagingContact.objects.create(
        user=officer, channel="whatsapp", address=OFFICER_PHONE, verified_at=timezone.now() - datetime.timedelta(days=1)
    )


@pytest.fixture
def report(balangan, paringin, officer, whatsapp):
    return FieldReport.objects.create(
        district=balangan,
        channel="whatsapp",
        sender=OFFICER_PHONE,
        sender_user=officer,
        text="LAPOR BANJIR PARINGIN 50CM",
        hazard=Hazard.objects.get(code="banjir"),
        kecamatan=paringin,
        depth_cm=50,
    )
