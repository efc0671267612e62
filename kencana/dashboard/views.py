from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kecamatan.selectors import hazard_list
from kencana.accounts.scope import districts_for

from .charts import average_score_chart, tier_mix_chart
from .readiness_map import default_period, reporting_periods
from .selectors import district_summary, library_summary, officer_summary


@login_required
def readiness_map(request: HttpRequest) -> HttpResponse:
    districts = list(districts_for(request.user).values_list("id", "timezone"))
    periods = reporting_periods(district_ids=[pk for pk, _tz in districts])
    current = default_period(periods=periods, tz_name=districts[0][1]) if districts else None
    chosen = request.GET.get("period", "")
    known = {p.start.isoformat() for p in periods}
    selected = chosen if chosen in known else (current.isoformat() if current else "")
    context = {
        "periods": periods,
        "selected_period": selected,
        "hazards": hazard_list(),
        "data_url": reverse("api-map-kecamatan") + (f"?period={selected}" if selected else ""),
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
            "legend_readiness": _("Readiness"),
            "legend_risk": _("Risk class"),
            "open_alerts": _("Open alerts"),
            "alert_outline": _("Kecamatan with open alerts"),
            "warehouse_ok": _("Warehouse, stock at minimum"),
            "warehouse_short": _("Warehouse with items below minimum"),
            "items_short": _("items below minimum"),
        },
    }
    return render(request, "dashboard/map.html", context)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_officer:
        return render(request, "dashboard/home_officer.html", officer_summary(user=user))
    district = user.district
    if district is None:  # a superuser without a district: the national overview lives in the map
        return render(request, "dashboard/home_national.html", {"districts": districts_for(user)})
    summary = district_summary(user=user, district=district)
    tiers = [t.tier for t in summary.tiers]
    context = {
        "summary": summary,
        "score_chart": average_score_chart(summary.trend) if summary.trend else "",
        "tier_chart": tier_mix_chart(summary.trend, tiers) if summary.trend else "",
        "library": library_summary(user=user),
    }
    return render(request, "dashboard/home_bpbd.html", context)
