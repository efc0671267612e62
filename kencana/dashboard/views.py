from dataclasses import replace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kecamatan.selectors import hazard_list
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.accounts.scope import districts_for
from kencana.core import generations as map_cache
from kencana.core.clock import days_key
from kencana.core.exports import FORMATS, export_response
from kencana.readiness.selectors import destana_coverage
from kencana.response.selectors import event_headlines, my_open_tasks, with_late_tasks
from kencana.shelters.selectors import event_panels

from .api import map_districts
from .charts import average_score_chart, tier_mix_chart
from .filters import NATIONAL_SORTS, MapQuery, NationalQuery, StatusQuery
from .kecamatan import desa_page, school_page
from .readiness_map import default_period, reporting_periods
from .selectors import (
    DistrictRef,
    DistrictRow,
    district_rows,
    district_summary,
    library_summary,
    national_summary,
    officer_summary,
    partner_summary,
    runs_the_programme,
)
from .status_export import status_rows


@login_required
def readiness_map(request: HttpRequest) -> HttpResponse:
    asked = MapQuery(request.GET).chosen()
    codes = asked["district"]
    districts = map_districts(user=request.user, district_codes=codes)
    periods = reporting_periods(district_ids=[pk for pk, _tz in districts])
    current = default_period(periods=periods, tz_name=districts[0][1]) if districts else None
    chosen = asked["period"].isoformat() if asked["period"] else ""
    known = {p.start.isoformat() for p in periods}
    selected = chosen if chosen in known else (current.isoformat() if current else "")
    context = {
        "periods": periods,
        "selected_period": selected,
        "hazards": hazard_list(),
        "district_codes": ",".join(codes),
        "data_url": _query(reverse("api-map-kecamatan"), district=",".join(codes), period=selected),
        "map_text": {
            "tier": _("Tier"),
            "score": _("Score"),
            "last_report": _("Last report"),
            "risk": _("Risk"),
            "no_profile": _("No risk profile"),
            "approximate": _("approximate boundary"),
            "classes": {"rendah": _("Low"), "sedang": _("Medium"), "tinggi": _("High")},
            "loaded": _("%(count)s kecamatan. Click one to open its page."),
            "failed": _("The map data could not be loaded. Check the connection and reload."),
            "desa_failed": _("The desa boundaries could not be loaded. Check the connection and zoom again."),
            "legend_readiness": _("Readiness"),
            "legend_risk": _("Risk class"),
            "open_alerts": _("Open alerts"),
            "alert_outline": _("Kecamatan with open alerts"),
            "warehouse_ok": _("Warehouse, stock at minimum"),
            "warehouse_short": _("Warehouse with items below minimum"),
            "items_short": _("items below minimum"),
            "shelter_low": _("Shelter, under 75% of capacity"),
            "shelter_full": _("Shelter, 75–100% of capacity"),
            "shelter_over": _("Shelter over capacity"),
            "shelter_none": _("Shelter without a count"),
            "shelter_people": _("%(people)s people, %(households)s households"),
            "shelter_capacity": _("capacity %(capacity)s (%(percent)s)"),
            "shortfall": _("Shortfall"),
            "legend": _("Legend"),
            "events": {
                "monitoring": _("Event monitored"),
                "siaga": _("Siaga darurat"),
                "tanggap": _("Tanggap darurat"),
                "transisi": _("Transisi darurat"),
            },
            "event_figures": _("Dead %(dead)s · missing %(missing)s · displaced %(displaced)s (verified)"),
            "days_left": _("decree ends in %(days)s days"),
            "ends_today": _("decree ends today"),
            "ended": _("decree period ended"),
        },
    }
    return render(request, "dashboard/map.html", context)


@login_required
def kencana_status(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every kecamatan of the user's districts by tier and verification state, as CSV or XLSX with
    HXL hashtags: what a province reports upward."""
    require(permissions.may_see_report_progress(request.user), _("The Kencana status is for BPBD."))
    if fmt not in FORMATS:
        raise Http404
    try:
        on = StatusQuery(request.GET).strict()["on"]
    except ValidationError as error:
        return render(request, "400.html", {"reasons": error.messages}, status=400)
    headers, rows = status_rows(user=request.user, on=on)
    name = f"status-kencana-{on.isoformat()}" if on else "status-kencana"
    return export_response(filename=name, headers=headers, rows=rows, fmt=fmt)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if permissions.is_facilitator(user):  # one desa: its page is their home
        return desa_page(request, user.desa.code)
    if permissions.is_school_focal(user):  # one school: likewise
        return school_page(request, user.school.npsn)
    if permissions.is_officer(user):
        context = {
            **map_cache.kept(user=user, parts=["officer"], build=lambda: officer_summary(user=user)),
            "response": _response(user),
        }
        return render(request, "dashboard/home_officer.html", context)
    district = user.district
    if district is None:  # a superuser without a district: every district at a glance
        return national_home(request)
    if not runs_the_programme(district):
        # A district learning the programme may still be in an emergency: its events show too.
        context = {**partner_summary(user=user), "response": _response(user)}
        return render(request, "dashboard/home_partner.html", context)
    context = {
        **map_cache.kept(user=user, parts=["district"], build=lambda: _district_figures(user, district)),
        "library": library_summary(user=user),
        "response": _response(user),
    }
    return render(request, "dashboard/home_bpbd.html", context)


def _response(user) -> dict:
    """Active disaster events and the user's open tasks. What changes only with announced changes
    and the day is kept (decrees, verified figures, head counts, shortfalls); what turns late with
    the clock (tasks, the late counts) is kept for the minute."""
    headlines = map_cache.kept(
        user=user, parts=["event-headlines"], build=lambda: event_headlines(user=user, district_ids=[user.district_id])
    )
    minute = timezone.now().replace(second=0, microsecond=0)

    def by_the_minute():
        tasks = list(my_open_tasks(user=user)[:6])  # the user's own tasks first
        for task in tasks:
            task.late = task.is_late(minute)
        return tasks, with_late_tasks(user=user, rows=headlines, now=minute)

    tasks, events = map_cache.kept(user=user, parts=["home-tasks", user.pk, minute.isoformat()], build=by_the_minute)
    ids = [row.event.pk for row in events]
    shelters = (
        map_cache.kept(user=user, parts=["event-panels", ids], build=lambda: event_panels(user=user, event_ids=ids))
        if events
        else {}
    )
    return {"events": events, "tasks": tasks, "shelters": shelters}


def _kept_rows(user, districts) -> dict:
    """The overview's rows, each kept under its own district's generation counter: a change in
    one district rebuilds that row only (see kencana.core.generations). Each row carries its key, under which
    the page also keeps the row's rendered HTML."""
    ids = [d.pk for d in districts]
    counters = map_cache.generations(ids)
    common = [map_cache.scope_fingerprint(user), get_language(), days_key(), counters[-1]]
    keys = {
        pk: map_cache.key_of("national-row", pk, generation, *common)
        for pk, generation in zip(ids, counters[:-1], strict=True)
    }
    by_pk = {d.pk: d for d in districts}
    rows = map_cache.kept_many(
        keys,
        lambda missing: district_rows(user=user, districts=[by_pk[pk] for pk in missing]),
        settings.MAP_CACHE_SECONDS,
    )
    for pk, row in rows.items():
        row.cache_key = keys[pk]
    return rows


def _row_html(request: HttpRequest, rows: list[DistrictRow], tier_order: list[str]) -> list[SafeString]:
    """Each row's table HTML, kept under the row's key (and the tier columns): one cache round
    trip for all rows, and only rebuilt rows are rendered."""
    keys = {index: map_cache.key_of("national-row-html", row.cache_key, tier_order) for index, row in enumerate(rows)}
    html = map_cache.kept_many(
        keys,
        lambda missing: {i: render_to_string("dashboard/_national_row.html", {"r": rows[i]}, request) for i in missing},
        settings.MAP_CACHE_SECONDS,
    )
    # Our own template rendered every piece with autoescaping; the cache only kept it.
    return [SafeString(html[index]) for index in keys]


def _district_figures(user, district) -> dict:
    summary = district_summary(user=user, district=district)
    tiers = [t.tier for t in summary.tiers]
    return {
        "summary": summary,
        "destana": destana_coverage(user=user),
        "score_chart": average_score_chart(summary.trend) if summary.trend else "",
        "tier_chart": tier_mix_chart(summary.trend, tiers) if summary.trend else "",
    }


def _query(path: str, **params: str) -> str:
    """The path with its non-empty parameters."""
    given = {key: value for key, value in params.items() if value}
    return f"{path}?{urlencode(given)}" if given else path


def _sort_link(name: str, first: str, current: str, province: str) -> str:
    """The column sorted in its natural direction, or reversed when it already is."""
    natural = first + name
    reverse = name if first else "-" + name
    return _query("", province=province, sort=reverse if current == natural else natural)


def national_home(request: HttpRequest) -> HttpResponse:
    """Every district in scope (or one province's), sortable by any figure; with more than one
    province in scope and none chosen, one row per province, each opening its districts.

    The whole page's figures are kept until any district in scope changes; then only the
    changed districts' rows are rebuilt (``_kept_rows``), not all of them.
    """
    user = request.user
    # A province code the page cannot read shows every district, an unknown column sorts by code:
    # neither is kept as a page of its own.
    asked = NationalQuery(request.GET).chosen()
    chosen, sort = asked["province"] or None, asked["sort"]
    context = map_cache.kept(
        user=user,
        district_ids=list(districts_for(user).values_list("pk", flat=True)),
        parts=["national-page", chosen, sort],
        build=lambda: _national_context(request, chosen, sort),
    )
    return render(request, "dashboard/home_national.html", context)


def _national_context(request: HttpRequest, chosen: str | None, sort: str) -> dict:
    user = request.user
    summary = national_summary(user=user, province=chosen, rows_of=lambda districts: _kept_rows(user, districts))
    province = summary.province.code if summary.province else ""
    sort_key, _first = NATIONAL_SORTS.get(sort.lstrip("-"), NATIONAL_SORTS["district"])
    by_province = summary.province is None and len(summary.provinces) > 1
    if by_province:
        rows = sorted(summary.province_rows(), key=sort_key, reverse=sort.startswith("-"))
        row_html = SafeString(
            "".join(render_to_string("dashboard/_province_row.html", {"r": row}, request) for row in rows)
        )
    else:
        rows = sorted(summary.rows, key=sort_key, reverse=sort.startswith("-"))
        row_html = SafeString("".join(_row_html(request, rows, summary.tier_order)))
    # Each header links to its column sorted in its natural direction, or reversed when it already is.
    sort_links = {name: _sort_link(name, first, sort, province) for name, (_key, first) in NATIONAL_SORTS.items()}
    # A province's own staff see their province by name, and its map, without choosing it.
    own_province = next(iter(summary.provinces), None) if permissions.is_province(user) else None
    map_codes = ",".join(row.district.code for row in summary.rows) if summary.province or own_province else ""
    # The page is kept whole (see national_home): its rows name their district by a light reference,
    # since unpickling a district and its province for each of 514 rows was most of the page's cost.
    light = {row.district.pk: replace(row, district=DistrictRef.of(row.district)) for row in summary.rows}
    summary = replace(summary, rows=[light[row.district.pk] for row in summary.rows])
    if not by_province:
        rows = [light[row.district.pk] for row in rows]
    return {
        "summary": summary,
        "rows": rows,
        "by_province": by_province,
        "own_province": own_province,
        "sort": sort,
        "sort_links": sort_links,
        "map_url": _query(reverse("dashboard:map"), district=map_codes),
        "compare_url": _query(reverse("readiness:compare"), district=map_codes),
        "row_html": row_html,
    }
