"""An alert's life without a person: opened when its condition holds, closed when it clears.

The rule engine and the services come through here; the escalation is started on opening
and those who were paged hear when it is over.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kencana.accounts.models import User
from kencana.core import events

from .escalation import escalation_start
from .models import Alert
from .notifications.outbox import alert_link, notify_users
from .rules import Condition


def alert_open(*, rule: str, condition: Condition, now: datetime.datetime | None = None) -> Alert | None:
    """Open an alert for a condition and start its escalation. None if one is already open.

    The partial unique constraint on the dedupe key is the backstop when two rule
    runs race: the loser's savepoint rolls back and nothing is raised twice.
    """
    now = now or timezone.now()
    subject = condition.subject
    alert = Alert(
        rule=rule,
        severity=condition.severity,
        title=condition.title[:255],
        detail=condition.detail,
        dedupe_key=condition.key,
        public=condition.public,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=str(subject.pk) if subject is not None else "",
        subject_label=condition.subject_label[:255],
        district_id=condition.district_id,
        kecamatan_id=condition.kecamatan_id,
        hazard_id=condition.hazard_id,
        expires_at=condition.expires_at,
        opened_at=now,
    )
    try:
        with transaction.atomic():
            alert.save()
            escalation_start(alert=alert, now=now)
            events.alert_opened.announce(district_id=alert.district_id, alert=alert)
    except IntegrityError:
        if Alert.objects.filter(dedupe_key=condition.key).exclude(state=Alert.State.RESOLVED).exists():
            return None
        raise
    return alert


def alert_auto_resolve(*, alert_id: int, note: str) -> Alert | None:
    """The rule no longer holds: close the alert with a note saying so."""
    return resolve(alert_id=alert_id, by=None, note=note)


def resolve(*, alert_id: int, by: User | None, note: str) -> Alert | None:
    now = timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().select_related("district").filter(pk=alert_id).first()
        if alert is None or alert.state == Alert.State.RESOLVED:
            if by is not None:
                raise ValidationError(_("This alert is already resolved."))
            return None
        alert.state, alert.resolved_at, alert.resolved_by = Alert.State.RESOLVED, now, by
        alert.resolution_note = note
        alert.next_escalation_at = None
        alert._change_reason = note[:100]
        alert.save()
        events.alert_resolved.announce(district_id=alert.district_id, alert=alert)
        _tell_those_notified(alert=alert, by=by)
    return alert


def _tell_those_notified(*, alert: Alert, by: User | None) -> None:
    """Everyone who was paged about the alert hears it is over (inbox only)."""
    user_ids = set(alert.notifications.values_list("user_id", flat=True)) - {getattr(by, "pk", None)}
    if not user_ids:
        return
    notify_users(
        users=list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk")),
        alert=alert,
        title=_("Resolved: %(title)s") % {"title": alert.title},
        body=alert.resolution_note,
        link=alert_link(alert),
        channels=[],
    )
