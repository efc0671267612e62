from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.accounts.scope import districts_for
from kencana.core.clock import local_today
from kencana.core.exports import workbook_response
from kencana.core.forms import add_service_errors, error_messages
from kencana.core.history import history_for
from kencana.core.uploads import extension_of, file_response, safe_download_name

from . import services
from .exports import spm_filename, spm_sheets
from .filters import SpmIndexQuery
from .forms import IkdAssessmentForm, IkdOpenForm, SpmOpenForm, SpmReportForm, UpwardReviewForm
from .models import SpmEntry, UpwardState
from .selectors import (
    ikd_answers,
    ikd_assessment_get,
    ikd_assessment_list,
    ikd_indicators,
    spm_entries,
    spm_report_get,
    spm_report_list,
)

IKD_OPEN = "ikd"  # the IKD open form's prefix: the SPM open form on the same page also asks a year


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The SPM reports and IKD self-assessments of the user's districts, newest first; BPBD open the
    next quarter's report and a year's assessment here."""
    require(permissions.reads_like_bpbd(request.user), _("SPM reports are for BPBD."))
    reports = spm_report_list(user=request.user)
    asked = SpmIndexQuery(request.GET).chosen()
    district, state = asked["district"], asked["state"]
    if district:
        reports = reports.filter(district__code=district)
    if state:
        reports = reports.filter(state=state)
    assessments = ikd_assessment_list(user=request.user)
    if district:
        assessments = assessments.filter(district__code=district)
    if state:
        assessments = assessments.filter(state=state)
    open_form = ikd_open_form = None
    if permissions.may_file_upward_reports(request.user, request.user.district_id) and request.user.district:
        today = local_today(request.user.district.timezone)
        year, quarter = services.last_quarter(today)
        open_form = SpmOpenForm(initial={"year": year, "quarter": quarter})
        ikd_open_form = IkdOpenForm(initial={"year": today.year}, prefix=IKD_OPEN)
    context = {
        "reports": reports.order_by("-year", "-quarter", "district__code"),
        "assessments": assessments.order_by("-year", "district__code"),
        "open_form": open_form,
        "ikd_open_form": ikd_open_form,
        "districts": districts_for(request.user).order_by("code").only("code", "name"),
        "district": district,
        "state": state,
        "states": UpwardState.choices,
    }
    return render(request, "upward/index.html", context)


@login_required
@require_POST
def spm_open(request: HttpRequest) -> HttpResponse:
    require(
        permissions.may_file_upward_reports(request.user), _("Only BPBD staff of the district file its SPM report.")
    )
    form = SpmOpenForm(request.POST)
    if not form.is_valid():
        for message in error_messages(ValidationError(form.errors)):
            messages.error(request, message)
        return redirect("upward:index")
    try:
        report = services.spm_report_open(district=request.user.district, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect("upward:index")
    return redirect("upward:spm_detail", report.pk)


@login_required
def spm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report: its figures per service, the district's form while it is a draft or returned,
    the province's review while it is submitted, and its history."""
    report = spm_report_get(user=request.user, pk=pk)
    entries = spm_entries(report)
    files_it = permissions.may_file_upward_reports(request.user, report.district_id)
    may_file = files_it and report.editable
    form = SpmReportForm(request.POST or None, request.FILES or None, report=report, entries=entries)
    if request.method == "POST":
        require(files_it, _("Only BPBD staff of the district file its SPM report."))
        if not report.editable:
            messages.error(request, _("Only a draft or a returned report can be changed."))
            return redirect("upward:spm_detail", report.pk)
        if form.is_valid():
            try:
                services.spm_report_save(
                    report=report,
                    by=request.user,
                    entries=form.entry_inputs(),
                    problems=form.cleaned_data["problems"],
                    action_plan=form.cleaned_data["action_plan"],
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                submitted = "submit" in request.POST
                messages.success(request, _("Report submitted to the province.") if submitted else _("Report saved."))
                return redirect("upward:spm_detail", report.pk)
    may_review = permissions.may_verify_upward_reports(request.user, report.district_id)
    context = {
        "report": report,
        "entries": entries,
        "services": _by_service(entries),
        "form": form if may_file else None,
        "review_form": UpwardReviewForm() if may_review and report.state == UpwardState.SUBMITTED else None,
        "history": history_for(report, limit=30),
    }
    return render(request, "upward/spm_detail.html", context)


def _by_service(entries: list[SpmEntry]) -> list[tuple]:
    services_: dict[int, tuple] = {}
    for entry in entries:
        service = entry.sub_activity.service
        entry.components = list(entry.sub_activity.components.all())
        entry.quality = entry.quality_percent(entry.components)
        services_.setdefault(service.pk, (service, []))[1].append(entry)
    return list(services_.values())


@login_required
@require_POST
def spm_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = spm_report_get(user=request.user, pk=pk)
    return _review(
        request,
        report,
        refusal=services.SPM_REVIEWERS,
        give_back=lambda note: services.spm_report_return(report=report, by=request.user, note=note),
        accept=lambda note: services.spm_report_verify(report=report, by=request.user, note=note),
        said=(_("Report returned to the district."), _("Report verified.")),
        back="upward:spm_detail",
    )


def _review(request: HttpRequest, report, *, refusal: str, give_back, accept, said: tuple[str, str], back: str):
    """The province's decision on an upward report (SPM or IKD): return it with a note or verify it."""
    require(permissions.may_verify_upward_reports(request.user, report.district_id), _(refusal))
    form = UpwardReviewForm(request.POST)
    if not form.is_valid():
        for message in error_messages(ValidationError(form.errors)):
            messages.error(request, message)
        return redirect(back, report.pk)
    returned = form.cleaned_data["decision"] == "return"
    try:
        (give_back if returned else accept)(form.cleaned_data["note"])
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, said[0] if returned else said[1])
    return redirect(back, report.pk)


@login_required
def spm_export(request: HttpRequest, pk: int) -> HttpResponse:
    report = spm_report_get(user=request.user, pk=pk)
    return workbook_response(filename=spm_filename(report), sheets=spm_sheets(report))


@login_required
def spm_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(SpmEntry.objects.filter(report__in=spm_report_list(user=request.user)), pk=pk)
    if not entry.evidence:
        return redirect("upward:spm_detail", entry.report_id)
    name = safe_download_name(f"bukti-{entry.sub_activity.code}", extension_of(entry.evidence_type))
    return file_response(entry.evidence.open("rb"), content_type=entry.evidence_type, filename=name)


# --- IKD self-assessment --------------------------------------------------------------------------


@login_required
@require_POST
def ikd_open(request: HttpRequest) -> HttpResponse:
    require(permissions.may_file_upward_reports(request.user), _(services.IKD_FILERS))
    form = IkdOpenForm(request.POST, prefix=IKD_OPEN)
    if not form.is_valid():
        for message in error_messages(ValidationError(form.errors)):
            messages.error(request, message)
        return redirect("upward:index")
    try:
        assessment = services.ikd_assessment_open(
            district=request.user.district, year=form.cleaned_data["year"], by=request.user
        )
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect("upward:index")
    return redirect("upward:ikd_detail", assessment.pk)


@login_required
def ikd_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessment by priority: the district's form while it is a draft or returned, the
    province's review while it is submitted, read-only otherwise; its index, level and history."""
    assessment = ikd_assessment_get(user=request.user, pk=pk)
    indicators = ikd_indicators(assessment.version)
    answers = ikd_answers(assessment)
    files_it = permissions.may_file_upward_reports(request.user, assessment.district_id)
    form = IkdAssessmentForm(request.POST or None, indicators=indicators, answers=answers)
    if request.method == "POST":
        require(files_it, _(services.IKD_FILERS))
        if not assessment.editable:
            messages.error(request, _("Only a draft or a returned assessment can be changed."))
            return redirect("upward:ikd_detail", assessment.pk)
        if form.is_valid():
            submitted = "submit" in request.POST
            try:
                services.ikd_assessment_save(
                    assessment=assessment, by=request.user, answers=form.answer_inputs(), submit=submitted
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Assessment submitted to the province.") if submitted else _("Assessment saved.")
                )
                return redirect("upward:ikd_detail", assessment.pk)
    may_review = permissions.may_verify_upward_reports(request.user, assessment.district_id)
    context = {
        "assessment": assessment,
        "priorities": _by_section(indicators, answers),
        "form": form if files_it and assessment.editable else None,
        "review_form": UpwardReviewForm() if may_review and assessment.state == UpwardState.SUBMITTED else None,
        "history": history_for(assessment, limit=30),
    }
    return render(request, "upward/ikd_detail.html", context)


def _by_section(indicators: list, answers: dict) -> list[tuple]:
    """(section, [(indicator, answer or None)]) in the template's order."""
    sections: dict[int, tuple] = {}
    for indicator in indicators:
        sections.setdefault(indicator.section_id, (indicator.section, []))[1].append(
            (indicator, answers.get(indicator.pk))
        )
    return list(sections.values())


@login_required
@require_POST
def ikd_review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = ikd_assessment_get(user=request.user, pk=pk)
    return _review(
        request,
        assessment,
        refusal=services.IKD_REVIEWERS,
        give_back=lambda note: services.ikd_assessment_return(assessment=assessment, by=request.user, note=note),
        accept=lambda note: services.ikd_assessment_verify(assessment=assessment, by=request.user, note=note),
        said=(_("Assessment returned to the district."), _("Assessment verified.")),
        back="upward:ikd_detail",
    )
