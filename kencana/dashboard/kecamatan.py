"""The kecamatan's own page and its timeline: what every app knows of one kecamatan, in one place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kecamatan.models import RiskSettings
from kecamatan.risk import risk_matrix
from kecamatan.selectors import desa_get, kecamatan_get, school_get
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import generations
from kencana.core.clock import local_today
from kencana.core.forms import add_service_errors
from kencana.plans.selectors import card_is_stale, card_list, overdue_items_of
from kencana.readiness.forms import KatanaForm
from kencana.readiness.models import UnitKind
from kencana.readiness.selectors import (
    desa_rows,
    katana_counts,
    latest_scores,
    open_periods,
    report_list,
    school_rows,
    unit_completeness,
)
from kencana.readiness.units import katana_record

from .filters import TimelineQuery
from .timeline import kecamatan_timeline


@login_required
def kecamatan_page(request: HttpRequest, code: str) -> HttpResponse:
    """A kecamatan's facts, map, units, risk, overdue items and cards. Everything below the map is
    rendered once and kept for the user under the district's generation and the day (risk
    profiles, reports, units, plans and cards all announce their changes); the map is not, as it
    carries the request's CSP nonce."""
    user = request.user
    kecamatan = kecamatan_get(user=user, code=code)
    feature = None
    if kecamatan.boundary_simplified:
        feature = {
            "type": "Feature",
            "geometry": kecamatan.boundary_simplified,
            "properties": {"name": kecamatan.name, "code": kecamatan.code},
        }

    def blocks() -> str:
        profiles = list(kecamatan.risk_profiles.select_related("hazard").order_by("-risk_index", "hazard__sort_order"))
        cards = list(
            card_list(user=user)
            .filter(kecamatan=kecamatan)
            .select_related("kecamatan__district__plan_settings")
            .order_by("hazard__sort_order")
        )
        context = {
            "kecamatan": kecamatan,
            "profiles": profiles,
            "matrix": risk_matrix(profiles, RiskSettings.cutoffs_for(kecamatan.district_id)),
            "months": range(1, 13),
            "can_edit_risk": permissions.may_edit_risk(user, kecamatan.district_id),
            "desa_rows": desa_rows(user=user, kecamatan=kecamatan),
            "school_rows": school_rows(user=user, kecamatan=kecamatan),
            "unit_completeness": unit_completeness(user=user, kecamatan=kecamatan),
            "overdue_items": overdue_items_of(kecamatan=kecamatan)[:20],
            "cards": cards,
            "stale_card_ids": {card.pk for card in cards if card_is_stale(card)},
        }
        return render_to_string("kecamatan/_detail_blocks.html", context)

    def kept(name: str, build):
        return generations.kept(
            user=user, district_ids=[kecamatan.district_id], parts=[name, kecamatan.pk, user.pk], build=build
        )

    return render(
        request,
        "kecamatan/detail.html",
        {
            "kecamatan": kecamatan,
            "feature": feature,
            "readiness": kept(
                "kecamatan-readiness", lambda: latest_scores(user=user, kecamatan=kecamatan).get(kecamatan.pk)
            ),
            # Rendered by our own template with autoescaping; the cache only kept it.
            "blocks": SafeString(kept("kecamatan-blocks", blocks)),
        },
    )


@login_required
def desa_page(request: HttpRequest, code: str) -> HttpResponse:
    """A desa: its Destana assessments, schools and Katana counts; the count is recorded here."""
    desa = desa_get(user=request.user, code=code)
    can_record = permissions.may_record_katana(request.user, desa)
    form = KatanaForm(request.POST or None, initial={"counted_on": local_today(desa.kecamatan.district.timezone)})
    if request.method == "POST":
        require(
            can_record, _("Only the kecamatan's officer, the desa's facilitator or BPBD staff record its Katana count.")
        )
        if form.is_valid():
            try:
                katana_record(desa=desa, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Katana count recorded."))
                return redirect("kecamatan:desa", code=desa.code)
    return render(
        request,
        "dashboard/desa.html",
        {
            "desa": desa,
            "row": desa_rows(user=request.user, desa=desa)[0],
            "school_rows": school_rows(user=request.user, desa=desa),
            "reports": report_list(user=request.user).filter(desa=desa).order_by("-period_start", "-pk")[:12],
            "open_periods": [p for p in open_periods(user=request.user, kinds=(UnitKind.DESA,)) if p.desa == desa],
            "can_add_school": permissions.may_manage_schools(request.user, desa),
            "counts": katana_counts(user=request.user, desa=desa)[:8],
            "form": form if can_record else None,
        },
    )


@login_required
def school_page(request: HttpRequest, npsn: str) -> HttpResponse:
    """A school: its SPAB assessments, the ones open now (started here by its focal person or the
    kecamatan's officer), and its registry entry."""
    school = school_get(user=request.user, npsn=npsn)
    return render(
        request,
        "dashboard/school.html",
        {
            "school": school,
            "row": school_rows(user=request.user, school=school)[0],
            "reports": report_list(user=request.user).filter(school=school).order_by("-period_start", "-pk")[:12],
            "open_periods": [
                p for p in open_periods(user=request.user, kinds=(UnitKind.SCHOOL,)) if p.school == school
            ],
            "can_edit": permissions.may_manage_schools(request.user, school.desa),
        },
    )


@login_required
def kecamatan_timeline_page(request: HttpRequest, code: str) -> HttpResponse:
    kecamatan = kecamatan_get(user=request.user, code=code)
    before = TimelineQuery(request.GET).chosen()["before"]
    events, next_cursor = kecamatan_timeline(kecamatan, before=before)
    return render(
        request,
        "plans/timeline.html",
        {"kecamatan": kecamatan, "events": events, "next_cursor": next_cursor, "paged": before is not None},
    )
