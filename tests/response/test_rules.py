"""An emergency period about to end without an extension or a closure raises an alert."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kencana.alerts.engine import rules_run
from kencana.alerts.models import Alert
from kencana.response import services
from kencana.response.models import ResponseSettings
from kencana.response.rules import DECREE_RULE

from . import factories


def decree(event, staff, number, start, end):
    return services.decree_record(
        event=event,
        by=staff,
        number=number,
        signed_on=factories.today(),
        level="tanggap",
        period_start=start,
        period_end=end,
    )


def open_alerts():
    return Alert.objects.filter(rule=DECREE_RULE).exclude(state=Alert.State.RESOLVED)


def test_a_period_ending_within_the_warning_days_raises_an_alert_until_extended(event, staff):
    today = factories.today()
    decree(event, staff, "188.45/1", today, today + datetime.timedelta(days=1))
    rules_run(codes=[DECREE_RULE])
    [alert] = open_alerts()
    assert alert.kecamatan is None and alert.district_id == event.district_id
    assert "ends in 1 day" in alert.title and "188.45/1" in alert.detail
    decree(event, staff, "188.45/2", today + datetime.timedelta(days=2), today + datetime.timedelta(days=8))
    rules_run(codes=[DECREE_RULE])
    assert not open_alerts().exists()


def test_a_period_far_from_its_end_raises_nothing_and_closing_resolves_the_alert(event, staff, balangan):
    today = factories.today()
    decree(event, staff, "188.45/1", today, today + datetime.timedelta(days=4))
    rules_run(codes=[DECREE_RULE])
    assert not open_alerts().exists()
    ResponseSettings.objects.create(district=balangan, decree_warning_days=5)
    rules_run(codes=[DECREE_RULE])
    assert open_alerts().count() == 1
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    rules_run(codes=[DECREE_RULE])
    assert not open_alerts().exists()


def test_a_district_admin_sets_how_early_an_ending_period_is_flagged(event, staff, admin_user, balangan, unchanged):
    today = factories.today()
    decree(event, staff, "188.45/1", today, today + datetime.timedelta(days=4))
    services.response_settings_update(by=admin_user, district=balangan, decree_warning_days=5)
    rules_run(codes=[DECREE_RULE])
    assert open_alerts().count() == 1
    with unchanged(), pytest.raises(PermissionDenied, match="Only a BPBD admin"):
        services.response_settings_update(by=staff, district=balangan, decree_warning_days=1)
    with unchanged(), pytest.raises(ValidationError, match="between 0 and 30"):
        services.response_settings_update(by=admin_user, district=balangan, decree_warning_days=31)
    assert ResponseSettings.objects.get(district=balangan).decree_warning_days == 5
