"""What the home pages show, each figure in a fixed number of queries.

Every figure reads through the owning app's selectors or user-scoped querysets, so
the dashboard can never show more than the user may see.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, QuerySet

from kecamatan.models import District, Kecamatan
from kencana.accounts.scope import kecamatan_for
from kencana.alerts.models import Alert, Severity
from kencana.alerts.selectors import alert_list
from kencana.plans.models import ActionItem
from kencana.plans.selectors import action_item_list, overdue_action_items
from kencana.readiness.models import Report, ReportState
from kencana.readiness.periods import local_today, period_bounds, period_label
from kencana.readiness.selectors import (
    assignment_list,
    completeness,
    library_list,
    open_periods,
    template_list,
)
from logistics.selectors import expiring_lots, shortages, shortages_for, warehouse_list

from .readiness_map import Period, default_period, kecamatan_states, reporting_periods, tier_order

EXPIRY_WINDOW_DAYS = 30


@dataclass
class TierCount:
    tier: str
    count: int


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


def _completeness(*, user, district: District, period: Period | None) -> tuple[dict[str, int], int]:
    """Totals of the readiness completeness of every active assignment for the period, and how
    many expected reports are past their due date without a submission."""
    totals = dict.fromkeys(("expected", "submitted", "on_time", "verified", "returned", "missing"), 0)
    if period is None:
        return totals, 0
    today = local_today(district.timezone)
    overdue = 0
    for assignment in assignment_list(user=user).filter(district=district, active=True):
        start, end = period_bounds(assignment.period_type, period.start)
        if start != period.start or end < assignment.starts_on:
            continue  # the period is not one of this assignment's periods
        result = completeness(user=user, assignment=assignment, period_start=start)
        for key, value in result.totals.items():
            totals[key] += value
        if end + datetime.timedelta(days=assignment.due_days) < today:
            overdue += result.totals["missing"]
    return totals, overdue


def _trend(kecamatan: QuerySet[Kecamatan], periods: list[Period]) -> list[TrendPoint]:
    rows = (
        Report.objects.filter(kecamatan__in=kecamatan, state=ReportState.VERIFIED)
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
    completeness_totals, overdue_reports = _completeness(user=user, district=district, period=period)
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
    kecamatan = list(kecamatan_for(user).select_related("district").order_by("code"))
    reports = list(
        Report.objects.filter(kecamatan__in=kecamatan, score__isnull=False)
        .exclude(state=ReportState.DRAFT)
        .order_by("period_start")
    )
    mine = []
    for kec in kecamatan:
        trend = [r for r in reports if r.kecamatan_id == kec.pk]
        verified = [r for r in trend if r.state == ReportState.VERIFIED]
        mine.append(OfficerKecamatan(kec, verified[-1] if verified else None, trend))
    periods = open_periods(user=user)
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
        "alerts": alert_list(user=user).exclude(state=Alert.State.RESOLVED).order_by("-opened_at")[:10],
        "stores": shortages_for(user=user),
        "warehouses": warehouse_list(user=user),
    }


def library_summary(*, user) -> dict:
    """Templates partner districts share with the user's district, and what it adopted."""
    shared = library_list(user=user).exclude(district=user.district_id)
    adopted = template_list(user=user).filter(source_template__isnull=False).select_related("source_template__district")
    return {"shared": shared[:5], "shared_count": shared.count(), "adopted": adopted[:5]}
