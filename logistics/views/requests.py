"""Requests from the field: file, approve or reject, dispatch, print the request letter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.accounts.scope import kecamatan_for
from kencana.core.forms import add_service_errors
from kencana.core.history import history_for

from .. import selectors, services
from ..filters import RequestFilter
from ..forms import (
    ApproveForm,
    IssueLineFormSet,
    RejectForm,
    RequestDispatchForm,
    RequestEditForm,
    RequestForm,
    RequestLineFormSet,
    filled,
)
from ..models import Item, Request
from ..services.fulfilment import outstanding
from .common import lots_in_stock, today_for


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    chosen = RequestFilter(request.GET or None, queryset=selectors.request_list(user=request.user))
    context = {"requests": chosen.qs[:200], "statuses": Request.Status.choices, "status": chosen.data.get("status")}
    return render(request, "logistics/request_list.html", context)


def _lines(formset) -> list:
    return [services.RequestedLine(line["item"], line["quantity"]) for line in filled(formset)]


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    form = RequestForm(
        request.POST or None,
        kecamatan=kecamatan_for(request.user),
        warehouses=selectors.warehouse_list(user=request.user),
    )
    formset = RequestLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            created = services.request_create(by=request.user, lines=_lines(formset), **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("Request %(number)s submitted.") % {"number": created.number})
            return redirect("logistics:request_detail", pk=created.pk)
    return render(request, "logistics/request_form.html", {"form": form, "formset": formset})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    supply_request = selectors.request_get(user=request.user, pk=pk)
    return render(request, "logistics/request_detail.html", _context(request, supply_request))


def _context(request, supply_request: Request, **forms) -> dict:
    user = request.user
    decides = permissions.may_decide_requests(user, supply_request.district_id)
    decides_now = decides and supply_request.status == Request.Status.SUBMITTED
    context = {
        "req": supply_request,
        "lines": supply_request.lines.select_related("item"),
        "shipments": supply_request.dispatches.select_related("warehouse"),
        "approve_form": ApproveForm(request=supply_request) if decides_now else None,
        "reject_form": RejectForm() if decides_now else None,
        "can_dispatch": decides and supply_request.status == Request.Status.APPROVED,
        "can_edit": supply_request.status == Request.Status.DRAFT,
        "history": history_for(supply_request, limit=30),
    }
    context.update(forms)
    return context


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft (one made from the needs calculator, say) and submit it."""
    supply_request = selectors.request_get(user=request.user, pk=pk)
    if supply_request.status != Request.Status.DRAFT:
        return redirect("logistics:request_detail", pk=pk)
    initial_lines = [
        {"item": line.item, "quantity": line.quantity} for line in supply_request.lines.select_related("item")
    ]
    form = RequestEditForm(
        request.POST or None,
        initial={"people_affected": supply_request.people_affected, "reason": supply_request.reason},
    )
    formset = RequestLineFormSet(request.POST or None, prefix="lines", initial=initial_lines)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.request_update(by=request.user, request=supply_request, lines=_lines(formset), **form.cleaned_data)
            if "submit" in request.POST:
                services.request_submit(by=request.user, request=supply_request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            add_service_errors(form, ValidationError(str(exc)))
        else:
            messages.success(request, _("Request saved."))
            return redirect("logistics:request_detail", pk=pk)
    return render(request, "logistics/request_form.html", {"form": form, "formset": formset, "req": supply_request})


@login_required
@require_POST
def request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    supply_request = selectors.request_get(user=request.user, pk=pk)
    form = ApproveForm(request.POST, request=supply_request)
    if form.is_valid():
        try:
            services.request_approve(by=request.user, request=supply_request, approved=form.approved())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Request %(number)s approved.") % {"number": supply_request.number})
            return redirect("logistics:request_detail", pk=pk)
    return render(request, "logistics/request_detail.html", _context(request, supply_request, approve_form=form))


@login_required
@require_POST
def request_reject(request: HttpRequest, pk: int) -> HttpResponse:
    supply_request = selectors.request_get(user=request.user, pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.request_reject(by=request.user, request=supply_request, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Request %(number)s rejected.") % {"number": supply_request.number})
            return redirect("logistics:request_detail", pk=pk)
    return render(request, "logistics/request_detail.html", _context(request, supply_request, reject_form=form))


@login_required
def request_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    supply_request = selectors.request_get(user=request.user, pk=pk)
    require(permissions.may_decide_requests(request.user, supply_request.district_id))
    left = outstanding(supply_request)
    items = Item.objects.in_bulk(list(left))
    form = RequestDispatchForm(request.POST or None, initial={"business_date": today_for(request.user)})
    form.limit_warehouses(selectors.warehouse_list(user=request.user).filter(is_active=True), "warehouse")
    formset = IssueLineFormSet(
        request.POST or None,
        prefix="lines",
        form_kwargs={"lots": lots_in_stock(request.user)},
        initial=[{"item": items[pk], "quantity": q} for pk, q in left.items()],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            document = services.request_dispatch(
                by=request.user,
                request=supply_request,
                lines=[services.IssueLine(line["item"], line["quantity"], line.get("lot")) for line in filled(formset)],
                **{
                    k: data[k]
                    for k in ("warehouse", "business_date", "vehicle", "driver", "driver_phone", "idempotency_key")
                },
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Delivery note %(number)s posted.") % {"number": document.number})
            return redirect("logistics:document_detail", pk=document.pk)
    context = {"form": form, "formset": formset, "req": supply_request, "kind": "request_dispatch"}
    return render(request, "logistics/document_form.html", context)


@login_required
def request_print(request: HttpRequest, pk: int) -> HttpResponse:
    supply_request = selectors.request_get(user=request.user, pk=pk)
    if not supply_request.number:
        return redirect("logistics:request_detail", pk=pk)
    return render(request, "logistics/print_request.html", _context(request, supply_request))
