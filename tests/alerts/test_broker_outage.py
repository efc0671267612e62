"""With the broker down, a request that hands work off answers in normal time, and nothing is lost or doubled.

Runs against Redis (CELERY_BROKER_URL=redis://…, your own database number); the broker is
"down" by pointing the app at a port where nothing listens.
"""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.utils import timezone
from kombu import Connection
from rest_framework.test import APIClient

from kencana.accounts.models import Role
from kencana.alerts import tasks
from kencana.alerts.models import Alert, Delivery, HazardWarning
from kencana.celery import app as celery_app
from tests.factories import KecamatanFactory, UserFactory

from .test_broker import DEAD_BROKER, broker_idle, use_broker, wait_for

pytestmark = [
    pytest.mark.serial,  # a real worker on the shared queue: runs alone, after the parallel part
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL.startswith("redis://"), reason="needs CELERY_BROKER_URL=redis://…"
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
# Far under the 30 s a gunicorn worker gets; with ~6 s per hand-off the eight kecamatan took over 50 s.
NORMAL_TIME_SECONDS = 10


@pytest.fixture
def eight_kecamatan(balangan, paringin, awayan):
    """Balangan's eight kecamatan, each with an officer who wants email."""
    kecamatan = [paringin, awayan] + [
        KecamatanFactory(district=balangan, code=f"63.11.{n:02d}", name=f"Kecamatan {n}") for n in (1, 2, 4, 5, 7, 8)
    ]
    for place in kecamatan:
        UserFactory(
            username=f"camat.{place.code}",
            district=balangan,
            role=Role.OFFICER,
            kecamatan=[place],
            email=f"camat.{place.code}@example.org",
        )
    return kecamatan


@pytest.fixture
def broker_attempts(monkeypatch):
    """Every connection the app opens to the broker, counted."""
    attempts = []
    original = Connection._connection_factory

    def counted(self, *args, **kwargs):
        attempts.append(self.as_uri())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "_connection_factory", counted)
    return attempts


def test_a_hazard_warning_answers_in_normal_time_with_the_broker_down_and_is_delivered_once_after(
    balangan, staff, eight_kecamatan, three_step_policy, broker_attempts, settings
):
    settings.ALERTS_SWEEP_GRACE_SECONDS = 0
    api = APIClient()
    api.force_authenticate(staff)
    body = {
        "kecamatan": [k.code for k in eight_kecamatan],
        "hazard": "banjir",
        "severity": "severe",
        "title": "Siaga darurat banjir",
        "expires_at": (timezone.now() + datetime.timedelta(days=2)).isoformat(),
    }
    broker = celery_app.conf.broker_url
    use_broker(DEAD_BROKER)
    try:
        started = time.monotonic()
        response = api.post("/api/v1/hazard-warnings/", body, format="json")
        elapsed = time.monotonic() - started
    finally:
        use_broker(broker)
    assert response.status_code == 201, response.content
    assert elapsed < NORMAL_TIME_SECONDS
    assert len(broker_attempts) == 1, "one try, no retries, then the broker is left alone"
    assert HazardWarning.objects.count() == 1 and Alert.objects.filter(rule="hazard_warning").count() == 8
    emails = Delivery.objects.filter(channel="email")
    assert emails.count() == 8 and set(emails.values_list("status", flat=True)) == {"pending"}

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        tasks.outbox_sweep()
        assert wait_for(lambda: set(emails.values_list("status", flat=True)) == {"sent"})
        tasks.outbox_sweep()  # a second sweep finds nothing left to send
        assert wait_for(broker_idle)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"camat.{k.code}@example.org" for k in eight_kecamatan)
    assert set(emails.values_list("attempts", flat=True)) == {1}
