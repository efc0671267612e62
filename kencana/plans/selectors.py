"""Reads of agencies, plans, items and cards, scoped by user; and the set-based checks for alerts.

``overdue_action_items`` and ``stale_cards`` take district ids, not a user: the alerts
and the dashboard call them for many districts at once. Each district's "today" is
taken in its own time zone, so an item due today is not overdue in Jayapura while
it is still today there.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet

from kecamatan.models import District, Kecamatan, geometry_of
from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.core.clock import local_today
from kencana.library.models import VersionState
from kencana.library.selectors import library_templates

from .models import DEFAULT_CARD_REVIEW_DAYS, ActionItem, ActionPlan, Agency, CardStep, QuickResponseCard


def _districts(district_ids) -> QuerySet[District]:
    districts = District.objects.all()
    return districts if district_ids is None else districts.filter(pk__in=district_ids)


def _any_of(clauses: list[Q]) -> Q:
    combined = Q(pk__in=[])
    for clause in clauses:
        combined |= clause
    return combined


def overdue_action_items(*, district_ids=None) -> QuerySet[ActionItem]:
    """Items past their due date in their district's zone and neither done nor cancelled."""
    by_day = defaultdict(list)
    for pk, tz in _districts(district_ids).values_list("pk", "timezone"):
        by_day[local_today(tz)].append(pk)
    return _overdue(_any_of([Q(plan__district_id__in=ids, due_date__lt=day) for day, ids in by_day.items()]))


def _overdue(due: Q) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(due)
        .exclude(status__in=ActionItem.CLOSED)
        .select_related("plan__kecamatan", "plan__district", "owner_agency")
        .defer(*geometry_of("plan__kecamatan", "plan__district"))
        .order_by("due_date", "pk")
    )


def stale_cards(*, district_ids=None) -> QuerySet[QuickResponseCard]:
    """Cards never reviewed, or last reviewed longer ago than their district allows."""
    by_cutoff = defaultdict(list)
    rows = _districts(district_ids).values_list("pk", "timezone", "plan_settings__card_review_days")
    for pk, tz, days in rows:
        by_cutoff[_review_cutoff(tz, days)].append(pk)
    clauses = []
    for cutoff, ids in by_cutoff.items():
        in_districts = Q(kecamatan__district_id__in=ids)
        clauses.append(in_districts & (Q(last_reviewed_on__lt=cutoff) | Q(last_reviewed_on__isnull=True)))
    return (
        QuickResponseCard.objects.filter(_any_of(clauses))
        .select_related("kecamatan__district__plan_settings", "hazard")
        .defer(*geometry_of("kecamatan", "kecamatan__district"))
        .order_by("last_reviewed_on", "pk")
    )


def card_review_days(*, district: District) -> int:
    settings = getattr(district, "plan_settings", None)
    return settings.card_review_days if settings else DEFAULT_CARD_REVIEW_DAYS


def _review_cutoff(tz: str, days: int | None) -> datetime.date:
    """A card last reviewed before this day (in its district's zone) is due for review."""
    return local_today(tz) - datetime.timedelta(days=days or DEFAULT_CARD_REVIEW_DAYS)


def card_is_stale(card: QuickResponseCard) -> bool:
    """``stale_cards`` for one card read with its district and the district's plan settings."""
    district = card.kecamatan.district
    cutoff = _review_cutoff(district.timezone, card_review_days(district=district))
    return card.last_reviewed_on is None or card.last_reviewed_on < cutoff


# --- Scoped reads -------------------------------------------------------------------


def agency_list(*, user) -> QuerySet[Agency]:
    return Agency.objects.filter(district__in=districts_for(user)).select_related("kecamatan", "district")


def plan_list(*, user) -> QuerySet[ActionPlan]:
    """Kecamatan plans in the user's scope and the district plan of the user's district (read by all in it)."""
    return ActionPlan.objects.filter(
        Q(kecamatan__in=kecamatan_for(user)) | Q(kecamatan__isnull=True, district__in=districts_for(user))
    ).select_related("kecamatan", "district")


def plan_list_with_counts(*, user) -> QuerySet[ActionPlan]:
    return plan_list(user=user).annotate(
        item_count=Count("items"),
        done_count=Count("items", filter=Q(items__status=ActionItem.Status.DONE)),
    )


def action_item_list(*, user) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(plan__in=plan_list(user=user)).select_related(
        "plan__kecamatan", "plan__district", "owner_agency", "hazard"
    )


def overdue_items_of(*, kecamatan: Kecamatan) -> QuerySet[ActionItem]:
    """Overdue items of one kecamatan's plan (the caller has already checked it may see the kecamatan)."""
    return _overdue(Q(plan__kecamatan=kecamatan, due_date__lt=local_today(kecamatan.district.timezone)))


def card_list(*, user) -> QuerySet[QuickResponseCard]:
    return (
        QuickResponseCard.objects.filter(kecamatan__in=kecamatan_for(user))
        .select_related("kecamatan__district", "hazard", "reviewed_by", "source_version__template__district")
        .defer(*geometry_of("kecamatan", "kecamatan__district", "source_version__template__district"))
    )


def card_with_roster(queryset: QuerySet[QuickResponseCard]) -> QuerySet[QuickResponseCard]:
    """Steps with their agencies and the extra contacts in two queries, for printing and the API."""
    return queryset.prefetch_related(
        Prefetch("steps", queryset=CardStep.objects.select_related("agency")), "extra_contacts"
    )


def gap_status(*, item: ActionItem) -> bool | None:
    """For an item made from a readiness gap: True when the next report's answer is no longer weak,
    False when it still is, None when the next report is not in yet (or the item has no gap)."""
    if not (item.indicator_id and item.source_report_id):
        return None
    from kencana.readiness.models import Answer
    from kencana.readiness.selectors import gap_closed

    answer = (
        Answer.objects.filter(report_id=item.source_report_id, indicator_id=item.indicator_id)
        .select_related("indicator", "report__version__template")
        .first()
    )
    return gap_closed(answer=answer) if answer else None


# --- Card and plan templates ---------------------------------------------------------------


def template_list(*, spec, user) -> QuerySet:
    """The user's own district's templates of one kind (BPBD staff and admins, and overseers of
    the district; drafts included)."""
    if not user.reads_like_bpbd:
        return spec.template_model.objects.none()
    return (
        spec.template_model.objects.filter(district__in=districts_for(user))
        .select_related("district", "source_template__district")
        .prefetch_related("versions")
    )


def template_version_list(*, spec, user) -> QuerySet:
    """Versions of the user's own district's templates, drafts included."""
    return spec.version_model.objects.filter(template__in=template_list(spec=spec, user=user)).select_related(
        "template__district"
    )


def library_template_list(*, spec, user) -> QuerySet:
    """Templates in the library the user may browse: own district's and partners' shared ones, published."""
    if not user.reads_like_bpbd:
        return spec.template_model.objects.none()
    return library_templates(spec=spec, user=user).annotate(adoption_count=Count("adoptions", distinct=True))


def library_version_list(*, spec, user) -> QuerySet:
    """Published and retired versions of library templates (never a draft)."""
    return (
        spec.version_model.objects.filter(template__in=library_template_list(spec=spec, user=user))
        .exclude(state=VersionState.DRAFT)
        .select_related("template__district")
    )


def readable_versions(*, spec, user) -> QuerySet:
    """Versions the user may open or compare: every version of their own templates, and library versions."""
    own = template_version_list(spec=spec, user=user).values("pk")
    shared = library_version_list(spec=spec, user=user).values("pk")
    return spec.version_model.objects.filter(Q(pk__in=own) | Q(pk__in=shared)).select_related(
        "template__district", "source_version__template__district"
    )
