"""Factories for alerts: policies with steps, hazard warnings, alerts."""

import datetime

import factory
from django.utils import timezone

from kecamatan.models import Hazard
from kencana.alerts.models import Alert, EscalationPolicy, EscalationStep, HazardWarning, Severity


def policy(district, *steps, name="Default", rule="", severity="", repeat=0, ack_timeout_minutes=None):
    """A policy with steps given as (wait_minutes, level, channels)."""
    made = EscalationPolicy.objects.create(
        district=district,
        name=name,
        rule=rule,
        severity=severity,
        repeat=repeat,
        ack_timeout_minutes=ack_timeout_minutes,
    )
    for order, (wait, level, channels) in enumerate(steps):
        EscalationStep.objects.create(policy=made, order=order, wait_minutes=wait, level=level, channels=list(channels))
    return made


class HazardWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HazardWarning
        skip_postgeneration_save = True

    hazard = factory.LazyFunction(lambda: Hazard.objects.get(code="banjir"))
    title = "Siaga darurat banjir"
    severity = Severity.SEVERE
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))

    @factory.post_generation
    def kecamatan(self, create, extracted, **kwargs):
        if create and extracted:
            self.kecamatan.set(extracted)


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    rule = "hazard_warning"
    severity = Severity.SEVERE
    title = factory.Sequence(lambda n: f"Peringatan {n}")
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
    district = factory.LazyAttribute(lambda o: o.kecamatan.district if o.kecamatan else None)
    kecamatan = None
