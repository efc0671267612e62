"""Warehouses, balances, the stock card and stock documents."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.accounts.scope import kecamatan_for
from kencana.core.forms import add_service_errors
from kencana.core.history import history_for
from kencana.core.uploads import file_response

from .. import selectors, services
from ..filters import BalanceQuery, DocumentFilter, StockCardQuery
from ..forms import (
    AdjustLineFormSet,
    AdjustmentForm,
    CountStartForm,
    DispatchForm,
    IssueLineFormSet,
    ReceiptForm,
    ReceiptLineFormSet,
    ReceiveForm,
    TransferForm,
    filled,
)
from ..models import Category, Document, Item, Proof
from ..tables import balance_table, stock_card_table
from .common import export_links, lots_in_stock, maybe_export, today_for

BALANCES_PER_PAGE = 100  # rows on one page; exports carry them all
PAPERS = ("delivery-note", "bast", "sheet")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    warehouses = selectors.warehouse_list(user=request.user).annotate(
        lots=Count("balances", filter=Q(balances__quantity__gt=0))
    )
    shortages = selectors.shortages_for(user=request.user)
    context = {
        "warehouses": warehouses,
        "shortage_count": len(shortages),
        "expiring_count": selectors.expiring_lots_for(user=request.user, within_days=30).count(),
        "open_requests": selectors.request_list(user=request.user)
        .filter(status__in=["submitted", "approved", "dispatched"])
        .count(),
        "in_transit": selectors.document_list(user=request.user).filter(status=Document.Status.IN_TRANSIT).count(),
    }
    return render(request, "logistics/index.html", context)


def _balance_filters(request) -> tuple[dict, int | None]:
    """``as_of`` and ``category`` for the balance rows, and the warehouse id asked for."""
    chosen = BalanceQuery(request.GET).chosen()
    return {"as_of": chosen["as_of"], "category": chosen["category"]}, chosen["warehouse"]


@login_required
def warehouse_detail(request: HttpRequest, pk: int) -> HttpResponse:
    warehouse = selectors.warehouse_get(user=request.user, pk=pk)
    filters, _warehouse_id = _balance_filters(request)
    rows = selectors.balance_rows(user=request.user, warehouse=warehouse, **filters)
    export = maybe_export(request, f"saldo-{warehouse.code}", lambda: balance_table(rows))
    if export:
        return export
    minimums = {
        (r.item.pk): r
        for r in selectors.minimum_rows(warehouses=selectors.warehouse_list(user=request.user).filter(pk=pk))
    }
    context = {
        "warehouse": warehouse,
        "totals": selectors.item_totals(rows),
        "rows": rows,
        "minimums": minimums,
        "incoming": selectors.in_transit_to(warehouse=warehouse),
        "filters": filters,
        "categories": Category.choices,
        "exports": export_links(request),
        "can_operate": permissions.may_post_stock(request.user, warehouse),
        "can_manage": permissions.may_manage_warehouses(request.user, warehouse.district_id),
        "history": history_for(warehouse, limit=30),
    }
    return render(request, "logistics/warehouse_detail.html", context)


@login_required
def balance_list(request: HttpRequest) -> HttpResponse:
    filters, warehouse_id = _balance_filters(request)
    warehouse = selectors.warehouse_get(user=request.user, pk=warehouse_id) if warehouse_id else None
    totals = selectors.balance_totals(user=request.user, warehouse=warehouse, **filters)
    export = maybe_export(request, "saldo-stok", lambda: balance_table(selectors.balance_hydrated(totals)))
    if export:
        return export
    page = Paginator(totals, BALANCES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.balance_hydrated(page.object_list)  # only this page's lots are read
    context = {
        "page": page,
        "filters": filters,
        "warehouse": warehouse,
        "warehouses": selectors.warehouse_choices(user=request.user),
        "categories": Category.choices,
        "exports": export_links(request),
    }
    return render(request, "logistics/balance_list.html", context)


@login_required
def stock_card(request: HttpRequest, pk: int, item_code: str) -> HttpResponse:
    warehouse = selectors.warehouse_get(user=request.user, pk=pk)
    item = get_object_or_404(Item, code=item_code)
    days = StockCardQuery(request.GET).chosen()
    date_from, date_to = days["from"], days["to"]
    opening, lines = selectors.stock_card(warehouse=warehouse, item=item, date_from=date_from, date_to=date_to)
    export = maybe_export(request, f"kartu-stok-{warehouse.code}-{item.code}", lambda: stock_card_table(opening, lines))
    if export:
        return export
    context = {
        "warehouse": warehouse,
        "item": item,
        "opening": opening,
        "lines": lines,
        "date_from": date_from,
        "date_to": date_to,
        "exports": export_links(request),
    }
    return render(request, "logistics/stock_card.html", context)


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    chosen = DocumentFilter(request.GET or None, queryset=selectors.document_list(user=request.user))
    context = {
        "documents": chosen.qs[:200],
        "kinds": Document.Kind.choices,
        "statuses": Document.Status.choices,
        "kind": chosen.data.get("kind"),
        "status": chosen.data.get("status"),
    }
    return render(request, "logistics/document_list.html", context)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    receive_form = None
    if document.status == Document.Status.IN_TRANSIT and permissions.may_receive(request.user, document):
        receive_form = ReceiveForm(document=document, initial={"received_date": today_for(request.user)})
    return render(request, "logistics/document_detail.html", _document_context(document, receive_form=receive_form))


def _document_context(document: Document, **extra) -> dict:
    return {
        "document": document,
        "lines": document.lines.select_related("item", "lot"),
        "movements": document.movements.select_related("warehouse", "lot", "item"),
        "proofs": document.proofs.all(),
        "history": history_for(document, limit=30),
        **extra,
    }


@login_required
def document_receive(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    if not permissions.may_receive(request.user, document):
        raise PermissionDenied
    form = ReceiveForm(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.shipment_receive(
                by=request.user,
                document=document,
                received=form.received(),
                received_date=form.cleaned_data["received_date"],
                received_by_name=form.cleaned_data["received_by_name"],
                note=form.cleaned_data["note"],
                proofs=request.FILES.getlist("proofs"),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Receipt of %(number)s confirmed.") % {"number": document.number})
            return redirect("logistics:document_detail", pk=document.pk)
    return render(request, "logistics/document_detail.html", _document_context(document, receive_form=form))


@login_required
def document_print(request: HttpRequest, pk: int, paper: str) -> HttpResponse:
    """Surat jalan (delivery note), BAST (handover report) or a receipt/adjustment sheet, in Indonesian."""
    document = selectors.document_get(user=request.user, pk=pk)
    if paper not in PAPERS:
        raise Http404
    if paper == "bast" and document.status != Document.Status.RECEIVED:
        raise Http404
    if paper == "delivery-note" and not document.is_shipment:
        raise Http404
    context = {**_document_context(document), "paper": paper}
    return render(request, "logistics/print_document.html", context)


@login_required
def proof_download(request: HttpRequest, pk: int) -> FileResponse:
    proof = get_object_or_404(Proof.objects.select_related("document"), pk=pk)
    selectors.document_get(user=request.user, pk=proof.document_id)  # 404 outside scope
    extension = proof.file.name.rsplit(".", 1)[-1]
    return file_response(
        proof.file.open("rb"), content_type=proof.content_type, filename=f"bukti-{proof.pk}.{extension}"
    )


def _operable(user):
    return selectors.warehouse_list(user=user).filter(is_active=True)


def _lines_or_error(formset, form) -> list[dict] | None:
    lines = filled(formset)
    if not lines:
        form.add_error(None, _("Add at least one line."))
        return None
    return lines


def _document_page(request: HttpRequest, *, kind: str, form, formset, post: Callable, done: str) -> HttpResponse:
    """The page of a new stock document: check the form and its lines, post through the
    service, and show the document; a refusal keeps what was typed and says why."""
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = _lines_or_error(formset, form)
        if lines is not None:
            try:
                document = post(form.cleaned_data, lines)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, done % {"number": document.number})
                return redirect("logistics:document_detail", pk=document.pk)
    return render(request, "logistics/document_form.html", {"form": form, "formset": formset, "kind": kind})


def _fields(data: dict, *names: str) -> dict:
    return {name: data[name] for name in names}


def _inventory_numbers(text: str | None) -> list[str]:
    return [n for n in (text or "").replace(";", ",").split(",") if n.strip()]


def _issue_lines(lines) -> list:
    return [services.IssueLine(line["item"], line["quantity"], line.get("lot")) for line in lines]


@login_required
def receipt_new(request: HttpRequest) -> HttpResponse:
    require(permissions.may_post_stock_documents(request.user))
    form = ReceiptForm(request.POST or None, initial={"business_date": today_for(request.user)})
    form.limit_warehouses(_operable(request.user), "warehouse")

    def post(data, lines):
        received = [
            services.ReceiptLine(
                line["item"],
                line["quantity"],
                line.get("expiry_date"),
                _inventory_numbers(line.get("inventory_numbers")),
            )
            for line in lines
        ]
        fields = _fields(
            data, "warehouse", "business_date", "funding_source", "supplier", "reference", "note", "idempotency_key"
        )
        return services.receipt_post(by=request.user, lines=received, **fields)

    formset = ReceiptLineFormSet(request.POST or None, prefix="lines")
    return _document_page(
        request, kind="receipt", form=form, formset=formset, post=post, done=_("Receipt %(number)s posted.")
    )


@login_required
def dispatch_new(request: HttpRequest) -> HttpResponse:
    require(permissions.may_post_stock_documents(request.user))
    form = DispatchForm(
        request.POST or None, kecamatan=kecamatan_for(request.user), initial={"business_date": today_for(request.user)}
    )
    form.limit_warehouses(_operable(request.user), "warehouse")

    def post(data, lines):
        fields = _fields(
            data,
            "warehouse",
            "business_date",
            "destination_kecamatan",
            "destination_text",
            "vehicle",
            "driver",
            "driver_phone",
            "note",
            "idempotency_key",
        )
        return services.dispatch_post(by=request.user, lines=_issue_lines(lines), **fields)

    formset = IssueLineFormSet(request.POST or None, prefix="lines", form_kwargs={"lots": lots_in_stock(request.user)})
    return _document_page(
        request, kind="dispatch", form=form, formset=formset, post=post, done=_("Dispatch %(number)s posted.")
    )


@login_required
def transfer_new(request: HttpRequest) -> HttpResponse:
    require(permissions.may_post_stock_documents(request.user))
    form = TransferForm(request.POST or None, initial={"business_date": today_for(request.user)})
    form.limit_warehouses(_operable(request.user), "warehouse", "destination_warehouse")

    def post(data, lines):
        fields = _fields(
            data,
            "warehouse",
            "destination_warehouse",
            "business_date",
            "vehicle",
            "driver",
            "driver_phone",
            "note",
            "idempotency_key",
        )
        return services.transfer_post(by=request.user, lines=_issue_lines(lines), **fields)

    formset = IssueLineFormSet(request.POST or None, prefix="lines", form_kwargs={"lots": lots_in_stock(request.user)})
    return _document_page(
        request, kind="transfer", form=form, formset=formset, post=post, done=_("Transfer %(number)s posted.")
    )


@login_required
def adjustment_new(request: HttpRequest) -> HttpResponse:
    require(permissions.may_post_stock_documents(request.user))
    form = AdjustmentForm(request.POST or None, initial={"business_date": today_for(request.user)})
    form.limit_warehouses(_operable(request.user), "warehouse")

    def post(data, lines):
        adjusted = [services.AdjustLine(line["lot"], line["quantity"]) for line in lines]
        fields = _fields(data, "warehouse", "reason", "business_date", "note")
        return services.adjustment_post(by=request.user, lines=adjusted, **fields)

    formset = AdjustLineFormSet(request.POST or None, prefix="lines", form_kwargs={"lots": lots_in_stock(request.user)})
    return _document_page(
        request, kind="adjustment", form=form, formset=formset, post=post, done=_("Adjustment %(number)s posted.")
    )


@login_required
def count_new(request: HttpRequest) -> HttpResponse:
    require(permissions.may_post_stock_documents(request.user))
    form = CountStartForm(request.POST or None, initial={"business_date": today_for(request.user)})
    form.limit_warehouses(_operable(request.user), "warehouse")
    if request.method == "POST" and form.is_valid():
        try:
            count = services.count_start(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("logistics:count_sheet", pk=count.pk)
    return render(request, "logistics/document_form.html", {"form": form, "kind": "count"})


@login_required
def count_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    count = get_object_or_404(selectors.document_list(user=request.user).filter(kind=Document.Kind.COUNT), pk=pk)
    if count.status != Document.Status.DRAFT:
        return redirect("logistics:document_detail", pk=count.pk)
    lines = list(count.lines.select_related("item", "lot"))
    errors = []
    if request.method == "POST":
        counted = {line.pk: request.POST.get(f"line_{line.pk}", "").strip() for line in lines}
        try:
            services.count_record(by=request.user, count=count, counted=counted)
            if "post" in request.POST:
                services.count_post(by=request.user, count=count)
                messages.success(request, _("Count %(number)s posted.") % {"number": count.number})
                return redirect("logistics:document_detail", pk=count.pk)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Counted quantities saved."))
            return redirect("logistics:count_sheet", pk=count.pk)
    return render(request, "logistics/count_sheet.html", {"count": count, "lines": lines, "errors": errors})
