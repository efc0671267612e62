"""Reads of the response phase, scoped by user through ``kencana.accounts.scope``.

An event is seen by whoever sees one of its kecamatan: BPBD see their district's events, an
officer the events touching their kecamatan. Inside an event an officer sees only their own
kecamatan's tasks and impact reports; casualties by name and situation reports are BPBD's.
Sets for the alert rules and the dashboard take district ids, not a user.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, replace

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kecamatan.models import GEOMETRY_FIELDS, Desa, District, Kecamatan, geometry_of
from kencana.accounts import permissions
from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.core.clock import local_today
from kencana.plans.models import ActionItem, CardStep, QuickResponseCard
from logistics.models import Document

from .figures import EventFigures, desa_counts_by_event, empty_totals, event_figures, headline
from .models import (
    DEFAULT_DECREE_WARNING_DAYS,
    FIGURE_FIELDS,
    Casualty,
    ChronologyEntry,
    Decree,
    Event,
    EventStatus,
    ImpactReport,
    ReportState,
    ResponseSettings,
    Sitrep,
    Task,
    TaskState,
)


def _bpbd_districts(user) -> QuerySet[District]:
    """The districts whose whole response the user follows (BPBD roles), else none."""
    return districts_for(user) if permissions.is_bpbd(user) else District.objects.none()


# --- Events ------------------------------------------------------------------------------


def event_list(*, user) -> QuerySet[Event]:
    """Events touching a kecamatan the user works on."""
    touching = Event.kecamatan.through.objects.filter(kecamatan__in=kecamatan_for(user)).values("event_id")
    return (
        Event.objects.filter(pk__in=touching, district__in=districts_for(user))
        .select_related("district", "hazard")
        .defer(*geometry_of("district"))
    )


def kecamatan_for_events(*, user) -> QuerySet[Kecamatan]:
    """The kecamatan an event recorded by the user may cover: those of their own district."""
    return kecamatan_for(user).filter(district_id=user.district_id).defer(*GEOMETRY_FIELDS).order_by("code")


def event_get(*, user, pk: int) -> Event:
    return get_object_or_404(event_list(user=user), pk=pk)


def event_kecamatan(*, user, event: Event) -> QuerySet[Kecamatan]:
    """The event's kecamatan the user works on (all of them for BPBD of the district)."""
    return event.kecamatan.filter(pk__in=kecamatan_for(user)).defer(*GEOMETRY_FIELDS).order_by("code")


def event_desa(*, user, event: Event) -> QuerySet[Desa]:
    """The event's desa in the user's kecamatan."""
    return (
        event.desa.filter(kecamatan__in=kecamatan_for(user))
        .select_related("kecamatan")
        .defer(*GEOMETRY_FIELDS, *geometry_of("kecamatan"))
        .order_by("code")
    )


def decree_list(*, user) -> QuerySet[Decree]:
    return Decree.objects.filter(event__in=event_list(user=user)).select_related("event", "follows")


def current_decree(event: Event) -> Decree | None:
    """The decree recorded last: each new one extends or changes the one before."""
    return event.decrees.order_by("-pk").first()


def chronology_of(event: Event, *, until: datetime.datetime | None = None) -> QuerySet[ChronologyEntry]:
    entries = event.chronology.all()
    return entries.filter(at__lte=until) if until is not None else entries


# --- Tasks -------------------------------------------------------------------------------


def task_list(*, user) -> QuerySet[Task]:
    """Tasks of the user's kecamatan; a task of the district's own plan (no kecamatan) for its BPBD."""
    # The districts or kecamatan named (a few ids): with subqueries, or an "or" across them, the
    # planner reads every open task of the country.
    if permissions.is_bpbd(user):
        districts = list(_bpbd_districts(user).values_list("pk", flat=True))
        scope = Q(event__district_id__in=districts) & (
            Q(kecamatan__district_id__in=districts) | Q(kecamatan__isnull=True)
        )
    elif permissions.is_overseer(user) or user.is_superuser:  # whole provinces or the country
        scope = Q(kecamatan__in=kecamatan_for(user))
    else:  # an officer's few kecamatan (none for anyone else)
        scope = Q(kecamatan__in=list(kecamatan_for(user).values_list("pk", flat=True)))
    return (
        Task.objects.filter(event__in=event_list(user=user))
        .filter(scope)
        .select_related("event__district", "event__hazard", "kecamatan", "agency", "acknowledged_by", "finished_by")
        .defer(*geometry_of("event__district", "kecamatan"))
    )


def event_tasks(*, user, event: Event) -> QuerySet[Task]:
    """The checklist of an event the user sees (from ``event_get``): the tasks in their scope."""
    district_tasks = (
        Q(kecamatan__isnull=True) if permissions.may_record_events(user, event.district_id) else Q(pk__in=[])
    )
    return (
        Task.objects.filter(event=event)
        .filter(Q(kecamatan__in=kecamatan_for(user)) | district_tasks)
        .select_related("kecamatan", "agency")
        .only(
            "pk",
            "event_id",
            "number",
            "title",
            "role",
            "due_at",
            "state",
            "finished_at",
            "kecamatan__name",
            "kecamatan__code",
            "agency__name",
        )
    )


def task_get(*, user, pk: int) -> Task:
    return get_object_or_404(task_list(user=user), pk=pk)


def my_open_tasks(*, user) -> QuerySet[Task]:
    """Unfinished tasks of open events the user may work on, assigned ones and the soonest due first."""
    return (
        task_list(user=user)
        .exclude(state__in=Task.FINISHED)
        .exclude(event__status=EventStatus.CLOSED)
        .annotate(mine=Exists(Task.assignees.through.objects.filter(task_id=OuterRef("pk"), user_id=user.pk)))
        .order_by("-mine", "due_at", "number")
    )


@dataclass(frozen=True)
class TaskCounts:
    total: int = 0
    done: int = 0
    not_possible: int = 0
    late: int = 0
    unacknowledged: int = 0


def task_counts(tasks, *, at: datetime.datetime) -> TaskCounts:
    """Counts of tasks as they stood at ``at`` (finished by then, or late then)."""
    total = done = not_possible = late = unacknowledged = 0
    for task in tasks:
        if task.created_at > at:
            continue
        total += 1
        finished = task.finished_at is not None and task.finished_at <= at
        if finished and task.state == TaskState.DONE:
            done += 1
        elif finished:
            not_possible += 1
        elif task.due_at < at:
            late += 1
        if not finished and (task.acknowledged_at is None or task.acknowledged_at > at) and task.due_at < at:
            unacknowledged += 1
    return TaskCounts(total, done, not_possible, late, unacknowledged)


def unacknowledged_tasks(*, district_ids=None) -> QuerySet[Task]:
    """Tasks nobody acknowledged by their due time, in events not closed (for the alert rule)."""
    tasks = Task.objects.filter(state=TaskState.OPEN, due_at__lt=timezone.now()).exclude(
        event__status=EventStatus.CLOSED
    )
    if district_ids is not None:
        tasks = tasks.filter(event__district_id__in=district_ids)
    return tasks.select_related("event", "kecamatan").defer(*geometry_of("kecamatan")).order_by("due_at", "pk")


def cards_to_activate(*, event: Event, user) -> list[QuickResponseCard]:
    """The quick-response cards for the event's hazard in its kecamatan, with their steps."""
    return list(
        QuickResponseCard.objects.filter(hazard=event.hazard, kecamatan__in=event_kecamatan(user=user, event=event))
        .select_related("kecamatan", "hazard")
        .defer(*geometry_of("kecamatan"))
        .prefetch_related(Prefetch("steps", queryset=CardStep.objects.select_related("agency")))
        .order_by("kecamatan__code")
    )


def pullable_items(*, event: Event, user) -> QuerySet[ActionItem]:
    """Open action items for the event's hazard in the plans of its kecamatan and of its district,
    not yet pulled into this event."""
    kecamatan = event_kecamatan(user=user, event=event)
    district_plan = Q(
        plan__kecamatan__isnull=True, plan__district__in=_bpbd_districts(user).filter(pk=event.district_id)
    )
    return (
        ActionItem.objects.filter(Q(plan__kecamatan__in=kecamatan) | district_plan, hazard=event.hazard)
        .exclude(status__in=ActionItem.CLOSED)
        .exclude(response_tasks__event=event)
        .select_related("plan__kecamatan", "owner_agency")
        .defer(*geometry_of("plan__kecamatan"))
        .order_by("plan__kecamatan__code", "due_date", "pk")
    )


# --- Impact reports and casualties ---------------------------------------------------------


def impact_list(*, user) -> QuerySet[ImpactReport]:
    return (
        ImpactReport.objects.filter(kecamatan__in=kecamatan_for(user), event__in=event_list(user=user))
        .select_related("event__district", "desa", "kecamatan", "submitted_by", "verified_by")
        .defer(*geometry_of("event__district", "desa", "kecamatan"))
    )


def impact_get(*, user, pk: int) -> ImpactReport:
    return get_object_or_404(impact_list(user=user), pk=pk)


def impact_versions(report: ImpactReport) -> QuerySet[ImpactReport]:
    """Every version of the report's desa in the event, newest first."""
    return (
        ImpactReport.objects.filter(event_id=report.event_id, desa_id=report.desa_id)
        .select_related("submitted_by", "verified_by", "created_by")
        .order_by("-version")
    )


def _figures(reports: QuerySet[ImpactReport], desa: QuerySet[Desa], as_of) -> EventFigures:
    reports = (
        reports.exclude(state=ReportState.DRAFT, submitted_at__isnull=True)
        .select_related("desa__kecamatan")
        .defer(*geometry_of("desa", "desa__kecamatan"))
    )
    return event_figures(reports=list(reports), desa=list(desa), as_of=as_of or timezone.now())


def figures_for(*, user, event: Event, as_of: datetime.datetime | None = None) -> EventFigures:
    """The event's figures in the user's scope as of a moment (now by default); the caller has the
    event from ``event_get``, so only the kecamatan scope remains to apply."""
    reports = ImpactReport.objects.filter(event=event, kecamatan__in=kecamatan_for(user))
    return _figures(reports, event_desa(user=user, event=event), as_of)


def figures_of(*, event: Event, as_of: datetime.datetime | None = None) -> EventFigures:
    """The whole event's figures, for a sitrep its district's BPBD issues."""
    desa = event.desa.select_related("kecamatan").defer(*GEOMETRY_FIELDS, *geometry_of("kecamatan")).order_by("code")
    return _figures(ImpactReport.objects.filter(event=event), desa, as_of)


def casualty_list(*, user) -> QuerySet[Casualty]:
    """Dead and missing by name: BPBD of the event's district only."""
    return (
        Casualty.objects.filter(event__district__in=_bpbd_districts(user))
        .select_related("event", "desa__kecamatan", "recorded_by")
        .defer(*geometry_of("desa", "desa__kecamatan"))
    )


# --- Situation reports ----------------------------------------------------------------------


def sitrep_list(*, user) -> QuerySet[Sitrep]:
    """Situation reports: the BPBD of the event's district, and the BPBD Provinsi and BNPB who
    oversee it (a sitrep is what goes upward); not officers or desa and school roles."""
    readers = districts_for(user) if permissions.reads_like_bpbd(user) else District.objects.none()
    return Sitrep.objects.filter(event__district__in=readers).select_related("event__district", "issued_by")


def sitrep_get(*, user, pk: int) -> Sitrep:
    return get_object_or_404(sitrep_list(user=user), pk=pk)


def logistics_for(*, event: Event, until: datetime.datetime) -> QuerySet[Document]:
    """Dispatches and transfers sent for the event, posted by then: those naming the event's number
    in their note or reference, or answering a request that names it."""
    names_it = (
        Q(note__icontains=event.number)
        | Q(reference__icontains=event.number)
        | Q(request__reason__icontains=event.number)
    )
    return (
        Document.objects.filter(
            names_it,
            district_id=event.district_id,
            kind__in=[Document.Kind.DISPATCH, Document.Kind.TRANSFER],
            posted_at__isnull=False,
            posted_at__lte=until,
        )
        .select_related("warehouse", "destination_warehouse", "destination_kecamatan")
        .prefetch_related("lines__item")
        .order_by("business_date", "pk")
    )


# --- Sets for rules, the dashboard and the map ------------------------------------------------


def decree_warning_days(district_id: int) -> int:
    row = ResponseSettings.objects.filter(district_id=district_id).values_list("decree_warning_days", flat=True)
    return row.first() if row.exists() else DEFAULT_DECREE_WARNING_DAYS


def ending_decrees(*, district_ids=None) -> list[tuple[Decree, int]]:
    """(decree, days left) of emergencies whose latest decree ends within the district's warning
    days (or has ended) with no newer decree and the event still in emergency."""
    later = Decree.objects.filter(event_id=OuterRef("event_id"), pk__gt=OuterRef("pk"))
    decrees = (
        Decree.objects.filter(event__status=EventStatus.EMERGENCY)
        .filter(~Exists(later))
        .select_related("event__district__response_settings", "event__hazard")
        .defer(*geometry_of("event__district"))
    )
    if district_ids is not None:
        decrees = decrees.filter(event__district_id__in=district_ids)
    ending = []
    for decree in decrees:
        district = decree.event.district
        settings = getattr(district, "response_settings", None)
        warn = settings.decree_warning_days if settings else DEFAULT_DECREE_WARNING_DAYS
        left = (decree.period_end - local_today(district.timezone)).days
        if left <= warn:
            ending.append((decree, left))
    return ending


@dataclass(frozen=True)
class ActiveEvent:
    event: Event
    decree: Decree | None
    days_left: int | None
    figures: dict
    late_tasks: int = 0


def event_headlines(*, user, district_ids: list[int]) -> list[ActiveEvent]:
    """Events not closed in these districts, seen by the user, with their decree, its days left and
    verified headline figures (a handful of queries whatever their number). Late tasks are left
    out: they change with the clock (``with_late_tasks``)."""
    events = list(
        event_list(user=user)
        .filter(district_id__in=district_ids)
        .exclude(status=EventStatus.CLOSED)
        .order_by("-started_at")
    )
    if not events:
        return []
    ids = [e.pk for e in events]
    latest: dict[int, Decree] = {}
    for decree in Decree.objects.filter(event_id__in=ids).order_by("pk"):
        latest[decree.event_id] = decree
    verified = ImpactReport.objects.filter(
        event_id__in=ids, kecamatan__in=kecamatan_for(user), state=ReportState.VERIFIED
    ).only("event_id", "desa_id", "as_of", "version", *FIGURE_FIELDS)
    figures = desa_counts_by_event(verified)
    rows = []
    for event in events:
        decree = latest.get(event.pk)
        days_left = (decree.period_end - local_today(event.district.timezone)).days if decree else None
        rows.append(ActiveEvent(event, decree, days_left, figures.get(event.pk, headline_zero())))
    return rows


def with_late_tasks(*, user, rows: list[ActiveEvent], now: datetime.datetime | None = None) -> list[ActiveEvent]:
    """The rows with the number of the user's visible tasks past due (at ``now``) and not finished
    (one query)."""
    if not rows:
        return []
    late: dict[int, int] = defaultdict(int)
    for event_id in (
        task_list(user=user)
        .filter(event_id__in=[row.event.pk for row in rows], due_at__lt=now or timezone.now())
        .exclude(state__in=Task.FINISHED)
        .values_list("event_id", flat=True)
    ):
        late[event_id] += 1
    return [replace(row, late_tasks=late[row.event.pk]) for row in rows]


def headline_zero() -> dict:
    return headline(empty_totals())


def kecamatan_events(*, user, kecamatan) -> dict[str, dict]:
    """For the map: per kecamatan code, the most recent event not closed touching it, with its
    status, level, days left and verified headline figures of that kecamatan."""
    links = (
        Event.kecamatan.through.objects.filter(kecamatan__in=kecamatan)
        .exclude(event__status=EventStatus.CLOSED)
        .filter(event__in=event_list(user=user))
        .select_related("event__district", "event__hazard", "kecamatan")
        .only(
            "kecamatan__code",
            "event__id",
            "event__number",
            "event__title",
            "event__status",
            "event__started_at",
            "event__district__timezone",
            "event__hazard__name_id",
            "event__hazard__name_en",
        )
        .order_by("event__started_at")
    )
    chosen = {link.kecamatan.code: (link.event, link.kecamatan_id) for link in links}
    if not chosen:
        return {}
    ids = {event.pk for event, _k in chosen.values()}
    latest: dict[int, Decree] = {}
    for decree in Decree.objects.filter(event_id__in=ids).order_by("pk"):
        latest[decree.event_id] = decree
    reports = ImpactReport.objects.filter(event_id__in=ids, state=ReportState.VERIFIED).only(
        "event_id", "desa_id", "kecamatan_id", "as_of", "version", *FIGURE_FIELDS
    )
    by_kecamatan: dict[tuple[int, int], list] = defaultdict(list)
    for report in reports:
        by_kecamatan[(report.event_id, report.kecamatan_id)].append(report)
    result = {}
    for code, (event, kecamatan_id) in chosen.items():
        decree = latest.get(event.pk)
        figures = desa_counts_by_event(by_kecamatan.get((event.pk, kecamatan_id), []))
        result[code] = {
            "id": event.pk,
            "number": event.number,
            "title": event.title,
            "status": event.status,
            "level": decree.level if decree and event.status == EventStatus.EMERGENCY else "",
            "days_left": (decree.period_end - local_today(event.district.timezone)).days if decree else None,
            "figures": figures.get(event.pk, headline_zero()),
        }
    return result
