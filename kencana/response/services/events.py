"""Disaster events, their chronology and the Bupati's emergency decrees.

BPBD staff of the district record an event (by hand or from an alert), keep its chronology,
record each decree (the first one turns monitoring into an emergency; a later one extends the
period or changes the status) and close it. Each of these changes is published on the
district's CAP feed and announced, so dashboards, the map and the alert rules follow at once.
"""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kecamatan.models import Desa, District, Hazard, Kecamatan
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.alerts.models import Alert, CapMessage, HazardWarning
from kencana.core import events
from kencana.core.clock import local, local_today
from kencana.core.uploads import check_file, read_head
from logistics.services.common import next_number

from .. import cap
from ..models import ChronologyEntry, Decree, EmergencyLevel, Event, EventStatus, ImpactReport, ResponseSettings, Task
from ..selectors import current_decree
from .common import announce_event, check_moment, lock_event, require_open

EVENT_PREFIX = "KB"  # kejadian bencana: KB/63.11/2026/0001
DECREE_TYPES = ("application/pdf", "image/jpeg", "image/png")


def _require_recorder(by, district_id: int) -> None:
    require(
        permissions.may_record_events(by, district_id), _("Only BPBD staff of the district record disaster events.")
    )


def _clean_areas(*, district: District, kecamatan: Iterable[Kecamatan], desa: Iterable[Desa]) -> dict:
    """The kecamatan and desa of an event: at least one kecamatan, all of the district; each desa in
    one of the chosen kecamatan."""
    kecamatan, desa = list(kecamatan), list(desa)
    errors = {}
    if not kecamatan:
        errors["kecamatan"] = _("Choose at least one kecamatan.")
    elif any(k.district_id != district.pk for k in kecamatan):
        errors["kecamatan"] = _("Only kecamatan of %(district)s can be chosen.") % {"district": district.display_name}
    chosen = {k.pk for k in kecamatan}
    outside = [d.name for d in desa if d.kecamatan_id not in chosen]
    if outside:
        errors["desa"] = _("Not in the chosen kecamatan: %(names)s.") % {"names": ", ".join(sorted(outside))}
    if errors:
        raise ValidationError(errors)
    return {"kecamatan": kecamatan, "desa": desa}


def _default_title(hazard: Hazard, kecamatan: list[Kecamatan]) -> str:
    return f"{hazard.name_id} {', '.join(k.name for k in sorted(kecamatan, key=lambda k: k.code))}"[:200]


@transaction.atomic
def event_open(
    *,
    by,
    district: District,
    hazard: Hazard,
    started_at: datetime.datetime,
    kecamatan: Iterable[Kecamatan],
    desa: Iterable[Desa] = (),
    title: str = "",
    description: str = "",
    source_alert: Alert | None = None,
) -> Event:
    """Record a disaster event, numbered in the district's yearly series, as being monitored."""
    _require_recorder(by, district.pk)
    if hazard is None:
        raise ValidationError({"hazard": _("Choose the hazard.")})
    areas = _clean_areas(district=district, kecamatan=kecamatan, desa=desa)
    started_at = check_moment(started_at, field="started_at", label=_("The start"))
    if source_alert is not None and source_alert.district_id != district.pk:
        raise ValidationError({"source_alert": _("The alert is not one of %(district)s.") % {"district": district}})
    year = local(started_at, district.timezone).year
    event = Event.objects.create(
        district=district,
        number=next_number(district=district, prefix=EVENT_PREFIX, year=year),
        hazard=hazard,
        title=(title or "").strip()[:200] or _default_title(hazard, areas["kecamatan"]),
        description=(description or "").strip(),
        started_at=started_at,
        source_alert=source_alert,
        opened_by=by,
    )
    event._history_user = by
    event.kecamatan.set(areas["kecamatan"])
    event.desa.set(areas["desa"])
    cap.publish(event, cap.ALERT)
    announce_event(event)
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    by,
    hazard: Hazard,
    started_at: datetime.datetime,
    kecamatan: Iterable[Kecamatan],
    desa: Iterable[Desa] = (),
    title: str = "",
    description: str = "",
) -> Event:
    """Correct an open event. A kecamatan or desa that already has tasks or reports stays."""
    _require_recorder(by, event.district_id)
    event = lock_event(event)
    require_open(event, _("Event %(number)s is closed and cannot change.") % {"number": event.number})
    if hazard is None:
        raise ValidationError({"hazard": _("Choose the hazard.")})
    areas = _clean_areas(district=event.district, kecamatan=kecamatan, desa=desa)
    started_at = check_moment(started_at, field="started_at", label=_("The start"))
    if started_at == event.started_at.replace(second=0, microsecond=0):
        started_at = event.started_at  # the form shows minutes: the same minute keeps the time recorded
    errors = {}
    first_decree = event.decrees.order_by("period_start").first()
    if first_decree is not None and local(started_at, event.district.timezone).date() > first_decree.period_start:
        errors["started_at"] = _("A decree already runs from %(date)s: the event cannot start later.") % {
            "date": date_format(first_decree.period_start, "j F Y")
        }
    kept_kecamatan = {k.pk for k in areas["kecamatan"]}
    in_use = Kecamatan.objects.filter(
        pk__in=set(Task.objects.filter(event=event).exclude(kecamatan=None).values_list("kecamatan_id", flat=True))
        | set(ImpactReport.objects.filter(event=event).values_list("kecamatan_id", flat=True))
    ).exclude(pk__in=kept_kecamatan)
    if in_use:
        errors["kecamatan"] = _("These kecamatan have tasks or impact reports in this event and stay: %(names)s.") % {
            "names": ", ".join(k.name for k in in_use)
        }
    kept_desa = {d.pk for d in areas["desa"]}
    reported = Desa.objects.filter(pk__in=ImpactReport.objects.filter(event=event).values("desa_id")).exclude(
        pk__in=kept_desa
    )
    if reported:
        errors["desa"] = _("These desa have impact reports in this event and stay: %(names)s.") % {
            "names": ", ".join(d.name for d in reported)
        }
    if errors:
        raise ValidationError(errors)
    areas_changed = set(event.kecamatan.values_list("pk", flat=True)) != kept_kecamatan
    public_changed = areas_changed or event.hazard_id != hazard.pk or event.title != (title or "").strip()
    event.hazard = hazard
    event.started_at = started_at
    event.title = (title or "").strip()[:200] or _default_title(hazard, areas["kecamatan"])
    event.description = (description or "").strip()
    event._history_user = by
    event.save()
    event.kecamatan.set(areas["kecamatan"])
    event.desa.set(areas["desa"])
    if public_changed:
        cap.publish(event, cap.UPDATE)
    announce_event(event)
    return event


@transaction.atomic
def event_close(*, event: Event, by, ended_at: datetime.datetime) -> Event:
    """The event is over: no more decrees, tasks or impact reports; the CAP feed says Cancel."""
    _require_recorder(by, event.district_id)
    event = lock_event(event)
    require_open(event, _("Event %(number)s is already closed.") % {"number": event.number})
    ended_at = check_moment(ended_at, field="ended_at", event=event, label=_("The end"))
    event.status = EventStatus.CLOSED
    event.ended_at = ended_at
    event.closed_at = timezone.now()
    event.closed_by = by
    event._history_user = by
    event._change_reason = _("Closed")
    event.save()
    cap.publish(event, cap.CANCEL)
    announce_event(event)
    return event


@transaction.atomic
def chronology_add(*, event: Event, by, at: datetime.datetime, text: str) -> ChronologyEntry:
    """One timestamped line of the event's chronology (kronologi)."""
    _require_recorder(by, event.district_id)
    event = lock_event(event)
    require_open(event)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what happened.")})
    if len(text) > 500:
        raise ValidationError({"text": _("Keep each entry under 500 characters.")})
    at = check_moment(at, field="at", label=_("The time"))
    entry = ChronologyEntry.objects.create(event=event, at=at, text=text, recorded_by=by)
    announce_event(event)
    return entry


def decree_record(
    *,
    event: Event,
    by,
    number: str,
    signed_on: datetime.date,
    level: str,
    period_start: datetime.date,
    period_end: datetime.date,
    upload: UploadedFile | None = None,
) -> Decree:
    """Record a decree of the Bupati: the event is then an emergency at the decree's level.

    A later decree extends the period (same status) or changes the status; it must start after the
    decree in force started. The scanned file is checked by its content and written before the
    transaction (slow I/O outside the lock), and removed again if the decree cannot be stored.
    """
    _require_recorder(by, event.district_id)
    decree = Decree(
        event=event,
        number=(number or "").strip(),
        signed_on=signed_on,
        level=level,
        period_start=period_start,
        period_end=period_end,
        recorded_by=by,
    )
    if upload is not None:
        kind = check_file(
            name=upload.name or "sk", size=upload.size, head=read_head(upload), accepted=DECREE_TYPES, field="file"
        )
        decree.original_name = (upload.name or "sk").rsplit("/", 1)[-1][:200]
        decree.content_type, decree.size = kind.mime, upload.size
        decree.file.save(f"sk.{kind.extension}", upload, save=False)
    try:
        with transaction.atomic():
            return _decree_store(decree, by=by)
    except Exception:
        if decree.file:
            decree.file.delete(save=False)
        raise


def _decree_store(decree: Decree, *, by) -> Decree:
    event = lock_event(decree.event)
    require_open(event, _("Event %(number)s is closed: a decree can no longer be recorded.") % {"number": event.number})
    errors = {}
    if not decree.number:
        errors["number"] = _("Give the decree's number.")
    elif event.decrees.filter(number=decree.number).exists():
        errors["number"] = _("Decree %(number)s is already recorded for this event.") % {"number": decree.number}
    if decree.level not in EmergencyLevel.values:
        errors["level"] = _("Choose siaga darurat, tanggap darurat or transisi darurat.")
    today = local_today(event.district.timezone)
    if decree.signed_on is None:
        errors["signed_on"] = _("Give the date the decree was signed.")
    elif decree.signed_on > today:
        errors["signed_on"] = _("The decree cannot be signed in the future.")
    if decree.period_start is None or decree.period_end is None:
        errors["period_end"] = _("Give the first and the last day of the period.")
    elif decree.period_end < decree.period_start:
        errors["period_end"] = _("The period cannot end (%(end)s) before it starts (%(start)s).") % {
            "end": date_format(decree.period_end, "j F Y"),
            "start": date_format(decree.period_start, "j F Y"),
        }
    else:
        started = local(event.started_at, event.district.timezone).date()
        in_force = current_decree(event)
        if decree.period_start < started:
            errors["period_start"] = _("The period cannot start before the event (%(date)s).") % {
                "date": date_format(started, "j F Y")
            }
        elif in_force is not None and decree.period_start <= in_force.period_start:
            errors["period_start"] = _(
                "Decree %(number)s is in force from %(date)s: a new decree extends or changes it and starts later."
            ) % {"number": in_force.number, "date": date_format(in_force.period_start, "j F Y")}
        decree.follows = in_force
    if errors:
        raise ValidationError(errors)
    decree.event = event
    decree._history_user = by
    decree.save()
    if event.status != EventStatus.EMERGENCY:
        event.status = EventStatus.EMERGENCY
        event._history_user = by
        event._change_reason = _("Decree %(number)s") % {"number": decree.number}
        event.save(update_fields=["status"])
    cap.publish(event, cap.UPDATE)
    announce_event(event)
    return decree


# --- From an alert ---------------------------------------------------------------------------


def alert_event_defaults(*, alert: Alert, kecamatan_scope) -> dict:
    """What an event opened from an alert starts with: its hazard, the kecamatan the warning or CAP
    message that raised it covers (those in the user's scope), and when it opened."""
    kecamatan = []
    hazard = alert.hazard
    started = alert.opened_at
    subject_type = alert.subject_type_id
    if subject_type == ContentType.objects.get_for_model(HazardWarning).pk:
        warning = HazardWarning.objects.filter(pk=alert.subject_id, district_id=alert.district_id).first()
        if warning is not None:
            kecamatan = list(warning.kecamatan.filter(pk__in=kecamatan_scope).order_by("code"))
            hazard = hazard or warning.hazard
            started = warning.created_at
    elif subject_type == ContentType.objects.get_for_model(CapMessage).pk and alert.subject_id.isdigit():
        message = CapMessage.objects.filter(pk=int(alert.subject_id)).first()
        if message is not None:
            kecamatan = list(message.kecamatan.filter(pk__in=kecamatan_scope).order_by("code"))
            hazard = hazard or hazard_named_in(f"{message.event} {message.headline}")
            started = message.onset or message.effective or message.sent
    if not kecamatan and alert.kecamatan_id:
        kecamatan = [alert.kecamatan]
    return {
        "hazard": hazard,
        "kecamatan": kecamatan,
        "started_at": min(started, timezone.now()),
        "title": "",
        "description": alert.detail[:2000],
    }


def hazard_named_in(text: str) -> Hazard | None:
    """The hazard named in a warning's words: its own name before a local name ("Hujan lebat dan
    banjir" is a flood, though heavy rain is a local name of extreme weather), the longest first."""
    lowered = (text or "").lower()
    found = []
    for hazard in Hazard.objects.all():
        names = [(True, hazard.name_id), (True, hazard.name_en), *((False, a) for a in hazard.aliases.split("|"))]
        found.extend(
            ((own, len(name)), hazard) for own, name in names if name.strip() and name.strip().lower() in lowered
        )
    return max(found, key=lambda pair: pair[0])[1] if found else None


# --- The district's response settings -----------------------------------------------------------


@transaction.atomic
def response_settings_update(*, by, district: District, decree_warning_days: int) -> ResponseSettings:
    """How many days before an emergency period ends BPBD hear of it (a BPBD admin decides)."""
    require(
        permissions.may_change_response_settings(by, district.pk),
        _("Only a BPBD admin of the district changes the response settings."),
    )
    if decree_warning_days is None or not 0 <= decree_warning_days <= 30:
        raise ValidationError({"decree_warning_days": _("Choose between 0 and 30 days.")})
    settings = ResponseSettings.objects.select_for_update().filter(district=district).first() or ResponseSettings(
        district=district
    )
    if settings.decree_warning_days != decree_warning_days:  # nothing to change: no row written
        settings.decree_warning_days = decree_warning_days
        settings.save()
        events.disaster_event_changed.announce(district_id=district.pk, disaster_event=None)
    return settings
