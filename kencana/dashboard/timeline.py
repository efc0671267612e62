"""One chronological list of what happened in a kecamatan, from every app.

A small registry: each source contributes a provider, a function
``events(kecamatan, *, since, before, limit) -> list[Event]`` that returns at most
``limit`` events newer than ``since`` and older than ``before`` (either may be None),
newest first, with one bounded query or a few. ``kecamatan_timeline`` merges them
and pages with a cursor (the time of the last event shown), so a page costs the
same however long the history is.

The caller has already checked that the user may see the kecamatan; providers only
read rows of that kecamatan.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kecamatan.models import Kecamatan, RiskProfile
from kencana.alerts.models import Alert
from kencana.plans.models import ActionItem, Evidence, QuickResponseCard
from kencana.readiness.models import Report
from kencana.response.models import Activation
from kencana.response.models import Event as DisasterEvent
from logistics.models import Document


@dataclass(frozen=True)
class Event:
    when: datetime.datetime
    kind: str  # what the badge says: plan, risk, card, report, stock, alert
    title: str
    detail: str = ""
    actor: str = ""
    url: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


KIND_LABELS = {
    "plan": gettext_lazy("Action plan"),
    "risk": gettext_lazy("Risk"),
    "card": gettext_lazy("Card"),
    "report": gettext_lazy("Report"),
    "stock": gettext_lazy("Stock"),
    "alert": gettext_lazy("Alert"),
    "response": gettext_lazy("Response"),
}

Provider = Callable[..., list[Event]]
PROVIDERS: list[Provider] = []


def provider(func: Provider) -> Provider:
    """Register a provider (used as a decorator)."""
    PROVIDERS.append(func)
    return func


def window(queryset, field: str, *, since, before, limit: int):
    if since is not None:
        queryset = queryset.filter(**{f"{field}__gt": since})
    if before is not None:
        queryset = queryset.filter(**{f"{field}__lt": before})
    return queryset.order_by(f"-{field}")[:limit]


def actor_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


HISTORY_VERBS = {"+": "created", "~": "changed", "-": "deleted"}


def kecamatan_timeline(
    kecamatan: Kecamatan,
    *,
    before: datetime.datetime | None = None,
    since: datetime.datetime | None = None,
    limit: int = 30,
) -> tuple[list[Event], datetime.datetime | None]:
    """A page of events, newest first, and the cursor for the next page (None on the last)."""
    events: list[Event] = []
    for source in PROVIDERS:
        events.extend(source(kecamatan, since=since, before=before, limit=limit + 1))
    events.sort(key=lambda e: e.when, reverse=True)
    page = events[:limit]
    more = len(events) > limit
    return page, (page[-1].when if more and page else None)


# --- Providers for this app and the risk profiles -----------------------------------------


@provider
def action_item_events(kecamatan, *, since, before, limit) -> list[Event]:
    rows = window(
        ActionItem.history.filter(plan__kecamatan=kecamatan).select_related("history_user"),
        "history_date",
        since=since,
        before=before,
        limit=limit,
    )
    titles = {
        "created": _("Action item added: %(title)s"),
        "changed": _("Action item updated: %(title)s"),
        "deleted": _("Action item removed: %(title)s"),
    }
    status = dict(ActionItem.Status.choices)
    return [
        Event(
            when=row.history_date,
            kind="plan",
            title=titles[HISTORY_VERBS[row.history_type]] % {"title": row.title},
            detail=f"{status.get(row.status, row.status)} · {row.progress}%",
            actor=actor_name(row.history_user),
            url=_url("plans:item", row.id) if row.history_type != "-" else "",
        )
        for row in rows
    ]


@provider
def evidence_events(kecamatan, *, since, before, limit) -> list[Event]:
    rows = window(
        Evidence.objects.filter(item__plan__kecamatan=kecamatan).select_related("item", "uploaded_by"),
        "uploaded_at",
        since=since,
        before=before,
        limit=limit,
    )
    return [
        Event(
            when=row.uploaded_at,
            kind="plan",
            title=_("Evidence added to %(title)s") % {"title": row.item.title},
            detail=row.caption or row.original_name,
            actor=actor_name(row.uploaded_by),
            url=_url("plans:item", row.item_id),
        )
        for row in rows
    ]


@provider
def risk_profile_events(kecamatan, *, since, before, limit) -> list[Event]:
    rows = window(
        RiskProfile.history.filter(kecamatan=kecamatan).select_related("hazard", "history_user"),
        "history_date",
        since=since,
        before=before,
        limit=limit,
    )
    titles = {
        "created": _("Risk profile added: %(hazard)s"),
        "changed": _("Risk profile updated: %(hazard)s"),
        "deleted": _("Risk profile removed: %(hazard)s"),
    }
    classes = dict(RiskProfile.RiskClass.choices)
    return [
        Event(
            when=row.history_date,
            kind="risk",
            title=titles[HISTORY_VERBS[row.history_type]] % {"hazard": row.hazard.name},
            detail=_("risk index %(index)s, %(class)s") % {"index": row.risk_index, "class": classes[row.risk_class]},
            actor=actor_name(row.history_user),
        )
        for row in rows
    ]


@provider
def card_events(kecamatan, *, since, before, limit) -> list[Event]:
    rows = window(
        QuickResponseCard.history.filter(kecamatan=kecamatan).select_related("hazard", "history_user"),
        "history_date",
        since=since,
        before=before,
        limit=limit,
    )
    titles = {
        "created": _("Quick-response card written: %(hazard)s"),
        "changed": _("Quick-response card updated: %(hazard)s"),
        "deleted": _("Quick-response card removed: %(hazard)s"),
    }
    return [
        Event(
            when=row.history_date,
            kind="card",
            title=titles[HISTORY_VERBS[row.history_type]] % {"hazard": row.hazard.name},
            detail=_("reviewed on %(date)s") % {"date": row.last_reviewed_on} if row.last_reviewed_on else "",
            actor=actor_name(row.history_user),
            url=_url("plans:card", row.id) if row.history_type != "-" else "",
        )
        for row in rows
    ]


# --- Providers reading other apps (read-only) -------------------------------------------------


@provider
def readiness_report_events(kecamatan, *, since, before, limit) -> list[Event]:
    """Reports submitted, verified and returned (the latest time of each, as the report keeps it)."""
    reports = Report.objects.filter(kecamatan=kecamatan).select_related("submitted_by", "verified_by")
    kinds = [
        ("submitted_at", _("Readiness report submitted: %(period)s"), "submitted_by"),
        ("verified_at", _("Readiness report verified: %(period)s"), "verified_by"),
        ("returned_at", _("Readiness report returned: %(period)s"), None),
    ]
    events = []
    for field, title, actor in kinds:
        rows = window(reports.filter(**{f"{field}__isnull": False}), field, since=since, before=before, limit=limit)
        events.extend(
            Event(
                when=getattr(row, field),
                kind="report",
                title=title % {"period": row.period_label},
                detail=row.return_note if field == "returned_at" else (row.tier or ""),
                actor=actor_name(getattr(row, actor)) if actor else "",
                url=_url("readiness:report_detail", row.pk),
            )
            for row in rows
        )
    return events


@provider
def stock_events(kecamatan, *, since, before, limit) -> list[Event]:
    """Posted stock documents bound for the kecamatan or for a warehouse serving it."""
    documents = (
        Document.objects.filter(posted_at__isnull=False)
        .filter(
            Q(destination_kecamatan=kecamatan)
            | Q(destination_warehouse__kecamatan_served=kecamatan)
            | Q(kind=Document.Kind.RECEIPT, warehouse__kecamatan_served=kecamatan)
        )
        .distinct()
        .select_related("warehouse", "destination_warehouse", "destination_kecamatan", "created_by")
    )
    rows = window(documents, "posted_at", since=since, before=before, limit=limit)
    return [
        Event(
            when=row.posted_at,
            kind="stock",
            title=f"{row.get_kind_display()} {row.number}",
            detail=row.destination_label or str(row.warehouse),
            actor=actor_name(row.created_by),
            url=_url("logistics:document_detail", row.pk),
        )
        for row in rows
    ]


@provider
def alert_events(kecamatan, *, since, before, limit) -> list[Event]:
    alerts = Alert.objects.filter(kecamatan=kecamatan).select_related("acknowledged_by")
    raised = window(alerts, "opened_at", since=since, before=before, limit=limit)
    acknowledged = window(
        alerts.filter(acknowledged_at__isnull=False), "acknowledged_at", since=since, before=before, limit=limit
    )
    return [
        Event(
            when=row.opened_at,
            kind="alert",
            title=_("Alert raised: %(title)s") % {"title": row.title},
            detail=row.get_severity_display(),
            url=_url("alerts:detail", row.pk),
        )
        for row in raised
    ] + [
        Event(
            when=row.acknowledged_at,
            kind="alert",
            title=_("Alert acknowledged: %(title)s") % {"title": row.title},
            actor=actor_name(row.acknowledged_by),
            url=_url("alerts:detail", row.pk),
        )
        for row in acknowledged
    ]


@provider
def response_events(kecamatan, *, since, before, limit) -> list[Event]:
    recorded = window(
        DisasterEvent.objects.filter(kecamatan=kecamatan).select_related("hazard", "opened_by"),
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
        Event(
            when=row.created_at,
            kind="response",
            title=_("Disaster event recorded: %(title)s") % {"title": row.title},
            detail=row.number,
            actor=actor_name(row.opened_by),
            url=reverse("response:event_detail", args=[row.pk]),
        )
        for row in recorded
    ] + [
        Event(
            when=row.activated_at,
            kind="response",
            title=_("Quick-response card activated: %(hazard)s") % {"hazard": row.card.hazard.name},
            detail=f"{row.event.number} {row.event.title}",
            actor=actor_name(row.activated_by),
            url=reverse("response:event_detail", args=[row.event_id]),
        )
        for row in activated
    ]
