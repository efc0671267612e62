""" "Today" is the district's day: a period opens, a draft locks and a report falls overdue at local midnight.

Balangan keeps WITA (UTC+8): half past midnight there is still the previous day in UTC, so
each test stands at that moment, when the local and the UTC dates differ.
"""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from kencana.alerts.engine import rules_run
from kencana.alerts.models import Alert
from kencana.readiness import services
from kencana.readiness.models import Report

from .conftest import answer

WITA = datetime.timezone(datetime.timedelta(hours=8))


def half_past_midnight(day: datetime.date):
    """00:30 WITA on ``day``: 16:30 UTC the day before."""
    moment = datetime.datetime.combine(day, datetime.time(0, 30), tzinfo=WITA)
    return time_machine.travel(moment, tick=False)


def test_a_period_opens_at_local_midnight(assignment, paringin, officer):
    with half_past_midnight(datetime.date(2026, 10, 1)):
        report = services.report_open(
            assignment=assignment, kecamatan=paringin, period_start=datetime.date(2026, 10, 1), by=officer
        )
    assert report.period_start == datetime.date(2026, 10, 1)


def test_a_period_has_not_opened_half_an_hour_before_local_midnight(assignment, paringin, officer):
    moment = datetime.datetime(2026, 9, 30, 23, 30, tzinfo=WITA)
    with time_machine.travel(moment, tick=False), pytest.raises(ValidationError, match="not started yet"):
        services.report_open(
            assignment=assignment, kecamatan=paringin, period_start=datetime.date(2026, 10, 1), by=officer
        )
    assert not Report.objects.exists()


def test_a_draft_locks_at_local_midnight_after_its_closing_day(assignment, paringin, officer):
    with half_past_midnight(datetime.date(2026, 7, 1)):
        report = services.report_open(
            assignment=assignment, kecamatan=paringin, period_start=datetime.date(2026, 7, 1), by=officer
        )
    after_closing = half_past_midnight(report.closes_on + datetime.timedelta(days=1))
    with after_closing, pytest.raises(ValidationError, match="This period closed on"):
        answer(report, officer)
    assert not report.answers.exists()


def test_a_report_falls_overdue_at_local_midnight_after_its_due_day(assignment, paringin, officer):
    with half_past_midnight(datetime.date(2026, 7, 1)):
        report = services.report_open(
            assignment=assignment, kecamatan=paringin, period_start=datetime.date(2026, 7, 1), by=officer
        )
    with time_machine.travel(datetime.datetime.combine(report.due_on, datetime.time(23, 30), tzinfo=WITA), tick=False):
        rules_run(codes=["report_overdue"])
        assert not Alert.objects.filter(rule="report_overdue", kecamatan=paringin).exists()
    with half_past_midnight(report.due_on + datetime.timedelta(days=1)):
        rules_run(codes=["report_overdue"])
        assert Alert.objects.filter(rule="report_overdue", kecamatan=paringin).exists()
