"""Real concurrency on PostgreSQL: the per-event counters and the one-open-version rule under races."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from kencana.response import services
from kencana.response.models import ImpactReport, Sitrep, Task

from ..logistics.test_concurrency import race
from . import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_cards_activated_at_once_number_their_tasks_without_a_gap_or_a_clash(event, staff, paringin, awayan):
    cards = [factories.flood_card(paringin), factories.flood_card(awayan)]
    results = race(2, lambda i: services.card_activate(event=event, card=cards[i], by=staff))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(Task.objects.filter(event=event).values_list("number", flat=True)) == list(range(1, 9))


def test_two_initial_sitreps_at_once_make_one(event, staff):
    results = race(4, lambda i: services.sitrep_issue(event=event, by=staff, kind="awal"))
    issued = [r for r in results if isinstance(r, Sitrep)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(issued) == 1 and len(refused) == 3, results
    assert issued[0].number == 1


def test_one_desa_filed_twice_at_once_keeps_one_version(event, officer, lasung_batu):
    as_of = timezone.now() - datetime.timedelta(minutes=5)

    def file(i):
        return services.impact_report_save(
            by=officer, event=event, desa=lasung_batu, as_of=as_of, values={"dead": i}, submit=True
        )

    results = race(4, file)
    filed = [r for r in results if isinstance(r, ImpactReport)]
    assert len(filed) == 1, results
    assert all(isinstance(r, ValidationError | IntegrityError | ImpactReport) for r in results)
    assert ImpactReport.objects.filter(desa=lasung_batu).count() == 1
