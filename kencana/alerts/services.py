"""State changes of alerts, warnings, notifications and preferences.

Web views, API endpoints, tasks and the rule engine all come through here.
"""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kecamatan.models import Hazard, Kecamatan
from kencana.accounts import permissions
from kencana.accounts.models import User
from kencana.accounts.permissions import require
from kencana.accounts.scope import kecamatan_for
from kencana.core import events

from .cap.matcher import MatchResult, match_areas
from .cap.parser import SEVERITIES, CapAlert, CapInfo, CapRefused, parse_cap
from .engine import rules_run
from .escalation import escalation_acknowledged
from .lifecycle import resolve
from .models import (
    MESSAGING_CHANNELS,
    Alert,
    CapMessage,
    Channel,
    DistrictChannel,
    HazardWarning,
    MessagingContact,
    Notification,
    NotificationPreference,
    Severity,
)
from .notifications.outbox import message_send
from .selectors import channel_severities_of


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
# A status such as siaga darurat is decreed for weeks or months, never years.
MAX_WARNING_DAYS = 366


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
    elif expires_at > timezone.now() + datetime.timedelta(days=MAX_WARNING_DAYS):
        errors["expires_at"] = _("A warning lasts at most %(days)s days; raise a new one when it runs out.") % {
            "days": MAX_WARNING_DAYS
        }
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


def preferences_save(*, user: User, email_severities: set[str], channel_severities: dict | None = None) -> None:
    """Which severities also reach the person by email, Telegram, WhatsApp or SMS (the inbox always receives)."""
    wanted = {"email": set(email_severities), **(channel_severities or {})}
    unknown = set().union(*wanted.values()) - set(Severity.values)
    if unknown:
        raise ValidationError(_("Unknown severity: %(values)s.") % {"values": ", ".join(sorted(unknown))})
    if set(wanted) - {"email", *MESSAGING_CHANNELS}:
        raise ValidationError(_("Unknown channel."))
    with transaction.atomic():
        # A choice the person already has (stored, or the default) is not written again.
        for channel, severities in wanted.items():
            current = channel_severities_of(user=user, channel=channel)
            for severity in Severity.values:
                choice = severity in severities
                if choice != (severity in current):
                    NotificationPreference.objects.update_or_create(
                        user=user, severity=severity, defaults={channel: choice}
                    )


# --- Phone numbers and Telegram chat ids, verified by a one-time code -----------------
CODE_TRIES = 5


def _code_hash(contact_user_id: int, channel: str, address: str, code: str) -> str:
    message = f"{contact_user_id}:{channel}:{address}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def normalise_address(*, channel: str, address: str) -> str:
    """A phone number as international digits (08… → 628…), a Telegram chat id as digits."""
    raw = "".join(address.split()).replace("-", "")
    if channel == Channel.TELEGRAM:
        if not raw.lstrip("-").isdigit():
            raise ValidationError({"address": _("A Telegram chat id is a number (the bot tells you yours).")})
        return raw
    digits = raw.removeprefix("+")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        raise ValidationError({"address": _("Enter a phone number, e.g. 0812 3456 7890.")})
    return digits


def contact_start(*, user: User, channel: str, address: str) -> MessagingContact:
    """Store the address unverified and send it a six-digit code through the district's channel."""
    if channel not in MESSAGING_CHANNELS:
        raise ValidationError({"channel": _("Unknown channel.")})
    address = normalise_address(channel=channel, address=address)
    if not DistrictChannel.objects.filter(district_id=user.district_id, provider=channel, active=True).exists():
        raise ValidationError(_("Your district has not set up this channel yet."))
    now = timezone.now()
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        contact, _created = MessagingContact.objects.select_for_update().get_or_create(
            user=user, channel=channel, defaults={"address": address}
        )
        if contact.code_sent_at and now - contact.code_sent_at < datetime.timedelta(minutes=1):
            raise ValidationError(_("A code was sent less than a minute ago; wait a moment before asking again."))
        contact.address, contact.verified_at, contact.code_tries = address, None, 0
        contact.code_hash, contact.code_sent_at = _code_hash(user.pk, channel, address, code), now
        contact.save()
        with translation.override(settings.LANGUAGE_CODE):
            text = _("Kencana verification code: %(code)s. It is valid for %(minutes)s minutes.") % {
                "code": code,
                "minutes": settings.MESSAGING_CODE_MINUTES,
            }
        message_send(district_id=user.district_id, channel=channel, destination=address, text=text)
    return contact


def contact_verify(*, user: User, channel: str, code: str) -> MessagingContact:
    """Confirm an address with its code; a wrong code counts, and five of them end the code."""
    now = timezone.now()
    with transaction.atomic():
        contact = MessagingContact.objects.select_for_update().filter(user=user, channel=channel).first()
        if contact is None or not contact.code_hash:
            raise ValidationError({"code": _("Ask for a code first.")})
        expired = now - contact.code_sent_at > datetime.timedelta(minutes=settings.MESSAGING_CODE_MINUTES)
        if expired or contact.code_tries >= CODE_TRIES:
            raise ValidationError({"code": _("This code has expired; ask for a new one.")})
        expected = _code_hash(user.pk, channel, contact.address, "".join(str(code).split()))
        right = hmac.compare_digest(expected, contact.code_hash)
        if right:
            if (
                MessagingContact.objects.filter(channel=channel, address=contact.address, verified_at__isnull=False)
                .exclude(pk=contact.pk)
                .exists()
            ):
                raise ValidationError({"code": _("This number is already verified by someone else.")})
            contact.verified_at, contact.code_hash = now, ""
            contact.save(update_fields=["verified_at", "code_hash"])
        else:
            # Counted before refusing (the refusal must not roll the count back): guessing ends at five.
            MessagingContact.objects.filter(pk=contact.pk).update(code_tries=F("code_tries") + 1)
    if not right:
        raise ValidationError({"code": _("That code is not right.")})
    return contact


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
    imported by a district's staff belongs to that district: it is matched only to the
    kecamatan in their scope (areas elsewhere are reported and ignored), and its
    identity and thread are the district's own, so another district can neither
    pre-empt it nor update or cancel its alerts. A configured source (the feed poll,
    the command line: ``by`` None) imports for every district. A message already
    imported in the same place (same sender and identifier) changes nothing. An
    Update or Cancel continues the thread of the message it references.
    """
    district_id = by.district_id if by is not None else None
    require(
        by is None or (district_id is not None and permissions.may_raise_warnings(by, district_id)) or by.is_superuser,
        _("Only BPBD staff of a district import CAP messages."),
    )
    try:
        parsed = parse_cap(data)
    except CapRefused as exc:
        raise ValidationError(str(exc)) from exc
    existing = CapMessage.objects.filter(district_id=district_id, sender=parsed.sender, identifier=parsed.identifier)
    if existing.exists():
        return CapImportResult(existing.first(), False, _("This message was imported before; nothing changed."))

    info = parsed.info
    match = match_areas(info.areas) if info else MatchResult()
    notes = list(match.notes)
    if district_id is not None:
        allowed = set(kecamatan_for(by).filter(pk__in=[k.pk for k in match.kecamatan]).values_list("pk", flat=True))
        elsewhere = [k for k in match.kecamatan if k.pk not in allowed]
        match.kecamatan = [k for k in match.kecamatan if k.pk in allowed]
        if elsewhere:
            notes.append(
                _("Areas outside your district were ignored: %(names)s.")
                % {"names": ", ".join(f"{k.name} ({k.code})" for k in elsewhere)}
            )
    with transaction.atomic():
        referenced = _referenced_thread(parsed, district_id=district_id)
        message = CapMessage.objects.create(
            identifier=parsed.identifier,
            sender=parsed.sender,
            district_id=district_id,
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


def _referenced_thread(parsed: CapAlert, *, district_id: int | None) -> CapMessage | None:
    """The thread an Update or Cancel continues: only among messages imported in the same place."""
    if not parsed.references:
        return None
    query = reduce(or_, [Q(sender=s, identifier=i) for s, i in parsed.references])
    referenced = CapMessage.objects.select_for_update().filter(query, district_id=district_id).order_by("-sent").first()
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
