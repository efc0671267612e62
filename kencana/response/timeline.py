"""The response phase in the kecamatan timeline: events recorded there and cards activated."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kencana.plans.timeline import Event as TimelineEvent
from kencana.plans.timeline import actor_name, provider, window

from .models import Activation, Event


@provider
def response_events(kecamatan, *, since, before, limit) -> list[TimelineEvent]:
    recorded = window(
        Event.objects.filter(kecamatan=kecamatan).select_related("hazard", "opened_by"),
        "created_at",
        since=since,
        before=before,
        limit=limit,
    )
    activated = window(
        Activation.objects.filter(kecamatan=kecamatan).select_related("event", "card__hazard", "activated_by"),
        "activated_at",
        since=since,
        before=before,
        limit=limit,
    )
    return [
        TimelineEvent(
            when=row.created_at,
            kind="response",
            title=_("Disaster event recorded: %(title)s") % {"title": row.title},
            detail=row.number,
            actor=actor_name(row.opened_by),
            url=reverse("response:event_detail", args=[row.pk]),
        )
        for row in recorded
    ] + [
        TimelineEvent(
            when=row.activated_at,
            kind="response",
            title=_("Quick-response card activated: %(hazard)s") % {"hazard": row.card.hazard.name},
            detail=f"{row.event.number} {row.event.title}",
            actor=actor_name(row.activated_by),
            url=reverse("response:event_detail", args=[row.event_id]),
        )
        for row in activated
    ]
