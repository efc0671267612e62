"""Managing warehouses, their minimum stock and the district's planning settings.

BPBD staff and admins manage warehouses and minimums; only an admin changes the
district's settings. A warehouse outside the user's scope is a 404; an officer who
sees a store but may not manage it gets a 403.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.forms import add_service_errors
from kencana.core.history import history_for

from .. import selectors, services
from ..forms import LogisticsSettingsForm, MinimumForm, WarehouseForm
from ..models import MinimumStock, Warehouse

WAREHOUSE_FIELDS = ("kind", "name", "code", "address", "lat", "lon", "kecamatan_served", "keeper", "is_active")


def _own_district(request: HttpRequest):
    """The district a page manages: the user's own (superusers without one use the admin site)."""
    if request.user.district_id is None:
        raise Http404
    return request.user.district


def _warehouse_form(request: HttpRequest, district, **kwargs) -> WarehouseForm:
    return WarehouseForm(
        request.POST or None,
        kecamatan=district.kecamatan.order_by("name"),
        keepers=selectors.keeper_choices(district=district),
        **kwargs,
    )


def _save_warehouse(request: HttpRequest, form: WarehouseForm, district, warehouse: Warehouse | None):
    try:
        saved = services.warehouse_save(
            by=request.user,
            district=district,
            warehouse=warehouse,
            **{name: form.cleaned_data[name] for name in WAREHOUSE_FIELDS if name != "kecamatan_served"},
            kecamatan_served=list(form.cleaned_data["kecamatan_served"]),
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, _("Warehouse %(name)s saved.") % {"name": saved.name})
    return redirect("logistics:warehouse_detail", pk=saved.pk)


@login_required
def warehouse_new(request: HttpRequest) -> HttpResponse:
    district = _own_district(request)
    require(permissions.may_manage_warehouses(request.user, district.pk))
    form = _warehouse_form(request, district)
    if request.method == "POST" and form.is_valid():
        response = _save_warehouse(request, form, district, None)
        if response:
            return response
    return render(request, "logistics/warehouse_form.html", {"form": form, "district": district, "warehouse": None})


@login_required
def warehouse_edit(request: HttpRequest, pk: int) -> HttpResponse:
    warehouse = selectors.warehouse_get(user=request.user, pk=pk)
    require(permissions.may_manage_warehouses(request.user, warehouse.district_id))
    initial = {name: getattr(warehouse, name) for name in WAREHOUSE_FIELDS if name != "kecamatan_served"}
    initial["kecamatan_served"] = list(warehouse.kecamatan_served.all())
    form = _warehouse_form(request, warehouse.district, initial=initial)
    if request.method == "POST" and form.is_valid():
        response = _save_warehouse(request, form, warehouse.district, warehouse)
        if response:
            return response
    context = {"form": form, "district": warehouse.district, "warehouse": warehouse}
    return render(request, "logistics/warehouse_form.html", context)


@login_required
def warehouse_minimums(request: HttpRequest, pk: int) -> HttpResponse:
    """The warehouse's minimums with what each means today; staff set and remove them here."""
    warehouse = selectors.warehouse_get(user=request.user, pk=pk)
    manageable = permissions.may_manage_warehouses(request.user, warehouse.district_id)
    form = MinimumForm(request.POST or None)
    if request.method == "POST":
        require(manageable)
        if form.is_valid():
            try:
                minimum = services.minimum_set(by=request.user, warehouse=warehouse, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Minimum of %(item)s saved.") % {"item": minimum.item})
                return redirect("logistics:warehouse_minimums", pk=warehouse.pk)
    computed = {
        row.item.pk: row
        for row in selectors.minimum_rows(warehouses=selectors.warehouse_list(user=request.user).filter(pk=pk))
    }
    minimums = [
        (minimum, computed.get(minimum.item_id))
        for minimum in MinimumStock.objects.filter(warehouse=warehouse).select_related("item")
    ]
    served = warehouse.kecamatan_served.aggregate(people=Sum("population"))["people"] or 0
    planning = selectors.settings_for(warehouse.district)
    context = {
        "warehouse": warehouse,
        "minimums": sorted(minimums, key=lambda pair: (pair[0].item.category, pair[0].item.code)),
        "form": form if manageable else None,
        "can_manage": manageable,
        "served": served,
        "planned_people": Decimal(served) * planning.planning_share_percent / 100,
        "planning": planning,
        "profile": selectors.district_profile(warehouse.district_id),
        "can_change_settings": permissions.may_change_logistics_settings(request.user, warehouse.district_id),
    }
    return render(request, "logistics/minimum_list.html", context)


@login_required
@require_POST
def minimum_remove(request: HttpRequest, pk: int) -> HttpResponse:
    minimum = get_object_or_404(selectors.minimum_list(user=request.user), pk=pk)
    require(permissions.may_manage_warehouses(request.user, minimum.warehouse.district_id))
    services.minimum_remove(by=request.user, minimum=minimum)
    messages.success(request, _("Minimum of %(item)s removed.") % {"item": minimum.item})
    return redirect("logistics:warehouse_minimums", pk=minimum.warehouse_id)


@login_required
def logistics_settings(request: HttpRequest) -> HttpResponse:
    district = _own_district(request)
    require(permissions.may_change_logistics_settings(request.user, district.pk))
    current = selectors.settings_for(district)
    form = LogisticsSettingsForm(
        request.POST or None,
        initial={"buffer_days": current.buffer_days, "planning_share_percent": current.planning_share_percent},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(by=request.user, district=district, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Logistics settings saved; derived minimums follow at once."))
            return redirect("logistics:settings")
    context = {
        "form": form,
        "district": district,
        "history": history_for(current) if current.pk else [],
    }
    return render(request, "logistics/settings_form.html", context)
