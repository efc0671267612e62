"""The kecamatan's own page and its timeline: what every app knows of one kecamatan, in one place."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime

from kecamatan.models import RiskSettings
from kecamatan.risk import risk_matrix
from kecamatan.selectors import kecamatan_get
from kencana.accounts import permissions
from kencana.plans.selectors import card_list, overdue_items_of, stale_cards
from kencana.readiness.selectors import latest_scores

from .timeline import kecamatan_timeline


@login_required
def kecamatan_page(request: HttpRequest, code: str) -> HttpResponse:
    kecamatan = kecamatan_get(user=request.user, code=code)
    feature = None
    if kecamatan.boundary_simplified:
        feature = {
            "type": "Feature",
            "geometry": kecamatan.boundary_simplified,
            "properties": {"name": kecamatan.name, "code": kecamatan.code},
        }
    profiles = list(kecamatan.risk_profiles.select_related("hazard").order_by("-risk_index", "hazard__sort_order"))
    cards = card_list(user=request.user).filter(kecamatan=kecamatan).order_by("hazard__sort_order")
    return render(
        request,
        "kecamatan/detail.html",
        {
            "kecamatan": kecamatan,
            "feature": feature,
            "profiles": profiles,
            "matrix": risk_matrix(profiles, RiskSettings.cutoffs_for(kecamatan.district_id)),
            "months": range(1, 13),
            "can_edit_risk": permissions.may_edit_risk(request.user, kecamatan.district_id),
            "readiness": latest_scores(user=request.user, kecamatan=kecamatan).get(kecamatan.pk),
            "overdue_items": overdue_items_of(kecamatan=kecamatan)[:20],
            "cards": cards,
            "stale_card_ids": set(
                stale_cards(district_ids=[kecamatan.district_id])
                .filter(kecamatan=kecamatan)
                .values_list("pk", flat=True)
            ),
        },
    )


@login_required
def kecamatan_timeline_page(request: HttpRequest, code: str) -> HttpResponse:
    kecamatan = kecamatan_get(user=request.user, code=code)
    before = parse_datetime(request.GET.get("before", "") or "") or None
    events, next_cursor = kecamatan_timeline(kecamatan, before=before)
    return render(
        request,
        "plans/timeline.html",
        {"kecamatan": kecamatan, "events": events, "next_cursor": next_cursor, "paged": before is not None},
    )
