"""Where each kecamatan stands for a reporting period: the data behind the map.

A kecamatan's state for a period is honest about what is known:
- ``verified``: its report for the period was verified (coloured by tier);
- ``submitted``: submitted, not yet verified (no tier is shown before verification);
- ``stale``: nothing verified for the period, but an earlier period was (its old tier
  is shown, marked as old);
- ``not_reported``: nothing verified, ever, and nothing submitted for the period.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, DateField, F, JSONField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kecamatan.models import Kecamatan, RiskProfile
from kencana.alerts.models import Alert
from kencana.alerts.selectors import alert_list
from kencana.core.clock import local_today
from kencana.readiness.models import Report, ReportState, TierThreshold, UnitKind
from kencana.readiness.periods import period_label
from logistics.selectors import shortages, warehouse_list

STATES = {
    "verified": _("Verified"),
    "submitted": _("Submitted, not yet verified"),
    "stale": _("Stale: last verified in an earlier period"),
    "not_reported": _("Not reported"),
}


@dataclass(frozen=True)
class KecamatanState:
    code: str
    name: str
    district_code: str
    geometry: dict | None
    state: str
    tier: str
    score: float | None
    last_report_on: datetime.date | None
    approximate: bool
    label: tuple[float, float] | None = None  # (lat, lon) inside the polygon, for its name on the map


@dataclass(frozen=True)
class Period:
    start: datetime.date
    period_type: str

    @property
    def label(self) -> str:
        return period_label(self.period_type, self.start)


def reporting_periods(*, district_ids: list[int]) -> list[Period]:
    """The periods with any report in these districts, newest first."""
    rows = (
        Report.objects.kecamatan_units()
        .filter(kecamatan__district_id__in=district_ids)
        .values_list("period_start", "period_type")
        .distinct()
    )
    return merged_periods(Period(start, period_type) for start, period_type in rows)


def district_periods(*, district_ids: list[int]) -> dict[int, list[Period]]:
    """{district id: the periods with reports there, newest first} in one query."""
    rows = (
        Report.objects.kecamatan_units()
        .filter(kecamatan__district_id__in=district_ids)
        .values_list("kecamatan__district_id", "period_start", "period_type")
        .distinct()
    )
    found: dict[int, list[Period]] = {pk: [] for pk in district_ids}
    for district_id, start, period_type in rows:
        found[district_id].append(Period(start, period_type))
    return {pk: merged_periods(periods) for pk, periods in found.items()}


def merged_periods(periods: Iterable[Period]) -> list[Period]:
    """Newest first, one per start (the first period type in order when two share a start)."""
    seen, merged = set(), []
    for period in sorted(periods, key=lambda p: (-p.start.toordinal(), p.period_type)):
        if period.start not in seen:
            seen.add(period.start)
            merged.append(period)
    return merged


def default_period(*, periods: list[Period], tz_name: str) -> datetime.date | None:
    """The newest period that has started; reports for the future do not exist yet."""
    today = local_today(tz_name)
    return next((p.start for p in periods if p.start <= today), None)


def current_periods(*, districts: list[tuple[int, str]], on: datetime.date | None = None) -> dict[int, Period]:
    """{district id: its current period} for (id, time zone) pairs, in one query whatever their number
    (``on`` a day: the period each district was in that day, instead of today).

    A district's current period is, as on its own dashboard, the newest period with
    reports that has started in the district's zone.
    """
    zones = dict(districts)
    rows = (
        Report.objects.kecamatan_units()
        .filter(kecamatan__district_id__in=zones)
        .values_list("kecamatan__district_id", "period_start", "period_type")
        .distinct()
    )
    periods: dict[int, Period] = {}
    today = {tz: min(on, local_today(tz)) if on else local_today(tz) for tz in set(zones.values())}
    for district_id, start, period_type in sorted(rows, key=lambda row: (row[1], row[2])):
        if start <= today[zones[district_id]]:
            periods[district_id] = Period(start, period_type)  # sorted: the newest one stays
    return periods


def _period_by_district(periods: dict[int, datetime.date | None]) -> Case:
    """Each kecamatan's period as an SQL expression: one branch per distinct period, not per district."""
    districts_of = defaultdict(list)
    for district_id, start in periods.items():
        if start is not None:
            districts_of[start].append(district_id)
    branches = [When(district_id__in=ids, then=Value(start)) for start, ids in districts_of.items()]
    return Case(*branches, default=Value(None), output_field=DateField())


def kecamatan_states(
    *,
    kecamatan: QuerySet[Kecamatan],
    period_start: datetime.date | dict[int, datetime.date | None] | None,
    with_geometry: bool = False,
    outline: bool = False,
) -> list[KecamatanState]:
    """The state of every kecamatan in one query, whatever their number.

    ``period_start`` is one period for all, or {district id: period} when each district
    is at its own period (the national overview). Polygons only for the map: the
    simplified boundary for one district, the coarse ``outline`` for many.
    """
    # Without a period there is no report at all: every kecamatan is "not reported".
    current = Report.objects.kecamatan_units().filter(kecamatan=OuterRef("pk"))
    earlier_verified = Report.objects.kecamatan_units().filter(kecamatan=OuterRef("pk"), state=ReportState.VERIFIED)
    if isinstance(period_start, dict):
        kecamatan = kecamatan.annotate(state_period=_period_by_district(period_start))
        period_start = OuterRef("state_period")
    if period_start is None:
        current = earlier_verified = Report.objects.none()
    else:
        current = current.filter(period_start=period_start)
        earlier_verified = earlier_verified.filter(period_start__lt=period_start).order_by("-period_start")
    if with_geometry:
        # An area imported before outlines existed, or given only a simplified polygon, still shows.
        simplified = F("boundary_simplified")
        source = Coalesce("boundary_outline", simplified, output_field=JSONField()) if outline else simplified
        kecamatan = kecamatan.annotate(geometry=source)
    rows = (
        kecamatan.annotate(
            current_state=Subquery(current.values("state")[:1]),
            current_tier=Subquery(current.values("tier")[:1]),
            current_score=Subquery(current.values("score")[:1]),
            current_submitted=Subquery(current.values("submitted_at")[:1]),
            earlier_tier=Subquery(earlier_verified.values("tier")[:1]),
            earlier_score=Subquery(earlier_verified.values("score")[:1]),
            earlier_period=Subquery(earlier_verified.values("period_start")[:1]),
        )
        .order_by("code")
        .values(
            "code",
            "name",
            "district__code",
            *(["geometry", "centroid_lat", "centroid_lon"] if with_geometry else []),
            "boundary_approximate",
            "current_state",
            "current_tier",
            "current_score",
            "current_submitted",
            "earlier_tier",
            "earlier_score",
            "earlier_period",
        )
    )
    return [_state_of(row) for row in rows]


def _state_of(row: dict) -> KecamatanState:
    state, tier, score, last = "not_reported", "", None, None
    if row["current_state"] == ReportState.VERIFIED:
        state, tier, score = "verified", row["current_tier"], row["current_score"]
        last = row["current_submitted"].date() if row["current_submitted"] else None
    elif row["current_state"] == ReportState.SUBMITTED:
        state = "submitted"
        last = row["current_submitted"].date() if row["current_submitted"] else None
    elif row["earlier_period"] is not None:
        state, tier, score, last = "stale", row["earlier_tier"], row["earlier_score"], row["earlier_period"]
    return KecamatanState(
        code=row["code"],
        name=row["name"],
        district_code=row["district__code"],
        geometry=row.get("geometry"),
        state=state,
        tier=tier or "",
        score=float(score) if score is not None else None,
        last_report_on=last,
        approximate=row["boundary_approximate"],
        label=(row["centroid_lat"], row["centroid_lon"]) if row.get("centroid_lat") is not None else None,
    )


def tier_order(*, district_ids: list[int]) -> list[str]:
    """Tier names from lowest to highest, as the districts' kecamatan template versions define them
    (desa and school instruments have tiers of their own)."""
    bounds: dict[str, float] = {}
    rows = TierThreshold.objects.filter(
        version__template__district_id__in=district_ids, version__template__unit_kind=UnitKind.KECAMATAN
    ).values_list("name", "lower_bound")
    for name, bound in rows:
        bounds[name] = min(float(bound), bounds.get(name, float(bound)))
    return sorted(bounds, key=bounds.get)


def open_alert_counts(*, user, kecamatan: QuerySet[Kecamatan]) -> dict[str, int]:
    """{kecamatan code: unresolved alerts the user may see} in one query."""
    rows = (
        alert_list(user=user)
        .filter(kecamatan__in=kecamatan)
        .exclude(state=Alert.State.RESOLVED)
        .values_list("kecamatan__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def warehouse_points(*, user, district_ids: list[int]) -> list[dict]:
    """Warehouses in the user's scope with how many items each holds below its minimum (a few queries)."""
    warehouses = list(
        warehouse_list(user=user).filter(district_id__in=district_ids, is_active=True)
    )
    short = Counter(row.warehouse.pk for row in shortages(district_ids=district_ids))
    return [
        {
            "type": "Feature",
            "id": f"warehouse-{w.pk}",
            "geometry": {"type": "Point", "coordinates": [w.lon, w.lat]},
            "properties": {
                "district": w.district.code,
                "name": w.name,
                "kind": w.get_kind_display(),
                "shortages": short.get(w.pk, 0),
                "url": reverse("logistics:warehouse_detail", args=[w.pk]),
            },
        }
        for w in warehouses
    ]


def risk_classes(*, kecamatan: QuerySet[Kecamatan]) -> dict[str, dict[str, str]]:
    """{kecamatan code: {hazard code: risk class}} in one query."""
    result: dict[str, dict[str, str]] = {}
    rows = RiskProfile.objects.filter(kecamatan__in=kecamatan).values_list(
        "kecamatan__code", "hazard__code", "risk_class"
    )
    for code, hazard, risk in rows:
        result.setdefault(code, {})[hazard] = risk
    return result
