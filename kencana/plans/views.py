import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kecamatan.selectors import kecamatan_get, kecamatan_list
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.clock import local_today
from kencana.core.forms import add_service_errors
from kencana.core.history import history_for
from kencana.core.query import id_or_404
from kencana.core.uploads import file_response

from . import services
from .filters import ActionItemFilter, AgencyFilter, PlanIndexQuery
from .forms import ActionItemForm, AgencyForm, CardForm, CardStepFormSet, EvidenceForm, PlanSettingsForm
from .models import ActionItem, ActionPlan, Agency, Evidence, PlanSettings
from .selectors import (
    action_item_list,
    agency_list,
    card_list,
    card_review_days,
    card_with_roster,
    gap_status,
    overdue_action_items,
    plan_list,
    plan_list_with_counts,
    stale_cards,
)


def _own_district(request: HttpRequest):
    district = request.user.district
    if district is None:
        raise Http404
    return district


# --- Plans and items --------------------------------------------------------------------------


def _plan_target(request: HttpRequest, code: str | None):
    """(district, kecamatan or None, the plan or None) of a kecamatan page or the district page, scoped."""
    if code is not None:
        kecamatan = kecamatan_get(user=request.user, code=code)
        district = kecamatan.district
    else:
        kecamatan, district = None, _own_district(request)
    plan = (
        ActionPlan.objects.filter(district=district, kecamatan=kecamatan)
        .select_related("kecamatan", "district")
        .first()
    )
    return district, kecamatan, plan


@login_required
def plan_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    kecamatan_rows = kecamatan_list(user=user).order_by("code")
    plans = {p.kecamatan_id: p for p in plan_list_with_counts(user=user)}
    overdue_by_plan: dict[int, int] = {}
    overdue = overdue_action_items(district_ids=[user.district_id] if user.district_id else None).filter(
        plan__in=plan_list(user=user)
    )
    for plan_id in overdue.values_list("plan_id", flat=True):
        overdue_by_plan[plan_id] = overdue_by_plan.get(plan_id, 0) + 1
    rows = []
    for kecamatan in kecamatan_rows:
        plan = plans.get(kecamatan.pk)
        rows.append({"kecamatan": kecamatan, "plan": plan, "overdue": overdue_by_plan.get(plan.pk, 0) if plan else 0})
    district_plan = plans.get(None)
    return render(
        request,
        "plans/plan_index.html",
        {
            "rows": rows,
            "district_plan": district_plan,
            "district_overdue": overdue_by_plan.get(district_plan.pk, 0) if district_plan else 0,
            # The overdue items themselves, soonest due first, when the dashboard's figure asks for them.
            "overdue_items": overdue.order_by("due_date", "pk") if PlanIndexQuery(request.GET).chosen()["overdue"] == "1" else None,
        },
    )


@login_required
def plan_detail(request: HttpRequest, code: str | None = None) -> HttpResponse:
    district, kecamatan, plan = _plan_target(request, code)
    items = ActionItem.objects.none()
    overdue_ids: set[int] = set()
    if plan is not None:
        items = plan.items.select_related("owner_agency", "hazard").order_by("due_date", "pk")
        overdue_ids = set(
            overdue_action_items(district_ids=[district.pk]).filter(plan=plan).values_list("pk", flat=True)
        )
    chosen = ActionItemFilter(request.GET, queryset=items, request=request)
    items = chosen.qs
    status = next(iter(chosen.form.cleaned_data.get("status") or []), "")
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "district": district,
            "kecamatan": kecamatan,
            "items": items,
            "overdue_ids": overdue_ids,
            "status": status,
            "statuses": ActionItem.Status.choices,
            "can_edit": permissions.may_edit_plan(request.user, ActionPlan(district=district, kecamatan=kecamatan)),
        },
    )


@login_required
def item_create(request: HttpRequest, code: str | None = None) -> HttpResponse:
    district, kecamatan, plan = _plan_target(request, code)
    if not permissions.may_edit_plan(request.user, plan or ActionPlan(district=district, kecamatan=kecamatan)):
        raise PermissionDenied
    form = ActionItemForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = plan or services.action_plan_ensure(district=district, kecamatan=kecamatan)
            item = services.action_item_create(by=request.user, plan=plan, title=data.pop("title"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Item added."))
            return redirect("plans:item", item.pk)
    return render(
        request, "plans/item_form.html", {"form": form, "district": district, "kecamatan": kecamatan, "item": None}
    )


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or value)
    return str(value)


def _change_row(change) -> tuple:
    field = ActionItem._meta.get_field(change.field)
    return field.verbose_name, _display(field, change.old), _display(field, change.new)


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(action_item_list(user=request.user), pk=pk)
    records = list(item.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        fields = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["updated_at"])
            fields = [_change_row(change) for change in delta.changes]
        changes.append({"record": newer, "fields": fields})
    today = local_today(item.plan.district.timezone)
    return render(
        request,
        "plans/item_detail.html",
        {
            "item": item,
            "changes": changes,
            "evidence": item.evidence.select_related("uploaded_by"),
            "evidence_form": EvidenceForm(),
            "can_edit": permissions.may_edit_plan(request.user, item.plan),
            "is_overdue": bool(item.due_date and item.due_date < today and not item.is_closed),
            "gap_closed": gap_status(item=item),
        },
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(action_item_list(user=request.user), pk=pk)
    if not permissions.may_edit_plan(request.user, item.plan):
        raise PermissionDenied
    form = ActionItemForm(request.POST or None, instance=item, district=item.plan.district)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_update(by=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Item saved."))
            return redirect("plans:item", item.pk)
    return render(
        request,
        "plans/item_form.html",
        {"form": form, "district": item.plan.district, "kecamatan": item.plan.kecamatan, "item": item},
    )


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(action_item_list(user=request.user), pk=pk)
    require(permissions.may_edit_plan(request.user, item.plan), _("You cannot add evidence to this plan."))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.evidence_add(
                by=request.user,
                item=item,
                data=upload.read(),
                filename=upload.name,
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Evidence uploaded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("plans:item", item.pk)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.filter(item__in=action_item_list(user=request.user)), pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return file_response(handle, content_type=evidence.content_type, filename=evidence.download_name)


# --- Readiness gaps --------------------------------------------------------------------------


@login_required
def gaps(request: HttpRequest) -> HttpResponse:
    """Pick a readiness report, see its weak answers, and turn them into suggested action items."""
    from kencana.readiness.models import ReportState
    from kencana.readiness.selectors import report_gaps, report_get, report_list

    if request.method == "POST":
        report = report_get(user=request.user, pk=id_or_404(request.POST.get("report")))
        try:
            created = services.gaps_to_items(by=request.user, report=report)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(f"{request.path}?report={report.pk}")
        messages.success(
            request,
            ngettext("%(count)s suggested item added.", "%(count)s suggested items added.", len(created))
            % {"count": len(created)},
        )
        return redirect("plans:kecamatan_plan", report.kecamatan.code)
    reports = (
        report_list(user=request.user).kecamatan_units().filter(state__in=[ReportState.SUBMITTED, ReportState.VERIFIED])
    )
    chosen, weak, existing = None, [], set()
    if request.GET.get("report"):
        chosen = report_get(user=request.user, pk=id_or_404(request.GET["report"]))
        weak = report_gaps(report=chosen)
        existing = set(ActionItem.objects.filter(source_report=chosen).values_list("indicator_id", flat=True))
    return render(
        request,
        "plans/gaps.html",
        {
            "reports": reports.order_by("-period_start", "kecamatan__code")[:100],
            "chosen": chosen,
            "gaps": [(answer, answer.indicator_id in existing) for answer in weak],
            "can_edit": chosen is not None and permissions.may_edit_kecamatan_plans(request.user, chosen.kecamatan),
        },
    )


# --- Agencies -------------------------------------------------------------------------------


@login_required
def agency_index(request: HttpRequest) -> HttpResponse:
    chosen = AgencyFilter(request.GET, queryset=agency_list(user=request.user).order_by("kind", "name"))
    agencies = chosen.qs
    return render(
        request,
        "plans/agency_list.html",
        {
            "agencies": agencies,
            "kinds": Agency.Kind.choices,
            "kind": chosen.form.cleaned_data.get("kind") or "",
            "q": chosen.form.cleaned_data.get("q") or "",
            "can_edit": permissions.may_edit_district_plans(request.user),
        },
    )


@login_required
def agency_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.may_edit_district_plans(request.user))
    district = _own_district(request)
    agency = get_object_or_404(agency_list(user=request.user), pk=pk) if pk else None
    form = AgencyForm(request.POST or None, instance=agency, district=agency.district if agency else district)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_save(
                by=request.user, district=agency.district if agency else district, agency=agency, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Agency saved."))
            return redirect("plans:agencies")
    history = history_for(agency, limit=30) if agency else []
    return render(request, "plans/agency_form.html", {"form": form, "agency": agency, "history": history})


# --- Quick-response cards ---------------------------------------------------------------------


@login_required
def card_index(request: HttpRequest) -> HttpResponse:
    cards = card_list(user=request.user).order_by("kecamatan__code", "hazard__sort_order")
    stale_ids = set(stale_cards(district_ids=cards.values("kecamatan__district_id")).values_list("pk", flat=True))
    return render(
        request,
        "plans/card_list.html",
        {"cards": cards, "stale_ids": stale_ids, "kecamatan_list": kecamatan_list(user=request.user)},
    )


@login_required
def card_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The card as printed: one A4 page, always in Indonesian, readable on a phone."""
    card = get_object_or_404(card_with_roster(card_list(user=request.user)), pk=pk)
    district = card.kecamatan.district
    days = card_review_days(district=district)
    today = local_today(district.timezone)
    stale = card.last_reviewed_on is None or card.last_reviewed_on < today - datetime.timedelta(days=days)
    context = {
        "card": card,
        "steps": list(card.steps.all()),
        "roster": card.roster,
        "stale": stale,
        "review_days": days,
        "can_edit": permissions.may_edit_kecamatan_plans(request.user, card.kecamatan),
        "assembly_points": [line for line in card.assembly_points.splitlines() if line.strip()],
        "evacuation_routes": [line for line in card.evacuation_routes.splitlines() if line.strip()],
        "printed_on": today,
        "history": history_for(card, limit=30),
    }
    with translation.override("id"):
        return render(request, "plans/card_detail.html", context)


def _card_form_and_steps(request, *, district, card=None, initial_steps=()):
    form = CardForm(
        request.POST or None,
        district=district,
        fixed_hazard=card.hazard if card else None,
        initial=(
            {
                "trigger": card.trigger,
                "assembly_points": card.assembly_points,
                "evacuation_routes": card.evacuation_routes,
                "extra_contacts": list(card.extra_contacts.all()),
                # Editing is not reviewing: the writer ticks the box when they have checked the card.
                "reviewed": False,
            }
            if card
            else None
        ),
    )
    steps = CardStepFormSet(
        request.POST or None, prefix="steps", initial=list(initial_steps), form_kwargs={"district": district}
    )
    return form, steps


@login_required
def card_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    kecamatan = kecamatan_get(user=request.user, code=code)
    if not permissions.may_edit_kecamatan_plans(request.user, kecamatan):
        raise PermissionDenied
    card = get_object_or_404(card_list(user=request.user), pk=pk, kecamatan=kecamatan) if pk else None
    initial_steps = (
        [
            {"action": s.action, "role": s.role, "agency": s.agency, "within_minutes": s.within_minutes}
            for s in card.steps.select_related("agency")
        ]
        if card
        else []
    )
    form, steps = _card_form_and_steps(request, district=kecamatan.district, card=card, initial_steps=initial_steps)
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        data = form.cleaned_data
        try:
            saved = services.card_save(
                by=request.user,
                kecamatan=kecamatan,
                hazard=card.hazard if card else data["hazard"],
                trigger=data["trigger"],
                assembly_points=data["assembly_points"],
                evacuation_routes=data["evacuation_routes"],
                extra_contacts=data["extra_contacts"],
                reviewed=data["reviewed"],
                steps=[s for s in steps.cleaned_data if s],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Card saved."))
            return redirect("plans:card", saved.pk)
    return render(request, "plans/card_form.html", {"form": form, "steps": steps, "kecamatan": kecamatan, "card": card})


@login_required
@require_POST
def card_review(request: HttpRequest, pk: int) -> HttpResponse:
    card = get_object_or_404(card_list(user=request.user), pk=pk)
    services.card_mark_reviewed(by=request.user, card=card)
    messages.success(request, _("Card marked as reviewed today."))
    return redirect("plans:card", card.pk)


# --- Settings -----------------------------------------------------------------


@login_required
def plan_settings(request: HttpRequest) -> HttpResponse:
    district = _own_district(request)
    require(permissions.may_change_plan_settings(request.user, district.pk))
    current = PlanSettings.objects.filter(district=district).first() or PlanSettings(district=district)
    form = PlanSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_settings_update(
                by=request.user, district=district, card_review_days=form.cleaned_data["card_review_days"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("plans:cards")
    return render(request, "plans/settings_form.html", {"form": form})
