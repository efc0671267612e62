"""Disaster events on the district's public CAP feed.

Each change the public should hear of is a new CAP message about the event: ``Alert`` when it
is recorded, ``Update`` when its areas, emergency status or decree change, ``Cancel`` when it
is closed. ``Event.cap_log`` lists the messages sent, so every later message references the
earlier ones, as CAP 1.2 asks. A message carries public facts only: the hazard, the kecamatan,
the status and the decree's number and period, never figures or names.
"""

import datetime
import zoneinfo
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kecamatan.models import GEOMETRY_FIELDS
from kencana.alerts.cap.exporter import HAZARD_CATEGORY, add_element, area_element, cap_sender, cap_time
from kencana.alerts.cap.feed_atom import feed_entries
from kencana.alerts.cap.parser import CAP_12

from .models import EmergencyLevel, Event, EventStatus
from .moments import shown
from .selectors import current_decree

ALERT, UPDATE, CANCEL = "Alert", "Update", "Cancel"
# How long a closed event's Cancel stays on the feed, so subscribers hear it.
CLOSED_ON_FEED = datetime.timedelta(days=7)
SEVERITY = {
    EventStatus.MONITORING: "Moderate",
    EmergencyLevel.ALERT: "Severe",
    EmergencyLevel.RESPONSE: "Severe",
    EmergencyLevel.TRANSITION: "Moderate",
}


def publish(event: Event, msg_type: str) -> None:
    """Record a new CAP message about the event (inside the changing service's transaction)."""
    log = [*event.cap_log, {"sequence": len(event.cap_log) + 1, "sent": timezone.now().isoformat(), "type": msg_type}]
    Event.objects.filter(pk=event.pk).update(cap_log=log)
    event.cap_log = log


def identifier(event: Event, sequence: int) -> str:
    return f"kencana-{event.district.code}-event-{event.pk}-{sequence}"


def _sent(entry: dict) -> datetime.datetime:
    return parse_datetime(entry["sent"])


def event_to_cap(event: Event) -> bytes:
    """The latest message about the event as a CAP 1.2 <alert>, in Indonesian."""
    district = event.district
    log = event.cap_log or [{"sequence": 1, "sent": event.created_at.isoformat(), "type": ALERT}]
    last = log[-1]
    decree = current_decree(event)
    level = decree.level if decree is not None and event.status != EventStatus.MONITORING else ""
    root = Element(f"{{{CAP_12}}}alert")
    add_element(root, "identifier", identifier(event, last["sequence"]))
    add_element(root, "sender", cap_sender())
    add_element(root, "sent", cap_time(_sent(last), district))
    add_element(root, "status", "Actual")
    add_element(root, "msgType", last["type"])
    add_element(root, "scope", "Public")
    earlier = [f"{cap_sender()},{identifier(event, e['sequence'])},{cap_time(_sent(e), district)}" for e in log[:-1]]
    add_element(root, "references", " ".join(earlier))
    info = SubElement(root, f"{{{CAP_12}}}info")
    with translation.override("id"):
        add_element(info, "language", "id-ID")
        add_element(info, "category", HAZARD_CATEGORY.get(event.hazard.code, "Other"))
        add_element(info, "event", event.hazard.name_id)
        add_element(info, "urgency", "Past" if event.is_closed else "Immediate")
        add_element(info, "severity", SEVERITY.get(level or EventStatus.MONITORING, "Moderate"))
        add_element(info, "certainty", "Observed")
        add_element(info, "effective", cap_time(event.started_at, district))
        if decree is not None and not event.is_closed:
            end = datetime.datetime.combine(
                decree.period_end, datetime.time(23, 59), tzinfo=zoneinfo.ZoneInfo(district.timezone)
            )
            add_element(info, "expires", cap_time(end, district))
        add_element(info, "senderName", f"BPBD {district.display_name}")
        add_element(info, "headline", headline(event, decree, level)[:160])
        add_element(info, "description", description(event, decree, level))
        for kecamatan in event.kecamatan.order_by("code"):
            area_element(info, district=district, kecamatan=kecamatan)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8", xml_declaration=False)


def headline(event: Event, decree, level: str) -> str:
    if event.is_closed:
        return _("%(title)s: the event is over") % {"title": event.title}
    if level:
        return _("%(title)s: %(level)s until %(date)s") % {
            "title": event.title,
            "level": EmergencyLevel(level).label,
            "date": date_format(decree.period_end, "j F Y"),
        }
    return _("%(title)s: monitored by BPBD") % {"title": event.title}


def description(event: Event, decree, level: str) -> str:
    parts = [event.description] if event.description else []
    if decree is not None and level:
        parts.append(
            _("Decree of the Bupati number %(number)s: %(level)s from %(start)s to %(end)s.")
            % {
                "number": decree.number,
                "level": EmergencyLevel(level).label,
                "start": date_format(decree.period_start, "j F Y"),
                "end": date_format(decree.period_end, "j F Y"),
            }
        )
    if event.is_closed and event.ended_at:
        parts.append(_("Ended %(date)s.") % {"date": shown(event.ended_at, event.district.timezone)})
    return "\n\n".join(parts)


def events_on_feed(district):
    """The district's events as its feed lists them: those not closed, and those closed lately."""
    recently = timezone.now() - CLOSED_ON_FEED
    return (
        Event.objects.filter(district=district)
        .exclude(status=EventStatus.CLOSED, closed_at__lt=recently)
        .select_related("district", "hazard")
        .defer(*[f"district__{name}" for name in GEOMETRY_FIELDS])
        .order_by("-started_at")[:50]
    )


@feed_entries
def feed_items(request: HttpRequest, district) -> list[dict]:
    items = []
    for event in events_on_feed(district):
        log = event.cap_log or [{"sequence": 1, "sent": event.created_at.isoformat(), "type": ALERT}]
        cap_url = request.build_absolute_uri(reverse("response_cap:event", args=[event.pk]))
        items.append(
            {
                "title": f"{event.number} {event.title}",
                "description": event.description,
                "unique_id": f"urn:kencana:kencana-{district.code}-event-{event.pk}",
                "pubdate": event.created_at,
                "updateddate": _sent(log[-1]),
                "categories": [log[-1]["type"], event.hazard.code],
                "cap_url": cap_url,
            }
        )
    return items
