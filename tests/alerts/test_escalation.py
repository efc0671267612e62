import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kencana.accounts.models import Role
from kencana.alerts import services
from kencana.alerts.engine import rules_run
from kencana.alerts.escalation import Firings, _fire_open, escalation_fire, escalation_tick, policy_for, quiet_until
from kencana.alerts.models import Alert, Delivery, DistrictAlertSettings, EscalationLog, Notification

from .conftest import at
from .factories import HazardWarningFactory, policy

START = at("2026-11-27T02:00:00+00:00")  # 10:00 WITA


def minutes(n: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def alert(clock, balangan, people, paringin, three_step_policy):
    HazardWarningFactory(
        district=balangan,
        created_by=people["staff"],
        kecamatan=[paringin],
        expires_at=START + datetime.timedelta(days=1),
    )
    rules_run()
    return Alert.objects.get()


def told(user) -> int:
    return Notification.objects.filter(user=user).count()


def test_the_first_step_notifies_the_kecamatan_officers_at_once(alert, people):
    assert told(people["officer"]) == 1
    assert told(people["awayan_officer"]) == 0  # not their kecamatan
    assert told(people["staff"]) == 0
    assert alert.escalation_step == 1
    assert alert.next_escalation_at == START + minutes(10)
    email = Delivery.objects.get(channel="email")
    assert email.destination == "camat.paringin@example.org" and email.status == "pending"


def test_nothing_escalates_before_the_wait_is_over(alert, clock, people):
    clock.move_to(START + minutes(9))
    assert escalation_tick() == 0
    assert told(people["staff"]) == 0


def test_unacknowledged_alerts_climb_the_chain_after_each_wait(alert, clock, people):
    clock.move_to(START + minutes(10))
    assert escalation_tick() == 1
    assert told(people["staff"]) == 1 and told(people["admin"]) == 0
    clock.move_to(START + minutes(30))
    assert escalation_tick() == 1
    assert told(people["admin"]) == 1
    clock.move_to(START + minutes(300))
    assert escalation_tick() == 0  # the policy is exhausted
    alert.refresh_from_db()
    assert alert.next_escalation_at is None
    assert list(EscalationLog.objects.values_list("level", flat=True)) == ["officer", "bpbd_staff", "bpbd_admin"]


def test_the_policy_is_frozen_when_escalation_starts(alert, clock, people, three_step_policy):
    three_step_policy.steps.filter(order=1).update(wait_minutes=120, level=Role.BPBD_ADMIN)
    clock.move_to(START + minutes(10))
    escalation_tick()
    assert told(people["staff"]) == 1 and told(people["admin"]) == 0


def test_acknowledging_stops_escalation(alert, clock, people):
    services.alert_acknowledge(alert=alert, by=people["officer"])
    clock.move_to(START + minutes(60))
    assert escalation_tick() == 0
    assert told(people["staff"]) == 0


def test_an_acknowledged_alert_unresolved_past_the_timeout_escalates_again(clock, balangan, people, paringin):
    policy(balangan, (0, Role.OFFICER, ["inbox"]), (10, Role.BPBD_STAFF, ["inbox"]), ack_timeout_minutes=30)
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    alert = Alert.objects.get()
    services.alert_acknowledge(alert=alert, by=people["officer"])
    clock.move_to(START + minutes(29))
    assert escalation_tick() == 0
    clock.move_to(START + minutes(31))
    assert escalation_tick() == 1
    alert.refresh_from_db()
    assert alert.state == "open" and alert.acknowledged_by is None
    assert told(people["officer"]) == 2  # the round starts again from the first step
    assert "escalating again" in alert.history.first().history_change_reason
    clock.move_to(START + minutes(41))
    escalation_tick()
    assert told(people["staff"]) == 1


def test_a_stale_or_duplicated_step_notifies_once(alert, clock, people):
    clock.move_to(START + minutes(10))
    stale = Alert.objects.select_related("district").get(pk=alert.pk)
    duplicate = Alert.objects.select_related("district").get(pk=alert.pk)
    assert escalation_fire(alert=stale, now=timezone.now()) is True
    assert escalation_fire(alert=duplicate, now=timezone.now()) is False
    assert escalation_tick() == 0
    assert told(people["staff"]) == 1
    assert Delivery.objects.filter(channel="email", destination="staff.balangan@example.org").count() == 1


def test_a_tick_whose_batch_holds_an_alert_fired_meanwhile_fires_the_others_and_that_one_once(
    alert, clock, people, balangan, awayan
):
    """The tick advances a batch with one guarded update; when another task fired one of its
    alerts after the tick read them, the update is undone and each alert's own guard decides."""
    HazardWarningFactory(
        district=balangan, created_by=people["staff"], kecamatan=[awayan], expires_at=START + datetime.timedelta(days=1)
    )
    rules_run()
    assert Alert.objects.count() == 2
    clock.move_to(START + minutes(10))
    read_by_the_tick = list(Alert.objects.select_related("district").order_by("pk"))
    assert escalation_fire(alert=Alert.objects.select_related("district").get(pk=alert.pk), now=timezone.now())
    firings = Firings()
    assert _fire_open(alerts=read_by_the_tick, now=timezone.now(), firings=firings) == 1
    firings.write()
    assert told(people["staff"]) == 2  # each alert's second step, once
    assert sorted(Alert.objects.values_list("escalation_step", flat=True)) == [2, 2]
    assert EscalationLog.objects.filter(step=1).count() == 2


def test_a_tick_fires_a_whole_batch_with_one_update(alert, clock, people, balangan, awayan):
    HazardWarningFactory(
        district=balangan, created_by=people["staff"], kecamatan=[awayan], expires_at=START + datetime.timedelta(days=1)
    )
    rules_run()
    clock.move_to(START + minutes(10))
    assert escalation_tick() == 2
    assert told(people["staff"]) == 2
    assert {(a.escalation_step, a.next_escalation_at) for a in Alert.objects.all()} == {(2, START + minutes(30))}
    assert escalation_tick() == 0


def test_a_policy_with_repeats_runs_its_steps_again(clock, balangan, people, paringin):
    policy(balangan, (0, Role.OFFICER, ["inbox"]), (5, Role.BPBD_STAFF, ["inbox"]), repeat=1)
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    for minute in (5, 10, 15, 20, 25):
        clock.move_to(START + minutes(minute))
        escalation_tick()
    assert told(people["officer"]) == 2 and told(people["staff"]) == 2


def test_quiet_hours_defer_a_non_critical_alert_to_their_end(clock, balangan, people, paringin, three_step_policy):
    DistrictAlertSettings.objects.create(district=balangan, quiet_start=datetime.time(22), quiet_end=datetime.time(6))
    night = at("2026-11-27T15:00:00+00:00")  # 23:00 WITA
    clock.move_to(night)
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin], severity="moderate")
    rules_run()
    alert = Alert.objects.get()
    assert told(people["officer"]) == 0
    assert alert.next_escalation_at == at("2026-11-27T22:00:00+00:00")  # 06:00 WITA next morning
    clock.move_to(at("2026-11-27T22:00:00+00:00"))
    assert escalation_tick() == 1
    assert told(people["officer"]) == 1


def test_an_extreme_alert_ignores_quiet_hours(clock, balangan, people, paringin, three_step_policy):
    DistrictAlertSettings.objects.create(district=balangan, quiet_start=datetime.time(22), quiet_end=datetime.time(6))
    clock.move_to(at("2026-11-27T15:00:00+00:00"))
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin], severity="extreme")
    rules_run()
    assert told(people["officer"]) == 1


def test_quiet_hours_follow_the_districts_time_zone(balangan):
    config = DistrictAlertSettings.objects.create(
        district=balangan, quiet_start=datetime.time(22), quiet_end=datetime.time(6)
    )
    assert quiet_until(district=balangan, now=at("2026-11-27T13:59:00+00:00")) is None  # 21:59 WITA
    assert quiet_until(district=balangan, now=at("2026-11-27T14:00:00+00:00")) is not None
    balangan.timezone = "Asia/Jakarta"  # 21:00 WIB at the same instant
    config.district = balangan
    assert quiet_until(district=balangan, now=at("2026-11-27T14:00:00+00:00")) is None


def test_the_most_specific_policy_is_chosen(balangan):
    default = policy(balangan, (0, Role.OFFICER, ["inbox"]), name="Default")
    severe = policy(balangan, (0, Role.BPBD_STAFF, ["inbox"]), name="Severe", severity="severe")
    rule = policy(balangan, (0, Role.BPBD_ADMIN, ["inbox"]), name="CAP", rule="cap_warning")
    both = policy(balangan, (0, Role.BPBD_ADMIN, ["inbox"]), name="CAP extreme", rule="cap_warning", severity="extreme")
    assert policy_for(district_id=balangan.pk, rule="hazard_warning", severity="minor") == default
    assert policy_for(district_id=balangan.pk, rule="hazard_warning", severity="severe") == severe
    assert policy_for(district_id=balangan.pk, rule="cap_warning", severity="severe") == rule
    assert policy_for(district_id=balangan.pk, rule="cap_warning", severity="extreme") == both


def test_without_a_policy_an_alert_opens_quietly(clock, balangan, people, paringin):
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    alert = Alert.objects.get()
    assert alert.escalation is None and not Notification.objects.exists()


def test_an_officer_of_another_kecamatan_cannot_acknowledge(alert, people):
    with pytest.raises(PermissionDenied, match="You cannot acknowledge this alert"):
        services.alert_acknowledge(alert=alert, by=people["awayan_officer"])
    alert.refresh_from_db()
    assert alert.state == "open"


def test_an_officer_cannot_resolve_but_staff_can_and_those_paged_hear_of_it(alert, people):
    with pytest.raises(PermissionDenied, match="Only BPBD staff can resolve alerts"):
        services.alert_resolve(alert=alert, by=people["officer"], note="done")
    with pytest.raises(ValidationError, match="Say briefly how it was resolved"):
        services.alert_resolve(alert=alert, by=people["staff"], note="  ")
    services.alert_resolve(alert=alert, by=people["staff"], note="Air surut")
    alert.refresh_from_db()
    assert alert.state == "resolved" and alert.resolved_by == people["staff"]
    assert Notification.objects.filter(user=people["officer"], title__startswith="Resolved").exists()


def test_acknowledging_twice_is_refused_with_a_clear_message(alert, people):
    services.alert_acknowledge(alert=alert, by=people["officer"])
    with pytest.raises(ValidationError, match="Only an open alert"):
        services.alert_acknowledge(alert=alert, by=people["staff"])


def test_the_alert_page_says_what_follows_an_acknowledgement_and_each_message_says_why(
    clock, balangan, people, paringin, client_for
):
    policy(balangan, (0, Role.OFFICER, ["inbox"]), (10, Role.BPBD_STAFF, ["inbox"]), ack_timeout_minutes=30)
    HazardWarningFactory(district=balangan, created_by=people["staff"], kecamatan=[paringin])
    rules_run()
    alert = Alert.objects.get()
    page = client_for(people["officer"]).get(f"/alerts/{alert.pk}/").text
    assert "menjeda eskalasi selama 30 menit" in page  # what the button will do
    assert "langkah 2 dikirim pada 27 Nov 2026 10:10" in page  # 10:00 WITA + 10 min, to BPBD staff
    first = Notification.objects.get(user=people["officer"])
    assert first.body.startswith("Langkah 1 dari 2: peringatan baru saja dibuka.")

    services.alert_acknowledge(alert=alert, by=people["officer"])
    page = client_for(people["officer"]).get(f"/alerts/{alert.pk}/").text
    assert "eskalasi dijeda" in page and "27 Nov 2026 10:30" in page and "mulai dari langkah 1" in page
    assert "Petugas kecamatan" in page

    clock.move_to(START + minutes(31))
    escalation_tick()
    again = Notification.objects.filter(user=people["officer"]).order_by("-pk").first()
    assert again.body.startswith("Langkah 1 dari 2, eskalasi ulang: peringatan sudah ditanggapi tetapi belum selesai")
    notes = list(EscalationLog.objects.filter(alert=alert).values_list("note", flat=True))
    assert notes[-1].startswith("Langkah 1 dari 2, eskalasi ulang")


def test_an_acknowledged_alert_resolves_itself_when_its_condition_clears(alert, clock, people):
    services.alert_acknowledge(alert=alert, by=people["officer"])
    warning = alert.subject_type.get_object_for_this_type(pk=alert.subject_id)
    services.hazard_warning_cancel(warning=warning, by=people["staff"])
    alert.refresh_from_db()
    assert alert.state == Alert.State.RESOLVED
    assert alert.resolved_by is None and alert.resolution_note


def test_a_tick_that_read_the_alert_before_it_was_acknowledged_pages_nobody(alert, clock, people):
    clock.move_to(START + minutes(10))
    stale = Alert.objects.get(pk=alert.pk)  # what a tick read a moment before
    services.alert_acknowledge(alert=alert, by=people["officer"])
    before = Notification.objects.count()
    assert escalation_fire(alert=stale, now=timezone.now()) is False
    assert Notification.objects.count() == before
    assert told(people["staff"]) == 0
    alert.refresh_from_db()
    assert alert.escalation_step == 1 and alert.state == Alert.State.ACKNOWLEDGED


def test_a_tick_writes_each_batch_of_steps_together_and_each_step_notifies_as_alone(
    clock, balangan, people, paringin, awayan, three_step_policy
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for kecamatan in (paringin, awayan, paringin):
        HazardWarningFactory(
            district=balangan,
            created_by=people["staff"],
            kecamatan=[kecamatan],
            expires_at=START + datetime.timedelta(days=1),
        )
    rules_run()
    alerts = list(Alert.objects.order_by("pk"))
    assert len(alerts) >= 2
    clock.move_to(START + minutes(10))
    with CaptureQueriesContext(connection) as captured:
        assert escalation_tick() == len(alerts)
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert sum('"alerts_notification"' in sql for sql in inserts) == 1
    assert sum('"alerts_escalationlog"' in sql for sql in inserts) == 1
    # Each alert's second step told BPBD staff, with its own log line and e-mail.
    assert told(people["staff"]) == len(alerts)
    assert EscalationLog.objects.filter(level="bpbd_staff").count() == len(alerts)
    assert set(Notification.objects.filter(user=people["staff"]).values_list("alert_id", flat=True)) == {
        a.pk for a in alerts
    }
    assert Delivery.objects.filter(channel="email", destination=people["staff"].email).count() == len(alerts)
