"""What the home pages show, each figure in a fixed number of queries.

Every figure reads through the owning app's selectors or user-scoped querysets, so
the dashboard can never show more than the user may see.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from kecamatan.models import District, Kecamatan, Province
from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.alerts.models import Alert, Severity
from kencana.alerts.selectors import alert_list
from kencana.core.clock import local_today
from kencana.library.selectors import adopter_refusal
from kencana.plans.models import ActionItem
from kencana.plans.selectors import action_item_list, overdue_action_items
from kencana.readiness.models import Assignment, Report, ReportState, UnitKind
from kencana.readiness.periods import deadline_end, period_bounds, period_label
from kencana.readiness.selectors import library_list, open_periods, template_list
from kencana.response.models import Decree, EmergencyLevel, EventStatus
from kencana.response.selectors import event_list
from logistics.selectors import expiring_lots, shortages, shortages_for, warehouse_list

from .readiness_map import (
    Period,
    current_periods,
    default_period,
    kecamatan_states,
    reporting_periods,
    tier_order,
)

EXPIRY_WINDOW_DAYS = 30
GEOMETRY = ("boundary", "boundary_simplified", "boundary_outline")  # never loaded for a summary


class TierCount(NamedTuple):
    tier: str
    count: int


class Tally(Counter):
    """A ``Counter`` that is quick to unpickle. The overview's rows are kept in the cache with
    four tallies each; a ``Counter`` rebuilds itself through ``__init__`` and ``update``, which for
    514 rows was half the time of reading a kept national page."""

    def __reduce__(self):
        return (type(self), (), None, None, iter(self.items()))


@dataclass
class TrendPoint:
    label: str
    start: datetime.date
    average: float | None
    tiers: dict[str, int]


@dataclass
class DistrictSummary:
    district: District
    period: Period | None
    kecamatan_total: int
    states: Counter
    tiers: list[TierCount]
    completeness: dict[str, int]
    overdue_reports: int
    alerts_by_severity: list[tuple[str, str, int]]
    overdue_items: int
    shortages: int
    expiring_lots: int
    trend: list[TrendPoint] = field(default_factory=list)


COMPLETENESS_KEYS = ("expected", "submitted", "on_time", "verified", "returned", "missing")


def _completeness(*, user, periods: dict[int, Period], zones: dict[int, str]) -> dict[int, tuple[dict[str, int], int]]:
    """{district id: (completeness totals, overdue reports)} for each district's period, in two queries.

    The same figures as ``readiness.selectors.completeness`` summed over the district's active
    assignments whose periods include that period: expected = assigned kecamatan in the user's
    scope; submitted, on time, verified, returned count their reports; what is missing after
    the due date is overdue.
    """
    result = {pk: (dict.fromkeys(COMPLETENESS_KEYS, 0), 0) for pk in periods}
    scope = kecamatan_for(user)
    assignments = (
        Assignment.objects.filter(district__in=districts_for(user), district_id__in=periods, active=True)
        .filter(version__template__unit_kind=UnitKind.KECAMATAN)  # desa and school assessments are not the kecamatan's
        .annotate(expected=Count("kecamatan", filter=Q(kecamatan__in=scope)))
        .values_list("pk", "district_id", "period_type", "starts_on", "due_days", "expected")
    )
    matching = {}  # assignment id → (district id, expected, due date of the period)
    for pk, district_id, period_type, starts_on, due_days, expected in assignments:
        start, end = period_bounds(period_type, periods[district_id].start)
        if start == periods[district_id].start and end >= starts_on:
            matching[pk] = (district_id, expected, end + datetime.timedelta(days=due_days))
    if not matching:
        return result
    assigned = Assignment.kecamatan.through.objects.filter(
        assignment_id=OuterRef("assignment_id"), kecamatan_id=OuterRef("kecamatan_id")
    )
    reports = (
        Report.objects.kecamatan_units()
        .filter(assignment_id__in=matching, kecamatan__in=scope)
        .filter(period_start__in={p.start for p in periods.values()}, state__in=ReportState.values)
        .filter(Exists(assigned))
        .values_list("assignment_id", "period_start", "state", "first_submitted_at", "due_on")
    )
    counts = defaultdict(Counter)
    for assignment_id, start, state, first_submitted_at, due_on in reports:
        district_id = matching[assignment_id][0]
        if start != periods[district_id].start:
            continue
        row = counts[assignment_id]
        if first_submitted_at is not None:
            row["submitted"] += 1
            row["on_time"] += first_submitted_at <= deadline_end(due_on, zones[district_id])
        row["verified"] += state == ReportState.VERIFIED
        row["returned"] += state == ReportState.RETURNED
    for assignment_id, (district_id, expected, due) in matching.items():
        totals, overdue = result[district_id]
        row = counts[assignment_id]
        missing = expected - row["submitted"]
        for key, value in (("expected", expected), ("missing", missing), *row.items()):
            totals[key] += value
        if due < local_today(zones[district_id]):
            overdue += missing
        result[district_id] = (totals, overdue)
    return result


def _trend(kecamatan: QuerySet[Kecamatan], periods: list[Period]) -> list[TrendPoint]:
    rows = (
        Report.objects.kecamatan_units()
        .filter(kecamatan__in=kecamatan, state=ReportState.VERIFIED)
        .values("period_start", "period_type", "tier")
        .annotate(n=Count("pk"), average=Avg("score"))
        .order_by("period_start")
    )
    points: dict[datetime.date, TrendPoint] = {}
    totals: dict[datetime.date, tuple[float, int]] = {}
    for row in rows:
        start = row["period_start"]
        point = points.setdefault(start, TrendPoint(period_label(row["period_type"], start), start, None, {}))
        point.tiers[row["tier"]] = row["n"]
        weighted, n = totals.get(start, (0.0, 0))
        totals[start] = (weighted + float(row["average"] or 0) * row["n"], n + row["n"])
    for start, (weighted, n) in totals.items():
        points[start].average = round(weighted / n, 1) if n else None
    return list(points.values())


def district_summary(*, user, district: District) -> DistrictSummary:
    kecamatan = kecamatan_for(user).filter(district=district)
    periods = reporting_periods(district_ids=[district.pk])
    start = default_period(periods=periods, tz_name=district.timezone)
    period = next((p for p in periods if p.start == start), None)
    states = kecamatan_states(kecamatan=kecamatan, period_start=start)
    order = tier_order(district_ids=[district.pk])
    verified = Counter(row.tier for row in states if row.state == "verified")
    total = len(states)
    tiers = [TierCount(tier, verified.get(tier, 0)) for tier in order]
    completeness_totals, overdue_reports = _completeness(
        user=user, periods={district.pk: period} if period else {}, zones={district.pk: district.timezone}
    ).get(district.pk, (dict.fromkeys(COMPLETENESS_KEYS, 0), 0))
    open_alerts = alert_list(user=user).filter(district=district).exclude(state=Alert.State.RESOLVED)
    by_severity = dict(open_alerts.values_list("severity").annotate(n=Count("pk")).order_by())
    return DistrictSummary(
        district=district,
        period=period,
        kecamatan_total=total,
        states=Counter(row.state for row in states),
        tiers=tiers,
        completeness=completeness_totals,
        overdue_reports=overdue_reports,
        alerts_by_severity=[(s.value, s.label, by_severity.get(s.value, 0)) for s in reversed(Severity)],
        overdue_items=overdue_action_items(district_ids=[district.pk])
        .filter(pk__in=action_item_list(user=user).values("pk"))
        .count(),
        shortages=len(shortages(district_ids=[district.pk])),
        expiring_lots=expiring_lots(within_days=EXPIRY_WINDOW_DAYS, district_ids=[district.pk]).count(),
        trend=_trend(kecamatan, periods),
    )


@dataclass
class OfficerKecamatan:
    kecamatan: Kecamatan
    latest: Report | None
    trend: list[Report]


def officer_summary(*, user) -> dict:
    """An officer's home: their kecamatan's tier and trend, what is due, what came back, their
    open action items, alerts and stores."""
    kecamatan = list(kecamatan_for(user).select_related("district").defer(*GEOMETRY).order_by("code"))
    reports = list(
        Report.objects.kecamatan_units()
        .filter(kecamatan__in=kecamatan, score__isnull=False)
        .exclude(state=ReportState.DRAFT)
        .order_by("period_start")
    )
    mine = []
    for kec in kecamatan:
        trend = [r for r in reports if r.kecamatan_id == kec.pk]
        verified = [r for r in trend if r.state == ReportState.VERIFIED]
        mine.append(OfficerKecamatan(kec, verified[-1] if verified else None, trend))
    periods = open_periods(user=user, kinds=(UnitKind.KECAMATAN, UnitKind.DESA))  # schools: on their pages
    for period in periods:
        period.label = period_label(period.assignment.period_type, period.period_start)
    today = local_today(kecamatan[0].district.timezone) if kecamatan else None
    items = list(action_item_list(user=user).exclude(status__in=ActionItem.CLOSED).order_by("due_date")[:10])
    for item in items:
        item.overdue = bool(today and item.due_date and item.due_date < today)
    return {
        "mine": mine,
        "due": [p for p in periods if p.report is None or p.report.state == ReportState.DRAFT],
        "returned": [p for p in periods if p.report is not None and p.report.state == ReportState.RETURNED],
        "items": items,
        "alerts": list(alert_list(user=user).exclude(state=Alert.State.RESOLVED).order_by("-opened_at")[:10]),
        "stores": shortages_for(user=user),
        "warehouses": list(warehouse_list(user=user)),
    }


def library_summary(*, user) -> dict:
    """Templates partner districts share with the user's district, and what it adopted."""
    shared = library_list(user=user).exclude(district=user.district_id)
    adopted = template_list(user=user).filter(source_template__isnull=False).select_related("source_template__district")
    return {"shared": shared[:5], "shared_count": shared.count(), "adopted": adopted[:5]}


def runs_the_programme(district: District) -> bool:
    """Whether the district has started Kencana itself (assigned a template to its kecamatan); a
    district that has not is a partner learning from others, and gets the partner home."""
    return Assignment.objects.filter(district=district, active=True).exists()


def partner_summary(*, user) -> dict:
    """A learning district's home: what partners share with it, what it adopted, who may adopt,
    and the way to start reporting itself."""
    return {
        **library_summary(user=user),
        "adopter_refusal": adopter_refusal(user),
        "partners": list(user.district.partners.defer(*GEOMETRY).order_by("name")),
        "own_templates": template_list(user=user).count(),
    }


# --- The national (or provincial) overview ----------------------------------------

SEVERITIES = tuple(s.value for s in reversed(Severity))  # most severe first


@dataclass(frozen=True)
class DistrictRef:
    """What the overview says of a district once its rows are rendered: kept with the page in the
    cache instead of the model instance (and its province), which is slow to unpickle by the hundred."""

    pk: int
    code: str
    name: str
    display_name: str
    province_id: int | None

    @classmethod
    def of(cls, district: District) -> "DistrictRef":
        return cls(district.pk, district.code, district.name, district.display_name, district.province_id)


@dataclass
class DistrictRow:
    """One district of the overview, at the district's own current period."""

    district: District
    period: Period | None
    kecamatan_total: int = 0
    states: Tally = field(default_factory=Tally)
    tiers: Tally = field(default_factory=Tally)
    completeness: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COMPLETENESS_KEYS, 0))
    overdue_reports: int = 0
    alerts: Tally = field(default_factory=Tally)
    overdue_items: int = 0
    shortages: int = 0
    events: int = 0  # disaster events not closed
    emergencies: Tally = field(default_factory=Tally)  # active events by their latest decree's status
    tier_mix: list[TierCount] = field(default_factory=list)  # verified kecamatan by tier, lowest first
    province: Province | None = None  # set on a province's row of the national overview
    districts: int = 0  # on a province's row: how many of its districts it sums

    @property
    def open_alerts(self) -> int:
        return sum(self.alerts.values())

    @property
    def not_verified(self) -> int:
        return self.kecamatan_total - self.states["verified"] - self.states["submitted"]

    @property
    def submitted_percent(self) -> int | None:
        expected = self.completeness["expected"]
        return round(100 * self.completeness["submitted"] / expected) if expected else None

    def alert_counts(self) -> list[tuple[str, str, int]]:
        return [(s.value, s.label, self.alerts.get(s.value, 0)) for s in reversed(Severity)]

    @property
    def area(self) -> District | Province:
        """What the row is about: its district, or its province on the national overview."""
        return self.province or self.district

    def emergency_counts(self) -> list[tuple[str, str, int]]:
        """The emergency statuses declared for the active events, in the order a decree escalates."""
        return [(level.value, level.label, self.emergencies[level.value]) for level in EmergencyLevel]


@dataclass
class NationalSummary:
    rows: list[DistrictRow]
    totals: DistrictRow
    tiers: list[TierCount]
    tier_order: list[str]
    provinces: list[Province]
    province: Province | None

    def province_rows(self) -> list[DistrictRow]:
        """One row per province, the sum of its districts' rows (the national overview before a
        province is chosen)."""
        by_province: dict[int, list[DistrictRow]] = defaultdict(list)
        for row in self.rows:
            by_province[row.district.province_id].append(row)
        rows = []
        for province in self.provinces:
            total = _sum_rows(by_province.get(province.pk, []))
            total.province = province
            total.districts = len(by_province.get(province.pk, []))
            total.tier_mix = [TierCount(tier, total.tiers.get(tier, 0)) for tier in self.tier_order]
            rows.append(total)
        return rows


def _sum_rows(rows: list[DistrictRow]) -> DistrictRow:
    total = DistrictRow(district=None, period=None)
    for row in rows:
        total.kecamatan_total += row.kecamatan_total
        total.states.update(row.states)
        total.tiers.update(row.tiers)
        for key, value in row.completeness.items():
            total.completeness[key] += value
        total.overdue_reports += row.overdue_reports
        total.alerts.update(row.alerts)
        total.overdue_items += row.overdue_items
        total.shortages += row.shortages
        total.events += row.events
        total.emergencies.update(row.emergencies)
    return total


def national_summary(*, user, province: str | None = None, rows_of=None) -> NationalSummary:
    """Every district in the user's scope (one province's when ``province`` is its code), each at
    its own current period, with totals and the tier mix across them.

    The number of queries is the same for two districts or five hundred: every figure is
    read for all districts at once and grouped by district. ``rows_of(districts)`` may supply
    the rows (from a cache, building only what it lacks with ``district_rows``).
    """
    in_scope = list(
        districts_for(user).select_related("province").defer(*GEOMETRY, *(f"province__{f}" for f in GEOMETRY))
    )
    provinces = sorted({d.province_id: d.province for d in in_scope}.values(), key=lambda p: p.code)
    chosen = next((p for p in provinces if p.code == province), None)
    districts = [d for d in in_scope if chosen is None or d.province_id == chosen.pk]
    ids = [d.pk for d in districts]
    rows = rows_of(districts) if rows_of else district_rows(user=user, districts=districts)
    order = tier_order(district_ids=ids)
    result = [rows[pk] for pk in ids]
    totals = _sum_rows(result)
    for row in [*result, totals]:
        row.tier_mix = [TierCount(tier, row.tiers.get(tier, 0)) for tier in order]
    return NationalSummary(
        rows=result,
        totals=totals,
        tiers=totals.tier_mix,
        tier_order=order,
        provinces=provinces,
        province=chosen,
    )


def district_rows(*, user, districts: list[District]) -> dict[int, DistrictRow]:
    """The overview's row of each district, by district id, in a fixed number of queries."""
    if not districts:
        return {}
    ids = [d.pk for d in districts]
    zones = {d.pk: d.timezone for d in districts}
    periods = current_periods(districts=list(zones.items()))
    rows = {d.pk: DistrictRow(district=d, period=periods.get(d.pk)) for d in districts}

    kecamatan = kecamatan_for(user).filter(district_id__in=ids).select_related(None)
    code_to_id = {d.code: d.pk for d in districts}
    states = kecamatan_states(kecamatan=kecamatan, period_start={pk: p.start for pk, p in periods.items()})
    for state in states:
        row = rows[code_to_id[state.district_code]]
        row.kecamatan_total += 1
        row.states[state.state] += 1
        if state.state == "verified":
            row.tiers[state.tier] += 1
    for pk, (totals, overdue) in _completeness(user=user, periods=periods, zones=zones).items():
        rows[pk].completeness, rows[pk].overdue_reports = totals, overdue
    open_alerts = (
        alert_list(user=user)
        .filter(district_id__in=ids)
        .exclude(state=Alert.State.RESOLVED)
        .values_list("district_id", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for pk, severity, n in open_alerts:
        rows[pk].alerts[severity] = n
    overdue_items = (
        overdue_action_items(district_ids=ids)
        .filter(pk__in=action_item_list(user=user).values("pk"))
        .values_list("plan__district_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for pk, n in overdue_items:
        rows[pk].overdue_items = n
    for shortage in shortages(district_ids=ids):
        rows[shortage.warehouse.district_id].shortages += 1
    _add_events(rows, user=user, ids=ids)
    return rows


def _add_events(rows: dict[int, DistrictRow], *, user, ids: list[int]) -> None:
    """Active events per district, and the emergency status of each one's latest decree (two queries)."""
    active = event_list(user=user).filter(district_id__in=ids).exclude(status=EventStatus.CLOSED)
    for pk, n in active.values_list("district_id").annotate(n=Count("pk")).order_by():
        rows[pk].events = n
    latest: dict[int, tuple[int, str]] = {}  # event id → (district id, level of its latest decree)
    decrees = (
        Decree.objects.filter(event__in=active).order_by("pk").values_list("event_id", "event__district_id", "level")
    )
    for event_id, district_id, level in decrees:
        latest[event_id] = (district_id, level)
    for district_id, level in latest.values():
        rows[district_id].emergencies[level] += 1
