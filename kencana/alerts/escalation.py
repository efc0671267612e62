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

from django.conf import settings
from django.db import transaction
from django.db.models import Q
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
    snapshot = alert.escalation
    step = alert.escalation_step
    position = step - alert.escalation_round_start
    if not snapshot or position >= _total_steps(snapshot):
        Alert.objects.filter(pk=alert.pk, escalation_step=step).update(next_escalation_at=None)
        return False
    guard = Alert.objects.filter(pk=alert.pk, escalation_step=step, state=Alert.State.OPEN)

    if alert.severity != Severity.EXTREME:
        deferred_to = quiet_until(district=alert.district, now=now)
        if deferred_to is not None:
            if guard.update(next_escalation_at=deferred_to):
                firings.logs.append(
                    EscalationLog(alert=alert, step=step, at=now, note=_("Quiet hours: deferred until they end."))
                )
            return False

    steps = snapshot["steps"]
    spec = steps[position % len(steps)]
    following = position + 1
    next_at = None
    if following < _total_steps(snapshot):
        next_at = now + datetime.timedelta(minutes=steps[following % len(steps)]["wait_minutes"])
    if guard.update(escalation_step=step + 1, next_escalation_at=next_at) != 1:
        return False  # fired already by another task, or acknowledged meanwhile
    alert.escalation_step, alert.next_escalation_at = step + 1, next_at

    level = spec["level"]
    with translation.override(settings.LANGUAGE_CODE):  # messages go out in the programme's language
        reason = _fire_reason(alert=alert, position=position, snapshot=snapshot)
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
            level=spec["level"],
            channels=spec["channels"],
            recipients=len(users),
            note=(reason if users else f"{reason} {_('Nobody holds this role here.')}")[:255],
        )
    )
    return True


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
    # and the batch's notifications and log lines go in one INSERT each.
    for start in range(0, len(due), TICK_COMMIT_EVERY):
        with transaction.atomic():
            for alert in due[start : start + TICK_COMMIT_EVERY]:
                if alert.state == Alert.State.ACKNOWLEDGED:
                    fired += _acknowledgement_expired(alert_id=alert.pk, now=now, firings=firings)
                else:
                    fired += escalation_fire(alert=alert, now=now, firings=firings)
            firings.write()
    return fired
