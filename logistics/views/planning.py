"""Shortages against minimums, expiry watch and the needs calculator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.core.forms import add_service_errors

from .. import selectors, services
from ..filters import EXPIRY_WINDOWS, ExpiryQuery, ShortageQuery
from ..forms import NeedsForm
from ..models import Category
from ..tables import expiry_table, shortage_table
from .common import export_links, maybe_export, today_for


def _warehouse(request, pk: int | None):
    return selectors.warehouse_get(user=request.user, pk=pk) if pk else None


@login_required
def shortage_list(request: HttpRequest) -> HttpResponse:
    chosen = ShortageQuery(request.GET).chosen()
    warehouse, category = _warehouse(request, chosen["warehouse"]), chosen["category"]
    rows = selectors.shortages_for(
        user=request.user, warehouse=warehouse, category=category, district_code=chosen["district"]
    )
    export = maybe_export(request, "kekurangan-stok", lambda: shortage_table(rows))
    if export:
        return export
    context = {
        "rows": rows,
        "warehouse": warehouse,
        "category": category,
        "warehouses": selectors.warehouse_choices(user=request.user),
        "categories": Category.choices,
        "exports": export_links(request),
        "district": districts_for(request.user).filter(code=chosen["district"]).first() if chosen["district"] else None,
    }
    return render(request, "logistics/shortage_list.html", context)


@login_required
def expiry_watch(request: HttpRequest) -> HttpResponse:
    chosen = ExpiryQuery(request.GET).chosen()
    within, warehouse = chosen["within"], _warehouse(request, chosen["warehouse"])
    balances = selectors.expiring_lots_for(user=request.user, within_days=within, warehouse=warehouse)
    export = maybe_export(request, f"kedaluwarsa-{within}-hari", lambda: expiry_table(balances))
    if export:
        return export
    context = {
        "balances": balances,
        "within": within,
        "windows": EXPIRY_WINDOWS,
        "today": today_for(request.user),
        "warehouse": warehouse,
        "warehouses": selectors.warehouse_choices(user=request.user),
        "exports": export_links(request),
    }
    return render(request, "logistics/expiry_watch.html", context)


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    """GET computes a scenario under the district's needs profile; POST turns its gap into a draft request."""
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = NeedsForm(data, kecamatan=kecamatan_for(request.user), initial={"days": 3})
    profile, rows = None, None
    if data is not None and form.is_valid():
        scenario = {name: form.cleaned_data[name] for name in ("kecamatan", "hazard", "people", "days")}
        profile, rows = selectors.needs_scenario(
            kecamatan=scenario["kecamatan"], headcount=form.headcount(), days=scenario["days"]
        )
        if request.method == "POST":
            try:
                draft = services.request_from_needs(
                    by=request.user, gaps={row.item: row.gap for row in rows}, **scenario
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Draft request created from the gap. Check it and submit."))
                return redirect("logistics:request_edit", pk=draft.pk)
    return render(request, "logistics/needs.html", {"form": form, "rows": rows, "profile": profile})
