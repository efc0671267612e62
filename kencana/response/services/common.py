"""What every response service shares: per-event counters, moments that must be in the past,
and the announcement of what changed."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kencana.core import events

from ..models import Event
from ..moments import shown


def next_event_number(event: Event, counter: str) -> int:
    """The next task or sitrep number of the event (``counter``: ``last_task_number`` or
    ``last_sitrep_number``). The conditional update holds the event row's lock until the
    transaction ends, so concurrent callers never share a number and a rollback leaves no gap."""
    Event.objects.filter(pk=event.pk).update(**{counter: F(counter) + 1})
    return Event.objects.values_list(counter, flat=True).get(pk=event.pk)


def check_moment(
    moment: datetime.datetime | None, *, field: str, event: Event | None = None, label: str = ""
) -> datetime.datetime:
    """A moment that has happened: not in the future and, for an event, not before it started."""
    if moment is None:
        raise ValidationError({field: _("Give the date and time.")})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise ValidationError({field: _("%(what)s cannot be in the future.") % {"what": label or _("The time")}})
    if event is not None and moment < event.started_at:
        raise ValidationError(
            {
                field: _("%(what)s cannot be before the event started (%(start)s).")
                % {"what": label or _("The time"), "start": shown(event.started_at, event.district.timezone)}
            }
        )
    return moment


def require_open(event: Event, message: str = "") -> None:
    if event.is_closed:
        raise ValidationError(message or _("Event %(number)s is closed.") % {"number": event.number})


def lock_event(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("district", "hazard").get(pk=event.pk)


def announce_event(event: Event) -> None:
    events.disaster_event_changed.announce(district_id=event.district_id, disaster_event=event)


def announce_tasks(event: Event) -> None:
    events.response_tasks_changed.announce(district_id=event.district_id, disaster_event=event)


def announce_impact(event: Event) -> None:
    events.impact_changed.announce(district_id=event.district_id, disaster_event=event)
