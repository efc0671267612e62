import datetime

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from kecamatan.models import Hazard
from kencana.alerts import services
from kencana.alerts.engine import rules_run
from kencana.alerts.lifecycle import alert_open
from kencana.alerts.models import Alert, HazardWarning

from .factories import AlertFactory, HazardWarningFactory


@pytest.fixture
def warning(balangan, staff, paringin, awayan):
    return HazardWarningFactory(district=balangan, created_by=staff, kecamatan=[paringin, awayan])


def test_a_warning_opens_one_alert_per_kecamatan_and_a_second_run_opens_none(warning, paringin, awayan):
    first = rules_run()
    second = rules_run()
    alerts = Alert.objects.filter(rule="hazard_warning").order_by("kecamatan__code")
    assert [a.kecamatan for a in alerts] == [awayan, paringin]
    assert len(first.opened) == 2 and second.opened == [] and second.resolved == []
    assert {a.dedupe_key for a in alerts} == {
        f"hazard_warning:{warning.pk}:63.11.03",
        f"hazard_warning:{warning.pk}:63.11.06",
    }
    assert all(a.public and a.state == "open" for a in alerts)


def test_an_expired_warning_resolves_its_alerts_by_itself_with_a_note(warning):
    rules_run()
    with time_machine.travel(warning.expires_at + datetime.timedelta(minutes=1)):
        result = rules_run()
    assert len(result.resolved) == 2
    for alert in Alert.objects.all():
        assert alert.state == "resolved"
        assert alert.resolved_by is None
        assert "expired or was cancelled" in alert.resolution_note
        assert alert.history.first().history_change_reason


def test_a_condition_that_holds_again_after_resolution_opens_a_new_alert(warning, paringin):
    rules_run()
    warning.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    warning.save()
    rules_run()
    warning.expires_at = timezone.now() + datetime.timedelta(hours=1)
    warning.save()
    rules_run()
    keys = list(Alert.objects.filter(kecamatan=paringin).values_list("state", flat=True).order_by("pk"))
    assert keys == ["resolved", "open"]


def test_a_run_for_one_district_leaves_the_other_districts_alerts_alone(warning, banjar, aluh_aluh, partner_staff):
    other = HazardWarningFactory(district=banjar, created_by=partner_staff, kecamatan=[aluh_aluh])
    rules_run()
    other.cancelled_at = timezone.now()
    other.save()
    rules_run(district_ids=[warning.district_id])
    assert Alert.objects.get(kecamatan=aluh_aluh).state == "open"
    rules_run(district_ids=[banjar.pk])
    assert Alert.objects.get(kecamatan=aluh_aluh).state == "resolved"


def test_the_database_refuses_a_second_unresolved_alert_for_one_key(paringin):
    AlertFactory(kecamatan=paringin, dedupe_key="stock:1")
    with pytest.raises(IntegrityError, match="(?i)unique"):
        AlertFactory(kecamatan=paringin, dedupe_key="stock:1", state="acknowledged")


def test_a_resolved_alert_does_not_block_a_new_one_with_the_same_key(paringin):
    AlertFactory(kecamatan=paringin, dedupe_key="stock:1", state="resolved")
    AlertFactory(kecamatan=paringin, dedupe_key="stock:1")
    assert Alert.objects.filter(dedupe_key="stock:1").count() == 2


def test_opening_an_alert_already_open_returns_nothing_and_raises_nothing(warning):
    rules_run()
    from kencana.alerts.rules import REGISTRY

    condition = next(iter(REGISTRY["hazard_warning"].evaluate()))
    assert alert_open(rule="hazard_warning", condition=condition) is None
    assert Alert.objects.count() == 2


def test_staff_raise_a_warning_and_its_alerts_open_at_once(staff, paringin):
    warning = services.hazard_warning_create(
        by=staff,
        kecamatan=[paringin],
        hazard=Hazard.objects.get(code="banjir"),
        title="Siaga darurat banjir",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    alert = Alert.objects.get()
    assert alert.kecamatan == paringin and alert.subject_label == warning.title and alert.hazard.code == "banjir"


def test_cancelling_a_warning_resolves_its_alerts(warning, staff):
    rules_run()
    services.hazard_warning_cancel(warning=warning, by=staff)
    assert set(Alert.objects.values_list("state", flat=True)) == {"resolved"}


@pytest.mark.parametrize(
    "change, field, reason",
    [
        ({"kecamatan": []}, "kecamatan", "Choose at least one kecamatan"),
        ({"expires_at": "past"}, "expires_at", "The expiry must be in the future"),
        ({"title": "  "}, "title", "Give the warning a title"),
    ],
)
def test_a_warning_with_bad_input_is_refused_and_nothing_is_stored(staff, paringin, change, field, reason):
    from django.core.exceptions import ValidationError

    values = {
        "by": staff,
        "kecamatan": [paringin],
        "hazard": Hazard.objects.get(code="banjir"),
        "title": "Siaga",
        "expires_at": timezone.now() + datetime.timedelta(days=1),
    }
    values.update(change)
    if values["expires_at"] == "past":
        values["expires_at"] = timezone.now() - datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match=reason) as error:
        services.hazard_warning_create(**values)
    assert field in error.value.message_dict
    assert not Alert.objects.exists()


def test_a_warning_cannot_cover_another_districts_kecamatan(staff, aluh_aluh):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Warnings can only cover kecamatan of your own district"):
        services.hazard_warning_create(
            by=staff,
            kecamatan=[aluh_aluh],
            hazard=Hazard.objects.get(code="banjir"),
            title="Siaga",
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert not HazardWarning.objects.exists() and not Alert.objects.exists()


def test_an_officer_cannot_raise_a_warning(officer, paringin):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="Only BPBD staff of a district can raise hazard warnings"):
        services.hazard_warning_create(
            by=officer,
            kecamatan=[paringin],
            hazard=Hazard.objects.get(code="banjir"),
            title="Siaga",
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert not HazardWarning.objects.exists() and not Alert.objects.exists()
