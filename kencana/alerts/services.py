"""State changes of alerts, warnings, notifications and preferences.

Web views, API endpoints, tasks and the rule engine all come through here.
"""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kecamatan.models import Hazard, Kecamatan
from kencana.accounts import permissions
from kencana.accounts.models import User
from kencana.accounts.permissions import require
from kencana.core import events

from .cap.matcher import MatchResult, match_areas
from .cap.parser import SEVERITIES, CapAlert, CapInfo, CapRefused, parse_cap
from .engine import rules_run
from .escalation import escalation_acknowledged
from .lifecycle import resolve
from .models import Alert, CapMessage, HazardWarning, Notification, NotificationPreference, Severity


# --- Alerts -----------------------------------------------------------------------
def alert_acknowledge(*, alert: Alert, by: User) -> Alert:
    """Someone has seen it and is on it: escalation stops (until the acknowledgement times out)."""
    require(permissions.may_acknowledge_alert(by, alert), _("You cannot acknowledge this alert."))
    now = timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.state != Alert.State.OPEN:
            raise ValidationError(
                _("Only an open alert can be acknowledged; this one is %(state)s.")
                % {"state": alert.get_state_display().lower()}
            )
        alert.state, alert.acknowledged_at, alert.acknowledged_by = Alert.State.ACKNOWLEDGED, now, by
        escalation_acknowledged(alert=alert, now=now)
        alert._change_reason = _("Acknowledged")
        alert.save()
        events.alert_changed.announce(district_id=alert.district_id, alert=alert)
    return alert


def alert_resolve(*, alert: Alert, by: User, note: str = "") -> Alert:
    """Close an alert by hand. BPBD staff only: an officer acknowledges, BPBD closes."""
    require(permissions.may_resolve_alert(by, alert), _("Only BPBD staff can resolve alerts."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say briefly how it was resolved.")})
    return resolve(alert_id=alert.pk, by=by, note=note) or alert


# --- Hazard warnings --------------------------------------------------------------
def hazard_warning_create(
    *,
    by: User,
    kecamatan: list[Kecamatan],
    hazard: Hazard,
    title: str,
    expires_at: datetime.datetime,
    severity: str = Severity.SEVERE,
    status_level: str = HazardWarning.Status.ALERT,
    message: str = "",
    instruction: str = "",
) -> HazardWarning:
    """BPBD raises a warning for chosen kecamatan; each gets an alert at once, escalated by policy."""
    require(
        permissions.may_raise_warnings(by) and by.district_id is not None,
        _("Only BPBD staff of a district can raise hazard warnings."),
    )
    errors = {}
    if not kecamatan:
        errors["kecamatan"] = _("Choose at least one kecamatan.")
    elif any(k.district_id != by.district_id for k in kecamatan):
        errors["kecamatan"] = _("Warnings can only cover kecamatan of your own district.")
    if expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry must be in the future.")
    if not (title or "").strip():
        errors["title"] = _("Give the warning a title.")
    if severity not in Severity.values:
        errors["severity"] = _("Unknown severity.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        warning = HazardWarning.objects.create(
            district_id=by.district_id,
            hazard=hazard,
            title=title.strip(),
            message=message.strip(),
            instruction=instruction.strip(),
            severity=severity,
            status_level=status_level,
            expires_at=expires_at,
            created_by=by,
        )
        warning.kecamatan.set(kecamatan)
        rules_run(codes=["hazard_warning"], district_ids=[by.district_id])
    return warning


def hazard_warning_cancel(*, warning: HazardWarning, by: User) -> HazardWarning:
    """End a warning early; its alerts resolve with a note."""
    require(
        permissions.may_raise_warnings(by, warning.district_id),
        _("Only BPBD staff of the district can cancel this warning."),
    )
    with transaction.atomic():
        warning = HazardWarning.objects.select_for_update().get(pk=warning.pk)
        if warning.cancelled_at is not None:
            raise ValidationError(_("This warning is already cancelled."))
        warning.cancelled_at, warning.cancelled_by = timezone.now(), by
        warning.save()
        rules_run(codes=["hazard_warning"], district_ids=[warning.district_id])
    return warning


# --- Notifications and preferences --------------------------------------------------
def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    if notification.user_id != by.pk:
        raise PermissionDenied(_("This is not your notification."))
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_save(*, user: User, email_severities: set[str]) -> None:
    """Which severities also reach the person by email (the inbox always receives)."""
    unknown = set(email_severities) - set(Severity.values)
    if unknown:
        raise ValidationError(_("Unknown severity: %(values)s.") % {"values": ", ".join(sorted(unknown))})
    with transaction.atomic():
        for severity in Severity.values:
            NotificationPreference.objects.update_or_create(
                user=user, severity=severity, defaults={"email": severity in email_severities}
            )


# --- CAP import ---------------------------------------------------------------------
@dataclass
class CapImportResult:
    message: CapMessage | None
    created: bool
    note: str
    kecamatan: list[Kecamatan] = field(default_factory=list)
    opened: int = 0
    resolved: int = 0


def cap_import(*, data: bytes, by: User | None = None, source: str = CapMessage.Source.UPLOAD) -> CapImportResult:
    """Store a CAP message, match it to kecamatan, and raise, update or resolve alerts.

    Malformed or non-CAP input raises ValidationError and stores nothing. A message
    already imported (same sender and identifier) changes nothing. An Update or
    Cancel continues the thread of the message it references.
    """
    try:
        parsed = parse_cap(data)
    except CapRefused as exc:
        raise ValidationError(str(exc)) from exc
    existing = CapMessage.objects.filter(sender=parsed.sender, identifier=parsed.identifier).first()
    if existing is not None:
        return CapImportResult(existing, False, _("This message was imported before; nothing changed."))

    info = parsed.info
    match = match_areas(info.areas) if info else MatchResult()
    notes = list(match.notes)
    with transaction.atomic():
        referenced = _referenced_thread(parsed)
        message = CapMessage.objects.create(
            identifier=parsed.identifier,
            sender=parsed.sender,
            sent=parsed.sent,
            status=parsed.status,
            msg_type=parsed.msg_type,
            scope=parsed.scope,
            references=" ".join(f"{s},{i}" for s, i in parsed.references),
            xml=parsed.xml,
            source=source,
            imported_by=by,
            thread=referenced,
            is_current=parsed.msg_type != "Cancel",
            **_info_fields(info),
        )
        if referenced is None:
            message.thread = message
            message.save(update_fields=["thread"])
            if parsed.msg_type in ("Update", "Cancel"):
                notes.append(_("It refers to a message that was never imported here."))
        else:
            referenced.thread_messages.exclude(pk=message.pk).update(is_current=False)
        message.kecamatan.set(match.kecamatan)
        notes.insert(0, _describe_match(parsed, info, match))
        message.match_note = "\n".join(n for n in notes if n)
        message.save(update_fields=["match_note"])
        run = rules_run(codes=["cap_warning"])
    return CapImportResult(message, True, message.match_note, match.kecamatan, len(run.opened), len(run.resolved))


def _referenced_thread(parsed: CapAlert) -> CapMessage | None:
    if not parsed.references:
        return None
    query = reduce(or_, [Q(sender=s, identifier=i) for s, i in parsed.references])
    referenced = CapMessage.objects.select_for_update().filter(query).order_by("-sent").first()
    return referenced.thread if referenced is not None else None


def _info_fields(info: CapInfo | None) -> dict:
    if info is None:
        return {}
    return {
        "language": info.language,
        "categories": info.categories,
        "event": info.event[:255],
        "headline": info.headline[:255],
        "description": info.description,
        "instruction": info.instruction,
        "sender_name": info.sender_name[:255],
        "severity": SEVERITIES.get(info.severity, Severity.MODERATE),
        "cap_severity": info.severity,
        "urgency": info.urgency,
        "certainty": info.certainty,
        "effective": info.effective,
        "onset": info.onset,
        "expires": info.expires,
        "area_desc": "; ".join(a.desc for a in info.areas if a.desc),
        "areas": {"type": "FeatureCollection", "features": [a.as_feature() for a in info.areas]},
    }


def _describe_match(parsed: CapAlert, info: CapInfo | None, match: MatchResult) -> str:
    if parsed.msg_type == "Cancel":
        return _("Cancel: the alerts of the referenced message are resolved.")
    if info is None:
        return _("The message has no info block; no alert was raised.")
    if not match.kecamatan:
        return _(
            "No matching kecamatan: none of its %(count)s area(s) touches a kecamatan boundary here, and no kecamatan is named in the area description (%(desc)s). Stored without raising an alert."
        ) % {"count": len(info.areas), "desc": "; ".join(a.desc for a in info.areas) or "—"}
    names = ", ".join(f"{k.name} ({k.code})" for k in match.kecamatan)
    if parsed.status != "Actual":
        return _("Matched %(names)s, but its status is %(status)s: no alert was raised.") % {
            "names": names,
            "status": parsed.status,
        }
    return _("Matched kecamatan: %(names)s.") % {"names": names}
