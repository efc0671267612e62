"""Escalation: who hears about an alert, and when.

When an alert opens, the district's matching policy is frozen onto it as a JSON
snapshot. ``Alert.escalation_step`` counts fired steps and only ever grows; each
firing is a conditional update on the step the caller read
(``filter(pk=…, escalation_step=n).update(escalation_step=n + 1)``), so a stale or
duplicated tick finds no row and notifies nobody. The step's position in the
policy is ``escalation_step - escalation_round_start``; an acknowledgement that
times out starts a new round from the first step.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, DateTimeField, IntegerField, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kecamatan.models import geometry_of
from kencana.accounts.models import Role, User
from kencana.core import events
from kencana.core.formats import day

from .models import Alert, DistrictAlertSettings, EscalationLog, EscalationPolicy, Severity, channel_labels
from .notifications.outbox import Notices, alert_link

TICK_BATCH = 500
TICK_COMMIT_EVERY = 50


def policy_for(*, district_id: int, rule: str, severity: str) -> EscalationPolicy | None:
    """The most specific active policy: rule and severity, then rule, then severity, then default."""
    candidates = EscalationPolicy.objects.filter(district_id=district_id, active=True).filter(
        Q(rule=rule) | Q(rule=""), Q(severity=severity) | Q(severity="")
    )
    return max(candidates, key=lambda p: (bool(p.rule), bool(p.severity)), default=None)


def escalation_start(*, alert: Alert, now: datetime.datetime) -> None:
    """Freeze the policy onto a new alert and fire its first step if it has no wait."""
    policy = policy_for(district_id=alert.district_id, rule=alert.rule, severity=alert.severity)
    snapshot = policy.snapshot() if policy else None
    if not snapshot or not snapshot["steps"]:
        return
    first_wait = datetime.timedelta(minutes=snapshot["steps"][0]["wait_minutes"])
    Alert.objects.filter(pk=alert.pk).update(escalation=snapshot, next_escalation_at=now + first_wait)
    alert.escalation, alert.next_escalation_at = snapshot, now + first_wait
    if first_wait == datetime.timedelta(0):
        escalation_fire(alert=alert, now=now)


def _total_steps(snapshot: dict) -> int:
    return len(snapshot["steps"]) * (1 + snapshot.get("repeat", 0))


def quiet_until(*, district, now: datetime.datetime) -> datetime.datetime | None:
    """The end of the district's quiet hours if ``now`` falls inside them, else None."""
    try:
        config = district.alert_settings
    except DistrictAlertSettings.DoesNotExist:
        return None
    start, end = config.quiet_start, config.quiet_end
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(zoneinfo.ZoneInfo(district.timezone))
    moment = local.time()
    if start < end:
        inside = start <= moment < end
        end_day = local.date()
    else:  # the quiet hours span midnight
        inside = moment >= start or moment < end
        end_day = local.date() + datetime.timedelta(days=1) if moment >= start else local.date()
    if not inside:
        return None
    return datetime.datetime.combine(end_day, end, tzinfo=local.tzinfo).astimezone(datetime.UTC)


def recipients_for(*, alert: Alert, level: str):
    users = User.objects.filter(is_active=True, district_id=alert.district_id, role=level)
    if level == Role.OFFICER:
        if alert.kecamatan_id is None:
            return users.none()
        users = users.filter(kecamatan=alert.kecamatan_id)
    return users.order_by("pk")


class Firings:
    """What fired steps write besides the guard (notifications, deliveries, log lines), gathered so
    that a tick writes them once per batch of alerts; ``people`` keeps each district's role holders
    read once for all its alerts."""

    def __init__(self):
        self.notices = Notices()
        self.logs: list[EscalationLog] = []
        self.people: dict = {}

    def write(self) -> None:
        self.notices.write()
        EscalationLog.objects.bulk_create(self.logs)
        self.logs = []


@dataclass
class _Step:
    """What firing an alert's current step does, worked out before anything is written: the
    values its guarded update sets, and for a step that goes out, the step's place and spec."""

    alert: Alert
    escalation_step: int
    next_escalation_at: datetime.datetime | None
    guard_open: bool = True  # the update also requires the alert still open
    position: int | None = None  # set when the step goes out to people
    spec: dict | None = None
    note: str = ""  # the log line of a step that does not go out


def _step_of(alert: Alert, now: datetime.datetime) -> _Step:
    snapshot = alert.escalation
    step = alert.escalation_step
    position = step - alert.escalation_round_start
    if not snapshot or position >= _total_steps(snapshot):
        return _Step(alert, step, None, guard_open=False)  # nothing left: stop looking
    if alert.severity != Severity.EXTREME:
        deferred_to = quiet_until(district=alert.district, now=now)
        if deferred_to is not None:
            return _Step(alert, step, deferred_to, note=_("Quiet hours: deferred until they end."))
    steps = snapshot["steps"]
    following = position + 1
    next_at = None
    if following < _total_steps(snapshot):
        next_at = now + datetime.timedelta(minutes=steps[following % len(steps)]["wait_minutes"])
    return _Step(alert, step + 1, next_at, position=position, spec=steps[position % len(steps)])


def _guard(planned: _Step) -> Q:
    """The row as the step was worked out from: the same step, and still open where that matters."""
    alert = planned.alert
    guard = Q(pk=alert.pk, escalation_step=alert.escalation_step)
    return guard & Q(state=Alert.State.OPEN) if planned.guard_open else guard


def _record(planned: _Step, *, now: datetime.datetime, firings: Firings) -> bool:
    """Once the guarded update took: the alert as it now is, and the notices and log line of the
    step into ``firings``. True if the step went out to people."""
    alert = planned.alert
    step = alert.escalation_step
    alert.escalation_step, alert.next_escalation_at = planned.escalation_step, planned.next_escalation_at
    if planned.spec is None:
        if planned.note:
            firings.logs.append(EscalationLog(alert=alert, step=step, at=now, note=planned.note))
        return False
    spec = planned.spec
    level = spec["level"]
    with translation.override(settings.LANGUAGE_CODE):  # messages go out in the programme's language
        reason = _fire_reason(alert=alert, position=planned.position, snapshot=alert.escalation)
    key = (alert.district_id, level, alert.kecamatan_id if level == Role.OFFICER else None)
    if key not in firings.people:
        firings.people[key] = list(recipients_for(alert=alert, level=level))
    users = firings.people[key]
    firings.notices.add(
        users=users,
        alert=alert,
        title=alert.title,
        body=f"{reason}\n\n{alert.detail}".strip(),
        link=alert_link(alert),
        channels=spec["channels"],
        webhook_recipients=users,
    )
    firings.logs.append(
        EscalationLog(
            alert=alert,
            step=step,
            at=now,
            level=level,
            channels=spec["channels"],
            recipients=len(users),
            note=(reason if users else f"{reason} {_('Nobody holds this role here.')}")[:255],
        )
    )
    return True


def escalation_fire(*, alert: Alert, now: datetime.datetime, firings: Firings | None = None) -> bool:
    """Fire the step ``alert.escalation_step`` (as read by the caller). True if this call fired it.

    Its notifications and log line go into ``firings``, written by whoever passed it (a tick, once
    per batch, in the same transaction); without it they are written before this returns.
    """
    if firings is None:
        firings = Firings()
        fired = escalation_fire(alert=alert, now=now, firings=firings)
        firings.write()
        return fired
    planned = _step_of(alert, now)
    changed = Alert.objects.filter(_guard(planned)).update(
        escalation_step=planned.escalation_step, next_escalation_at=planned.next_escalation_at
    )
    if changed != 1:
        return False  # fired already by another task, or acknowledged meanwhile
    return _record(planned, now=now, firings=firings)


class _Raced(Exception):
    """Another task moved one of the batch's alerts between the read and the update."""


def _case(planned: list[_Step], name: str, field) -> Case | Cast:
    """One column's new value for each alert of a batch; cast where the database needs it, as
    ``bulk_update`` does (to PostgreSQL a CASE whose branches are all NULL is text)."""
    case = Case(*(When(pk=p.alert.pk, then=Value(getattr(p, name), output_field=field)) for p in planned))
    return Cast(case, output_field=field) if connection.features.requires_casted_case_in_updates else case


def _fire_open(*, alerts: list[Alert], now: datetime.datetime, firings: Firings) -> int:
    """Fire the current step of each of these open alerts with one guarded ``UPDATE`` for all of
    them instead of one each. If any row had moved on (another tick fired it, somebody acknowledged
    it), the update is undone and each alert goes through ``escalation_fire`` on its own, whose
    guard skips just those."""
    if not alerts:
        return 0
    planned = [_step_of(alert, now) for alert in alerts]
    guard = Q()
    for each in planned:
        guard |= _guard(each)
    try:
        with transaction.atomic():
            changed = Alert.objects.filter(guard).update(
                escalation_step=_case(planned, "escalation_step", IntegerField()),
                next_escalation_at=_case(planned, "next_escalation_at", DateTimeField()),
            )
            if changed != len(planned):
                raise _Raced
    except _Raced:
        return sum(escalation_fire(alert=alert, now=now, firings=firings) for alert in alerts)
    return sum(_record(p, now=now, firings=firings) for p in planned)


def _fire_reason(*, alert: Alert, position: int, snapshot: dict) -> str:
    """Why this step goes out now, in the words its recipients read first."""
    steps = len(snapshot["steps"])
    place = _("Step %(step)s of %(steps)s") % {"step": position % steps + 1, "steps": steps}
    if position >= steps:
        place += " " + _("(repeat %(n)s)") % {"n": position // steps}
    if alert.escalation_round_start and position == 0:
        return _("%(place)s, escalating again: it was acknowledged but not resolved within %(minutes)s minutes.") % {
            "place": place,
            "minutes": snapshot.get("ack_timeout_minutes"),
        }
    if position == 0:
        return _("%(place)s: the alert has just opened.") % {"place": place}
    return _("%(place)s: nobody has acknowledged the alert since the previous step.") % {"place": place}


def escalation_outlook(alert: Alert) -> str:
    """What happens next to this alert's escalation, in one sentence for its page."""
    snapshot = alert.escalation or {}
    steps = snapshot.get("steps") or []
    if alert.state == Alert.State.RESOLVED or not steps:
        return ""
    timeout = snapshot.get("ack_timeout_minutes")
    first = steps[0]
    if alert.state == Alert.State.ACKNOWLEDGED:
        if not timeout or alert.next_escalation_at is None:
            return _("Acknowledged: escalation has stopped for good. Resolve the alert when it is dealt with.")
        return _(
            "Acknowledged: escalation is paused. If the alert is not resolved by %(when)s (%(minutes)s minutes "
            "after the acknowledgement), it opens again and escalates from step 1: %(who)s by %(channels)s."
        ) % {
            "when": _local(alert.next_escalation_at, alert),
            "minutes": timeout,
            "who": Role(first["level"]).label,
            "channels": ", ".join(str(label) for label in channel_labels(first["channels"])),
        }
    position = alert.escalation_step - alert.escalation_round_start
    if alert.next_escalation_at is None or position >= _total_steps(snapshot):
        return _("Every step of the policy has been taken; nobody else will be notified.")
    spec = steps[position % len(steps)]
    return _("Unless someone acknowledges it, step %(step)s goes out at %(when)s: %(who)s by %(channels)s.") % {
        "step": position % len(steps) + 1,
        "when": _local(alert.next_escalation_at, alert),
        "who": Role(spec["level"]).label,
        "channels": ", ".join(str(label) for label in channel_labels(spec["channels"])),
    }


def acknowledgement_effect(alert: Alert) -> str:
    """What acknowledging will do, said on the button's page before it is pressed."""
    timeout = (alert.escalation or {}).get("ack_timeout_minutes")
    if alert.escalation and timeout:
        return _(
            "Tells everyone you are on it and pauses the escalation for %(minutes)s minutes: if the alert is "
            "not resolved by then, it opens again and escalates from the first step."
        ) % {"minutes": timeout}
    return _("Tells everyone you are on it and stops the escalation.")


def _local(moment: datetime.datetime, alert: Alert) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(alert.district.timezone))
    return f"{day(local.date())} {local:%H:%M}"


def escalation_acknowledged(*, alert: Alert, now: datetime.datetime) -> None:
    """Stop escalating; if the policy has an acknowledgement timeout, look again then."""
    timeout = (alert.escalation or {}).get("ack_timeout_minutes")
    alert.next_escalation_at = now + datetime.timedelta(minutes=timeout) if timeout else None


def _acknowledgement_expired(*, alert_id: int, now: datetime.datetime, firings: Firings) -> bool:
    """An acknowledged alert left unresolved past the timeout is open again and escalates anew."""
    alert = (
        Alert.objects.select_for_update()
        .select_related("district")
        .filter(pk=alert_id, state=Alert.State.ACKNOWLEDGED, next_escalation_at__lte=now)
        .first()
    )
    if alert is None:
        return False
    alert.state = Alert.State.OPEN
    alert.acknowledged_at = alert.acknowledged_by = None
    alert.escalation_round_start = alert.escalation_step
    alert.next_escalation_at = now
    alert._change_reason = _("Acknowledged but not resolved within %(minutes)s minutes: escalating again.") % {
        "minutes": alert.escalation["ack_timeout_minutes"]
    }
    alert.save()
    events.alert_changed.announce(district_id=alert.district_id, alert=alert)
    escalation_fire(alert=alert, now=now, firings=firings)
    return True


def escalation_tick(*, now: datetime.datetime | None = None) -> int:
    """Advance every alert whose next escalation is due. Returns how many steps fired."""
    now = now or timezone.now()
    due = list(
        Alert.objects.filter(state__in=[Alert.State.OPEN, Alert.State.ACKNOWLEDGED], next_escalation_at__lte=now)
        .select_related("district", "district__alert_settings", "kecamatan")
        .defer(*geometry_of("district", "kecamatan"))
        .order_by("next_escalation_at", "pk")[:TICK_BATCH]
    )
    fired = 0
    firings = Firings()
    # A few dozen alerts per commit: each step is still all or nothing (an error rolls back its
    # batch, which the next tick fires again), the tick does not wait on a disk flush per alert,
    # and the batch's guarded update, notifications and log lines go in one statement each.
    for start in range(0, len(due), TICK_COMMIT_EVERY):
        batch = due[start : start + TICK_COMMIT_EVERY]
        with transaction.atomic():
            for alert in batch:
                if alert.state == Alert.State.ACKNOWLEDGED:
                    fired += _acknowledgement_expired(alert_id=alert.pk, now=now, firings=firings)
            open_alerts = [alert for alert in batch if alert.state == Alert.State.OPEN]
            fired += _fire_open(alerts=open_alerts, now=now, firings=firings)
            firings.write()
    return fired
