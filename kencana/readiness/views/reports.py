"""Reports: the officer's form, evidence, BPBD review, printable page, results, completeness, trend."""

import datetime
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kecamatan.selectors import kecamatan_get
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.accounts.scope import districts_for
from kencana.core import idempotency
from kencana.core.exports import export_response
from kencana.core.forms import error_messages
from kencana.core.history import history_for
from kencana.core.uploads import file_response

from .. import selectors, services
from ..charts import trend_chart
from ..filters import COMPLETENESS_SHOWS, CompletenessPageQuery, ReportPageQuery
from ..forms import NoteForm, ReasonForm, ResultsFilterForm
from ..models import ReportState, UnitKind, Verdict
from ..periods import period_label
from ..selectors import (
    applicable_indicators,
    assignment_list,
    assignment_periods,
    completeness,
    evidence_get,
    open_periods,
    report_answers,
    report_get,
    report_list,
    results_filtered,
    unit_to_open,
)

# An anchor on the report page: a question (ind-KL-01) or the list of what is missing.
ANCHOR = re.compile(r"ind-[\w.-]{1,40}|missing")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Officers: the periods open for their kecamatan. BPBD (and overseers): the districts at a glance."""
    user = request.user
    context = {}
    if permissions.may_see_report_progress(user):
        latest = selectors.latest_scores(user=user)
        context["kecamatan_rows"] = [(k, latest.get(k.pk)) for k in selectors.kecamatan_in_scope(user=user)]
        context["waiting"] = report_list(user=user).filter(state=ReportState.SUBMITTED).order_by("first_submitted_at")
        context["assignments"] = assignment_list(user=user).filter(active=True)
    else:
        context["open_periods"] = open_periods(user=user)
        context["recent"] = report_list(user=user).exclude(state=ReportState.DRAFT)[:12]
    return render(request, "readiness/index.html", context)


@login_required
@require_POST
def report_open(request: HttpRequest) -> HttpResponse:
    assignment = get_object_or_404(assignment_list(user=request.user), pk=request.POST.get("assignment"))
    kecamatan, desa, school = unit_to_open(
        user=request.user,
        kecamatan_code=request.POST.get("kecamatan", ""),
        desa_code=request.POST.get("desa", ""),
        npsn=request.POST.get("school", ""),
    )
    try:
        start = datetime.date.fromisoformat(request.POST.get("period", ""))
        report = services.report_open(
            assignment=assignment, kecamatan=kecamatan, period_start=start, by=request.user, desa=desa, school=school
        )
    except ValueError:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
        return redirect("readiness:index")
    return redirect("readiness:report_detail", pk=report.pk)


def _value_text(answer) -> str:
    if answer is None:
        return ""
    if answer.yes is not None:
        return "yes" if answer.yes else "no"
    if answer.number is not None:
        return f"{answer.number.normalize():f}"
    return answer.choice


def _rows(report, answers, hazard_filtered, posted: dict | None = None, missing=()):
    """Sections with their applicable indicators and answers, in order, for the templates.

    ``posted`` holds what the officer typed when a save failed, so the form shows it again;
    ``missing`` what still stops submission, marked on its question.
    """
    posted = posted or {}
    needs = {item.indicator.pk: item.need for item in missing}
    sections, by_section = [], {}
    scores = {s["section_id"]: s for s in report.section_scores}
    for indicator in hazard_filtered:
        section = by_section.get(indicator.section_id)
        if section is None:
            section = {"section": indicator.section, "rows": [], "score": scores.get(indicator.section_id)}
            by_section[indicator.section_id] = section
            sections.append(section)
        answer = answers.get(indicator.pk)
        if answer is not None:
            answer.indicator = indicator  # already read: the answer's display needs no query of its own
        section["rows"].append(
            {
                "indicator": indicator,
                "answer": answer,
                "value": posted.get(f"value_{indicator.pk}", _value_text(answer)),
                "comment": posted.get(f"comment_{indicator.pk}", answer.comment if answer else ""),
                "missing": needs.get(indicator.pk, ""),
            }
        )
    return sections


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk)
    indicators = applicable_indicators(version=report.version, kecamatan=report.kecamatan)
    answers = report_answers(report)
    reviews = permissions.may_review_reports(request.user, report.kecamatan.district_id)
    can_edit = permissions.may_edit_report(request.user, report)
    missing = services.missing_items(report, indicators=indicators, answers=answers) if can_edit else []
    # After a refused submission (?missing=1) each missing question is marked where it stands.
    marked = missing if ReportPageQuery(request.GET).chosen()["missing"] else ()
    context = {
        "report": report,
        "sections": _rows(report, answers, indicators, missing=marked),
        "thresholds": report.version.thresholds_desc(),
        "can_edit": can_edit,
        "photo_max_side": settings.EVIDENCE_PHOTO_MAX_SIDE,
        "missing": missing,
        "missing_marked": bool(marked),
        "can_review": report.state == ReportState.SUBMITTED and reviews,
        "can_reopen": report.state == ReportState.VERIFIED and reviews,
        "history": history_for(report, limit=30),
        "answer_changes": selectors.answer_changes(report) if report.reopened_at else [],
        "note_form": NoteForm(),
        "reason_form": ReasonForm(),
        "verdicts": Verdict.choices,
        "gaps": selectors.report_gaps(report=report) if report.state != ReportState.DRAFT else [],
    }
    return render(request, "readiness/report_detail.html", context)


@login_required
@require_POST
@idempotency.sent_by_the_page
def report_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the officer's answers, attach new evidence, remove ticked evidence (one service call,
    all or nothing); submit if asked. The save comes before submission is tried, so a refused
    submission loses nothing. Sent by the officer's page with an Idempotency-Key, the same is
    done once per key (``_file_once``)."""
    report = report_get(user=request.user, pk=pk)
    indicators = applicable_indicators(version=report.version, kecamatan=report.kecamatan)
    entries = [
        services.AnswerInput(
            indicator=indicator,
            value=request.POST.get(f"value_{indicator.pk}", ""),
            comment=request.POST.get(f"comment_{indicator.pk}", ""),
        )
        for indicator in indicators
        if f"value_{indicator.pk}" in request.POST or f"comment_{indicator.pk}" in request.POST
    ]
    by_pk = {indicator.pk: indicator for indicator in indicators}
    uploads = [
        services.EvidenceUpload(indicator=by_pk[int(key.removeprefix("evidence_"))], upload=upload)
        for key, files in request.FILES.lists()
        if key.removeprefix("evidence_").isdigit() and int(key.removeprefix("evidence_")) in by_pk
        for upload in files
    ]
    remove = [int(pk) for pk in request.POST.getlist("remove_evidence") if pk.isdigit()]
    if key := idempotency.key_from(request):
        return _file_once(request, report, key, entries, uploads, remove, indicators)
    problems: list[str] = []
    try:
        services.report_save(report=report, by=request.user, entries=entries, remove=remove, uploads=uploads)
    except ValidationError as error:
        problems = error_messages(error)
    if problems:
        return _refused(request, report, indicators, problems)
    if "submit" in request.POST:
        try:
            services.report_submit(report=report, by=request.user)
        except ValidationError:
            # One message; the list of what is missing, each linked to its question, heads the form.
            messages.warning(
                request, _("Draft saved, but the report cannot be submitted yet: see what is missing below.")
            )
            return _back_to(report, "missing", refused=True)
        messages.success(request, _("Report submitted. BPBD will review it."))
        return redirect("readiness:report_detail", pk=report.pk)
    messages.success(request, _("Draft saved."))
    return _back_to(report, request.POST.get("anchor", ""))


def _file_once(request, report, key: str, entries, uploads, remove, indicators) -> HttpResponse:
    """The form sent by the officer's page with the key the outbox would use had the connection
    dropped (docs/offline.md): saved and, if asked, submitted in one transaction, once per key, the
    outcome recorded as the API's ``file`` action answers it; then the same pages as the plain form."""
    try:
        outcome = services.report_file(
            report=report,
            by=request.user,
            key=key,
            entries=entries,
            uploads=uploads,
            remove=remove,
            submit="submit" in request.POST,
        )
    except ValidationError as error:
        return _refused(request, report, indicators, error_messages(error))
    if "submit" not in request.POST:
        messages.success(request, _("Draft saved."))
        return _back_to(report, request.POST.get("anchor", ""))
    if not outcome["submitted"]:
        messages.warning(request, _("Draft saved, but the report cannot be submitted yet: see what is missing below."))
        return _back_to(report, "missing", refused=True)
    messages.success(request, _("Report submitted. BPBD will review it."))
    return redirect("readiness:report_detail", pk=report.pk)


def _refused(request, report, indicators, problems: list[str]) -> HttpResponse:
    """Re-show the form with what was typed and why it was refused: nothing is lost."""
    answers = report_answers(report)
    report.refresh_from_db()
    posted = {key: value for key, value in request.POST.items() if key.startswith(("value_", "comment_"))}
    return render(
        request,
        "readiness/report_detail.html",
        {
            "report": report,
            "sections": _rows(report, answers, indicators, posted),
            "thresholds": report.version.thresholds_desc(),
            "can_edit": True,
            "photo_max_side": settings.EVIDENCE_PHOTO_MAX_SIDE,
            "problems": problems,
            "posted": posted,
            "missing": services.missing_items(report),
            "history": history_for(report, limit=30),
        },
        status=400,
    )


def _back_to(report, anchor: str, *, refused: bool = False) -> HttpResponse:
    """The report's page at the place the officer was (a question's anchor), not at its top;
    after a refused submission, with what is missing marked."""
    url = reverse("readiness:report_detail", kwargs={"pk": report.pk}) + ("?missing=1" if refused else "")
    return redirect(f"{url}#{anchor}" if ANCHOR.fullmatch(anchor) else url)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = evidence_get(user=request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return file_response(handle, content_type=evidence.content_type, filename=evidence.download_name)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: save per-indicator verdicts, then verify or return if asked; all of it, or nothing."""
    report = report_get(user=request.user, pk=pk)
    require(permissions.may_review_reports(request.user, report.kecamatan.district_id))
    verdicts = []
    for answer in report.answers.select_related("indicator"):
        verdict = request.POST.get(f"verdict_{answer.pk}", "")
        note = request.POST.get(f"note_{answer.pk}", "")
        if verdict and (verdict != answer.verdict or note.strip() != answer.review_note):
            verdicts.append(services.ReviewInput(answer.indicator.code, verdict, note))
    decision = request.POST.get("decision", "")
    try:
        services.report_review(
            report=report, by=request.user, verdicts=verdicts, decision=decision, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        for problem in error_messages(error):
            messages.error(request, problem)
    else:
        done = {
            services.Decision.VERIFY: _("Report verified and locked."),
            services.Decision.RETURN: _("Report returned to the officer."),
        }
        messages.success(request, done.get(decision, _("Review saved.")))
    return redirect("readiness:report_detail", pk=report.pk)


@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk)
    try:
        services.report_reopen(report=report, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Report reopened; the officer can correct it."))
    return redirect("readiness:report_detail", pk=report.pk)


@login_required
def report_print(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk)
    indicators = applicable_indicators(version=report.version, kecamatan=report.kecamatan)
    return render(
        request,
        "readiness/report_print.html",
        {
            "report": report,
            "sections": _rows(report, report_answers(report), indicators),
            "thresholds": report.version.thresholds_desc(),
        },
    )


# --- Results, completeness, trend -------------------------------------------------


def _results_form(request):
    reports = report_list(user=request.user)
    periods = sorted(
        set(reports.values_list("period_type", "period_start").distinct()), key=lambda p: p[1], reverse=True
    )
    return ResultsFilterForm(
        request.GET or None,
        periods=[(start.isoformat(), period_label(kind, start)) for kind, start in periods],
        kecamatan=list(selectors.kecamatan_in_scope(user=request.user)),
    )


RESULT_COLUMNS = [
    "kecamatan_code",
    "kecamatan",
    "period",
    "period_start",
    "template",
    "version",
    "state",
    "submitted_at",
    "on_time",
    "verified_at",
    "score",
    "tier",
]


def _result_rows(reports) -> tuple[list[str], list[list]]:
    reports = list(reports)
    sections = []
    for report in reports:
        for section in report.section_scores:
            if section["title"] not in sections:
                sections.append(section["title"])
    rows = []
    for r in reports:
        scores = {s["title"]: s["score"] for s in r.section_scores}
        rows.append(
            [
                r.kecamatan.code,
                r.kecamatan.name,
                r.period_label,
                r.period_start.isoformat(),
                r.version.template.name,
                r.version.number,
                r.get_state_display(),
                r.submitted_at.isoformat(timespec="minutes") if r.submitted_at else "",
                {True: _("yes"), False: _("no"), None: ""}[r.submitted_on_time],
                r.verified_at.isoformat(timespec="minutes") if r.verified_at else "",
                float(r.score) if r.score is not None else "",
                r.tier,
                *[float(scores[title]) if title in scores else "" for title in sections],
            ]
        )
    return RESULT_COLUMNS + sections, rows


def _district_in_scope(user, code: str):
    """The district a list is narrowed to (``?district=``), or a 404 when the user does not see it."""
    return get_object_or_404(districts_for(user).only("pk", "code", "name", "kind"), code=code) if code else None


@login_required
def results(request: HttpRequest) -> HttpResponse:
    form = _results_form(request)
    params = form.params()
    district = _district_in_scope(request.user, params.get("district", ""))
    reports = results_filtered(user=request.user, params=params)
    context = {
        "form": form,
        "reports": reports[:500],
        "count": reports.count(),
        "query": request.GET.urlencode(),
        "district": district,
    }
    return render(request, "readiness/results.html", context)


@login_required
def results_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = _results_form(request)
    header, rows = _result_rows(results_filtered(user=request.user, params=form.params()))
    return export_response(
        filename="kencana-readiness-results", headers=header, rows=rows, fmt=fmt, title=_("Readiness results")
    )


@login_required
def completeness_view(request: HttpRequest) -> HttpResponse:
    """Who filed and who did not, for one assignment and period: kecamatan reports, or (a desa or
    school template) the assessments of every desa or open school, of one kecamatan with ``?kecamatan=``."""
    # Kecamatan assignments first: a link without ``?assignment=`` (the home page's figures) means theirs.
    asked = CompletenessPageQuery(request.GET).chosen()
    district = _district_in_scope(request.user, asked["district"])
    assignments = assignment_list(user=request.user)
    if district is not None:
        assignments = assignments.filter(district=district)
    assignments = sorted(assignments, key=lambda a: a.version.template.unit_kind != UnitKind.KECAMATAN)
    if not assignments:
        # Narrowed to a district that assigns no template: its kecamatan are the ones not verified.
        unassigned = list(selectors.district_kecamatan(user=request.user, district=district)) if district else []
        context = {"assignments": [], "district": district, "unassigned": unassigned}
        return render(request, "readiness/completeness.html", context)
    chosen = next((a for a in assignments if a.pk == asked["assignment"]), assignments[0])
    periods = assignment_periods(chosen)
    start = asked["period"] if asked["period"] in periods else selectors.default_period(chosen)
    place = kecamatan_get(user=request.user, code=asked["kecamatan"]) if asked["kecamatan"] else None
    result = completeness(user=request.user, assignment=chosen, period_start=start, kecamatan=place) if start else None
    show = asked["show"]
    return render(
        request,
        "readiness/completeness.html",
        {
            "assignments": assignments,
            "chosen": chosen,
            "unit_kind": chosen.version.template.unit_kind,
            "periods": [(p, period_label(chosen.period_type, p)) for p in periods],
            "start": start,
            "place": place,
            "result": result,
            "shows": COMPLETENESS_SHOWS,
            "show": show,
            "rows": result.showing(show) if result else [],
            "figures": _completeness_figures(result) if result else [],
            "district": district,
        },
    )


def _completeness_figures(result) -> list[tuple[str, str, int]]:
    """The figures of the page, each opening the rows it counts (``?show=``)."""
    totals = result.totals
    return [
        ("", _("Expected"), totals["expected"]),
        ("submitted", _("Submitted"), totals["submitted"]),
        ("on_time", _("On time"), totals["on_time"]),
        ("verified", _("Verified"), totals["verified"]),
        ("returned", _("Returned"), totals["returned"]),
        ("missing", _("Missing"), totals["missing"]),
    ]


@login_required
def kecamatan_trend(request: HttpRequest, code: str) -> HttpResponse:
    kecamatan = kecamatan_get(user=request.user, code=code)
    reports = selectors.kecamatan_trend(user=request.user, kecamatan=kecamatan)
    latest_version = reports[-1].version if reports else None
    return render(
        request,
        "readiness/trend.html",
        {
            "kecamatan": kecamatan,
            "reports": reports,
            "chart": trend_chart(reports, latest_version.thresholds_desc() if latest_version else []),
        },
    )
