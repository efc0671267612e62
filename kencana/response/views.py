"""Pages of the response phase: each parses its input, calls one service, and renders.

Objects come through the scoped selectors (outside the user's scope: 404); an action the user
may not take on an object they see is refused by the same predicate the service asks (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kecamatan.models import Desa, geometry_of
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.accounts.scope import districts_for
from kencana.alerts.models import DistrictChannel
from kencana.alerts.selectors import alert_get
from kencana.core import generations, idempotency
from kencana.core.exports import FORMATS, export_response
from kencana.core.forms import add_service_errors, error_messages
from kencana.core.history import history_for
from kencana.core.query import id_or_404

from . import reporting, selectors, services
from .api import impact_save_once, task_act_once
from .cap import event_to_cap
from .filters import AsOfQuery, EventFilter, EventTasksQuery, ImpactFormQuery
from .forms import (
    CasualtyForm,
    ChronologyForm,
    CloseForm,
    DecreeForm,
    EventForm,
    ImpactForm,
    PullForm,
    ReviewForm,
    SettingsForm,
    SitrepForm,
    TaskActForm,
)
from .models import FIGURE_FIELDS, Event, EventStatus, ImpactReport, ResponseSettings, TaskState

NOW_FORMAT = "%Y-%m-%dT%H:%M"


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


def _areas(request: HttpRequest):
    """The kecamatan and desa the user may put in an event: their district's."""
    kecamatan = selectors.kecamatan_for_events(user=request.user)
    desa = (
        Desa.objects.filter(kecamatan__in=kecamatan)
        .select_related("kecamatan")
        .only("pk", "code", "name", "kecamatan__name", "kecamatan__code")
        .order_by("kecamatan__code", "name")
    )
    return kecamatan, desa


def _as_of(request: HttpRequest):
    """``?as_of=`` (ISO, the district's local time), or now when left out or unreadable."""
    return AsOfQuery(request.GET).chosen()["as_of"]


# --- Events ---------------------------------------------------------------------------------


@login_required
def event_index(request: HttpRequest) -> HttpResponse:
    chosen = EventFilter(request.GET, queryset=selectors.event_list(user=request.user).order_by("-started_at"))
    events = chosen.qs
    asked = chosen.form.cleaned_data if chosen.is_valid() else {}
    district_code = asked.get("district") or ""
    context = {
        "events": events[:200],
        "status": asked.get("status") or "",
        "statuses": EventStatus.choices,
        "active": asked.get("active"),
        "narrowed_to": {True: _("under way"), False: _("closed")}.get(asked.get("active"), ""),
        "district": districts_for(request.user).filter(code=district_code).first() if district_code else None,
    }
    return render(request, "response/event_list.html", context)


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    require(permissions.may_record_events(request.user), _("Only BPBD staff record disaster events."))
    district = request.user.district
    if district is None:
        raise Http404
    kecamatan, desa = _areas(request)
    alert = None
    initial = {"started_at": _now_local()}
    if request.GET.get("alert"):
        alert = alert_get(user=request.user, pk=id_or_404(request.GET["alert"]))
        initial = services.alert_event_defaults(alert=alert, kecamatan_scope=kecamatan)
    elif request.POST.get("source_alert"):
        alert = alert_get(user=request.user, pk=id_or_404(request.POST["source_alert"]))
    form = EventForm(request.POST or None, initial=initial, kecamatan=kecamatan, desa=desa)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_open(
                by=request.user,
                district=district,
                hazard=data["hazard"],
                started_at=data["started_at"],
                kecamatan=list(data["kecamatan"]),
                desa=list(data["desa"]),
                title=data["title"],
                description=data["description"],
                source_alert=alert,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Event %(number)s recorded.") % {"number": event.number})
            return redirect("response:event_detail", event.pk)
    return render(request, "response/event_form.html", {"form": form, "alert": alert, "event": None})


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    require(permissions.may_record_events(request.user, event.district_id), _("Only BPBD staff change events."))
    kecamatan, desa = _areas(request)
    initial = {
        "hazard": event.hazard,
        "title": event.title,
        "started_at": timezone.localtime(event.started_at),
        "kecamatan": list(event.kecamatan.all()),
        "desa": list(event.desa.all()),
        "description": event.description,
    }
    form = EventForm(request.POST or None, initial=initial, kecamatan=kecamatan, desa=desa)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.event_update(
                event=event,
                by=request.user,
                hazard=data["hazard"],
                started_at=data["started_at"],
                kecamatan=list(data["kecamatan"]),
                desa=list(data["desa"]),
                title=data["title"],
                description=data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Event saved."))
            return redirect("response:event_detail", event.pk)
    return render(request, "response/event_form.html", {"form": form, "alert": None, "event": event})


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The event: its facts and decree, tasks, impact figures, chronology and sitreps. The read-only
    blocks are rendered once and kept under the district's generation (every change to them is
    announced); the tasks also under the minute, since tasks turn late with the clock."""
    user = request.user
    event = selectors.event_get(user=user, pk=pk)
    decrees = list(event.decrees.select_related("follows").order_by("pk"))
    current = decrees[-1] if decrees else None
    only_late = EventTasksQuery(request.GET).chosen()["tasks"] == "late"
    may_record = permissions.may_record_events(user, event.district_id)
    may_read_sitreps = permissions.may_read_sitreps(user, event.district_id)
    minute = timezone.now().replace(second=0, microsecond=0)

    def kept(name: str, build, *parts) -> SafeString:
        # Rendered by our own templates with autoescaping; the cache only kept it.
        return SafeString(
            generations.kept(user=user, district_ids=[event.district_id], parts=[name, event.pk, *parts], build=build)
        )

    def head() -> str:
        today = selectors.local_today(event.district.timezone)
        context = {
            "event": event,
            "kecamatan": list(selectors.event_kecamatan(user=user, event=event)),
            "decrees": decrees,
            "decree": current,
            "days_left": (current.period_end - today).days if current else None,
        }
        return render_to_string("response/_event_head.html", context)

    def tasks() -> str:
        found = list(selectors.event_tasks(user=user, event=event).order_by("kecamatan__code", "due_at", "number"))
        for task in found:
            task.late = task.is_late(minute)
        context = {
            "event": event,
            "tasks": [t for t in found if t.late] if only_late else found,
            "only_late": only_late,
            "task_total": len(found),
            "late_count": sum(1 for t in found if t.late),
            "done_count": sum(1 for t in found if t.state == TaskState.DONE),
            "activations": list(
                event.activations.select_related("card__hazard", "kecamatan", "activated_by").defer(
                    *geometry_of("kecamatan")
                )
            ),
        }
        return render_to_string("response/_event_tasks.html", context)

    def chronology() -> str:
        entries = list(event.chronology.select_related("recorded_by"))
        return render_to_string("response/_event_chronology.html", {"chronology": entries})

    context = {
        "event": event,
        "decree": current,
        "head": kept("event-head", head),
        "tasks": kept("event-tasks", tasks, only_late, minute.isoformat()),
        "chronology": kept("event-chronology", chronology),
        # Verified and submitted figures change only with impact reports, which announce themselves.
        "figures": generations.kept(
            user=user,
            district_ids=[event.district_id],
            parts=["event-figures", event.pk],
            build=lambda: selectors.figures_for(user=user, event=event),
        ),
        "sitreps": list(event.sitreps.select_related("issued_by").defer("data")) if may_read_sitreps else [],
        "may_record": may_record and not event.is_closed,
        "may_read_sitreps": may_read_sitreps,
        "may_issue_sitreps": permissions.may_issue_sitreps(user, event.district_id),
        "may_see_names": permissions.may_see_casualty_names(user, event.district_id),
        "chronology_form": ChronologyForm(initial={"at": _now_local()}),
        "close_form": CloseForm(initial={"ended_at": _now_local()}),
    }
    return render(request, "response/event_detail.html", context)


@login_required
@require_POST
def event_close(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    require(permissions.may_record_events(request.user, event.district_id), _("Only BPBD staff close events."))
    form = CloseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("ended_at") or _("Give the date and time."))
        services.event_close(event=event, by=request.user, ended_at=form.cleaned_data["ended_at"])
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Event %(number)s is closed.") % {"number": event.number})
    return redirect("response:event_detail", event.pk)


@login_required
@require_POST
def chronology_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    require(permissions.may_record_events(request.user, event.district_id), _("Only BPBD staff keep the chronology."))
    form = ChronologyForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        services.chronology_add(
            event=event, by=request.user, at=form.cleaned_data["at"], text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Chronology entry added."))
    return redirect(reverse("response:event_detail", args=[event.pk]) + "#chronology")


# --- Decrees --------------------------------------------------------------------------------


@login_required
def decree_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    require(permissions.may_record_events(request.user, event.district_id), _("Only BPBD staff record decrees."))
    current = selectors.current_decree(event)
    form = DecreeForm(
        request.POST or None, request.FILES or None, initial={"level": current.level if current else "tanggap"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decree_record(
                event=event,
                by=request.user,
                number=data["number"],
                signed_on=data["signed_on"],
                level=data["level"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                upload=data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decree recorded."))
            return redirect("response:event_detail", event.pk)
    return render(request, "response/decree_form.html", {"form": form, "event": event, "current": current})


@login_required
def decree_file(request: HttpRequest, pk: int) -> FileResponse:
    decree = get_object_or_404(selectors.decree_list(user=request.user), pk=pk)
    if not decree.file:
        raise Http404
    try:
        handle = decree.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=decree.content_type, filename=decree.original_name or "sk")
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Activation and tasks -----------------------------------------------------------------------


@login_required
def card_activate(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    require(permissions.may_record_events(request.user, event.district_id), _("Only BPBD staff activate cards."))
    cards = selectors.cards_to_activate(event=event, user=request.user)
    active = set(event.activations.values_list("card_id", flat=True))
    if request.method == "POST":
        card = next((c for c in cards if str(c.pk) == request.POST.get("card", "")), None)
        if card is None:
            messages.error(request, _("Choose one of the cards listed."))
        else:
            try:
                activation = services.card_activate(event=event, card=card, by=request.user)
            except ValidationError as error:
                for message in error_messages(error):
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("%(count)s tasks created from the card of %(name)s; the people named are told.")
                    % {"count": activation.tasks.count(), "name": card.kecamatan.name},
                )
                return redirect("response:event_detail", event.pk)
    return render(request, "response/activate.html", {"event": event, "cards": cards, "active": active})


@login_required
def items_pull(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    require(permissions.may_record_events(request.user, event.district_id), _("Only BPBD staff pull action items."))
    items = selectors.pullable_items(event=event, user=request.user)
    form = PullForm(request.POST or None, items=items, initial={"due_at": _now_local() + timezone.timedelta(hours=24)})
    if request.method == "POST" and form.is_valid():
        try:
            tasks = services.items_pull(
                event=event, by=request.user, items=list(form.cleaned_data["items"]), due_at=form.cleaned_data["due_at"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)s action items added to the tasks.") % {"count": len(tasks)})
            return redirect("response:event_detail", event.pk)
    return render(request, "response/pull.html", {"event": event, "form": form})


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    tasks = list(selectors.my_open_tasks(user=request.user)[:200])
    now = timezone.now()
    for task in tasks:
        task.late = task.is_late(now)
    return render(request, "response/my_tasks.html", {"tasks": tasks})


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(user=request.user, pk=pk)
    context = {
        "task": task,
        "late": task.is_late(),
        "assignees": list(task.assignees.all()),
        "may_work": permissions.may_work_on_task(request.user, task) and not task.event.is_closed,
        "form": TaskActForm(),
        "history": history_for(task, limit=20),
    }
    return render(request, "response/task_detail.html", context)


@login_required
@require_POST
@idempotency.sent_by_the_page
def task_act(request: HttpRequest, pk: int) -> HttpResponse:
    """A task acknowledged, started, finished or given up; sent by the officer's page with a key,
    once per key, recording the API's answer (an outbox retry of the same press changes nothing)."""
    task = selectors.task_get(user=request.user, pk=pk)
    require(
        permissions.may_work_on_task(request.user, task), _("Only BPBD or the kecamatan's officers work on this task.")
    )
    form = TaskActForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        data = form.cleaned_data
        task_act_once(
            user=request.user,
            key=idempotency.key_from(request),
            task=task,
            action=data["action"],
            reason=data["reason"],
            at=data["at"],
        )
        task.refresh_from_db()
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request, _("Task #%(number)s: %(state)s.") % {"number": task.number, "state": task.get_state_display()}
        )
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if back and safe else "response:my_tasks")


# --- Impact reports -----------------------------------------------------------------------------


@login_required
def impact_index(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    as_of = _as_of(request)
    figures = selectors.figures_for(user=request.user, event=event, as_of=as_of)
    open_reports = {
        r.desa_id: r
        for r in selectors.impact_list(user=request.user).filter(
            event=event, state__in=["draft", "submitted", "returned"]
        )
    }
    context = {
        "event": event,
        "figures": figures,
        "open_reports": open_reports,
        "as_of": as_of,
        "may_file": permissions.is_officer(request.user) and not event.is_closed,
        "may_review": permissions.may_review_impact(request.user, event.district_id),
        "formats": FORMATS,
    }
    return render(request, "response/impact_index.html", context)


@login_required
@idempotency.sent_by_the_page
def impact_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    require(
        permissions.is_officer(request.user), _("Only an officer of the kecamatan files its desa's impact reports.")
    )
    desa = selectors.event_desa(user=request.user, event=event)
    initial = {"as_of": _now_local()}
    if code := ImpactFormQuery(request.GET).chosen()["desa"]:
        initial["desa"] = desa.filter(code=code).first()
    form = ImpactForm(request.POST or None, desa=desa, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            answer = impact_save_once(
                user=request.user,
                key=idempotency.key_from(request),
                event=event,
                desa=form.cleaned_data["desa"],
                as_of=form.cleaned_data["as_of"],
                values=form.figures(),
                submit=bool(request.POST.get("submit")),
            )
            report = selectors.impact_get(user=request.user, pk=answer["id"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _impact_saved(report))
            return redirect("response:impact_detail", report.pk)
    return render(request, "response/impact_form.html", {"event": event, "form": form, "report": None})


def _impact_saved(report: ImpactReport) -> str:
    if report.state == "submitted":
        return _("Impact report for %(desa)s submitted to BPBD.") % {"desa": report.desa.name}
    return _("Draft saved for %(desa)s.") % {"desa": report.desa.name}


@login_required
@idempotency.sent_by_the_page
def impact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.impact_get(user=request.user, pk=pk)
    require(
        permissions.may_file_impact(request.user, report.kecamatan_id),
        _("Only an officer of the kecamatan files its desa's impact reports."),
    )
    initial = {
        name: getattr(report, name)
        for name in (*FIGURE_FIELDS, "access", "power", "water", "communication", "urgent_needs")
    }
    initial["as_of"] = timezone.localtime(report.as_of)
    form = ImpactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            answer = impact_save_once(
                user=request.user,
                key=idempotency.key_from(request),
                report=report,
                as_of=form.cleaned_data["as_of"],
                values=form.figures(),
                submit=bool(request.POST.get("submit")),
            )
            report = selectors.impact_get(user=request.user, pk=answer["id"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _impact_saved(report))
            return redirect("response:impact_detail", report.pk)
    return render(request, "response/impact_form.html", {"event": report.event, "form": form, "report": report})


@login_required
def impact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.impact_get(user=request.user, pk=pk)
    context = {
        "report": report,
        "event": report.event,
        "versions": list(selectors.impact_versions(report)),
        "may_edit": permissions.may_file_impact(request.user, report.kecamatan_id) and report.is_open,
        "may_review": permissions.may_review_impact(request.user, report.event.district_id)
        and report.state == "submitted",
        "review_form": ReviewForm(),
        "history": history_for(report, limit=30),
    }
    return render(request, "response/impact_detail.html", context)


@login_required
@require_POST
def impact_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.impact_get(user=request.user, pk=pk)
    require(
        permissions.may_review_impact(request.user, report.event.district_id),
        _("Only BPBD staff of the district review reports."),
    )
    form = ReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose verify or return."))
        if form.cleaned_data["decision"] == "verify":
            services.impact_report_verify(report=report, by=request.user)
            messages.success(request, _("Report verified: its figures now count."))
        else:
            services.impact_report_return(report=report, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("Report returned to the officer."))
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    return redirect("response:impact_detail", report.pk)


@login_required
@require_GET
def impact_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    if fmt not in FORMATS:
        raise Http404
    figures = selectors.figures_for(user=request.user, event=event, as_of=_as_of(request))
    headers, rows = reporting.hxl_rows(event=event, figures=figures)
    return export_response(filename=f"dampak-{event.number.replace('/', '-')}", headers=headers, rows=rows, fmt=fmt)


@login_required
@require_GET
def impact_dibi(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    figures = selectors.figures_for(user=request.user, event=event, as_of=_as_of(request))
    return export_response(
        filename=f"dibi-{event.number.replace('/', '-')}",
        headers=reporting.DIBI_COLUMNS,
        rows=reporting.dibi_rows(event=event, figures=figures),
        fmt="csv",
    )


# --- Casualties by name -------------------------------------------------------------------------


@login_required
def casualty_index(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    require(
        permissions.may_see_casualty_names(request.user, event.district_id),
        _("The list of casualties by name is for BPBD only."),
    )
    desa = selectors.event_desa(user=request.user, event=event)
    form = CasualtyForm(request.POST or None, desa=desa)
    if request.method == "POST" and form.is_valid():
        try:
            services.casualty_save(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Added to the list."))
            return redirect("response:casualties", event.pk)
    casualties = selectors.casualty_list(user=request.user).filter(event=event)
    return render(request, "response/casualties.html", {"event": event, "form": form, "casualties": casualties})


@login_required
def casualty_edit(request: HttpRequest, pk: int) -> HttpResponse:
    casualty = get_object_or_404(selectors.casualty_list(user=request.user), pk=pk)
    event = casualty.event
    desa = selectors.event_desa(user=request.user, event=event)
    initial = {
        "desa": casualty.desa,
        "name": casualty.name,
        "sex": casualty.sex,
        "age": casualty.age,
        "status": casualty.status,
        "where_found": casualty.where_found,
        "note": casualty.note,
    }
    form = CasualtyForm(request.POST or None, desa=desa, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.casualty_save(event=event, by=request.user, casualty=casualty, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("response:casualties", event.pk)
    return render(
        request,
        "response/casualty_form.html",
        {"event": event, "form": form, "casualty": casualty, "history": history_for(casualty, limit=20)},
    )


# --- Situation reports ----------------------------------------------------------------------------


@login_required
def sitrep_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_get(user=request.user, pk=pk)
    require(
        permissions.may_issue_sitreps(request.user, event.district_id), _("Only BPBD staff issue situation reports.")
    )
    previous = event.sitreps.order_by("-number").first()
    kind = "awal" if previous is None else ("akhir" if event.is_closed else "berkala")
    form = SitrepForm(request.POST or None, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sitrep = services.sitrep_issue(
                event=event,
                by=request.user,
                kind=data["kind"],
                as_of=data["as_of"],
                assessment=data["assessment"],
                needs_gaps=data["needs_gaps"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Situation report no. %(number)s issued.") % {"number": sitrep.number})
            return redirect("response:sitrep_detail", sitrep.pk)
    figures = selectors.figures_for(user=request.user, event=event)
    return render(
        request,
        "response/sitrep_form.html",
        {"event": event, "form": form, "previous": previous, "figures": figures},
    )


@login_required
def sitrep_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued report as printed (one A4 page where it fits), always in Indonesian, with the
    WhatsApp text made from the same frozen data."""
    sitrep = selectors.sitrep_get(user=request.user, pk=pk)
    with translation.override("id"):
        # The report is frozen: its rendered body is kept (our own template, autoescaped).
        article = SafeString(
            generations.kept(
                user=request.user,
                district_ids=[sitrep.event.district_id],
                parts=["sitrep", sitrep.pk],
                build=lambda: render_to_string("response/_sitrep_article.html", {"data": sitrep.data}),
            )
        )
    context = {
        "sitrep": sitrep,
        "data": sitrep.data,
        "article": article,
        "whatsapp": reporting.whatsapp_text(sitrep.data),
        # The district's WhatsApp/Telegram groups the text can be sent to (messaging app).
        "groups": DistrictChannel.objects.filter(district_id=sitrep.event.district_id, active=True).exclude(
            group_address=""
        )
        if permissions.may_send_sitreps(request.user, sitrep.event.district_id)
        else [],
    }
    with translation.override("id"):
        return render(request, "response/sitrep_detail.html", context)


@login_required
def sitrep_text(request: HttpRequest, pk: int) -> HttpResponse:
    sitrep = selectors.sitrep_get(user=request.user, pk=pk)
    response = HttpResponse(reporting.whatsapp_text(sitrep.data), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="sitrep-{sitrep.number}.txt"'
    return response


# --- Settings -----------------------------------------------------------------------------------


@login_required
def response_settings(request: HttpRequest) -> HttpResponse:
    district = request.user.district
    require(
        permissions.may_change_response_settings(request.user, getattr(district, "pk", None)),
        _("Only a BPBD admin of the district changes the response settings."),
    )
    current = ResponseSettings.objects.filter(district=district).first() or ResponseSettings(district=district)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_settings_update(
                by=request.user, district=district, decree_warning_days=form.cleaned_data["decree_warning_days"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("response:index")
    return render(request, "response/settings_form.html", {"form": form})


# --- CAP (public) ---------------------------------------------------------------------------------


@require_GET
def event_cap_xml(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's latest CAP message: public facts only, for anyone, like the district's feed."""
    event = get_object_or_404(Event.objects.select_related("district", "hazard"), pk=pk)
    return HttpResponse(event_to_cap(event), content_type="application/cap+xml; charset=utf-8")
