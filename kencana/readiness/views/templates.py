"""Templates of the user's own district: list, create, import, edit a draft, publish, export, assign."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kecamatan.models import Kecamatan
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.exports import export_response
from kencana.core.forms import add_service_errors, error_messages
from kencana.core.history import history_for
from kencana.library.models import VersionState
from kencana.library.selectors import adopters_of, newer_source_version, versions_diff

from .. import services, transfer
from ..forms import AssignmentForm, ImportForm, IndicatorForm, SectionForm, TemplateForm, ThresholdsForm
from ..models import TemplateVersion, UnitKind
from ..selectors import assignment_list, template_get, template_list, version_content, version_get
from ..spec import SPEC


@login_required
def template_index(request: HttpRequest) -> HttpResponse:
    require(permissions.may_read_templates(request.user))
    return render(
        request,
        "readiness/template_list.html",
        {"templates": template_list(user=request.user), "assignments": assignment_list(user=request.user)},
    )


@login_required
def template_create(request: HttpRequest) -> HttpResponse:
    require(permissions.may_edit_templates(request.user))
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(
                district=request.user.district,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Template created as a draft. Add sections and indicators, then publish."))
            return redirect("readiness:version_detail", pk=template.draft_version().pk)
    return render(request, "readiness/template_form.html", {"form": form})


@login_required
def template_import(request: HttpRequest) -> HttpResponse:
    require(permissions.may_edit_templates(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            if upload.name.lower().endswith(".json"):
                doc = transfer.parse_json(content)
                template = transfer.template_import(
                    district=request.user.district,
                    name=form.cleaned_data["name"] or doc["name"],
                    by=request.user,
                    indicators=doc["indicators"],
                    thresholds=doc["thresholds"],
                    description=doc["description"],
                    weak_below=doc["weak_below"],
                    unit_kind=doc["unit_kind"],
                )
            else:
                indicators = transfer.parse_rows(transfer.read_rows(content, upload.name))
                thresholds = form.cleaned_data["thresholds"]
                template = transfer.template_import(
                    district=request.user.district,
                    name=form.cleaned_data["name"],
                    by=request.user,
                    indicators=indicators,
                    thresholds=transfer.parse_thresholds(thresholds) if thresholds else [],
                )
        except ValidationError as error:
            problems = error_messages(error)
        else:
            messages.success(request, _("Template imported as a draft: check it, then publish."))
            return redirect("readiness:version_detail", pk=template.draft_version().pk)
    return render(
        request, "readiness/template_import.html", {"form": form, "problems": problems, "columns": transfer.COLUMNS}
    )


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = template_get(user=request.user, pk=pk)
    form = TemplateForm(
        request.POST or None,
        initial={
            "name": template.name,
            "description": template.description,
            "shared_with_partners": template.shared_with_partners,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.template_update(template=template, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Template saved."))
            return redirect("readiness:template_detail", pk=template.pk)
    versions = template.versions.select_related("source_version__template__district", "published_by")
    copied = (
        versions.filter(source_version__template=template.source_template).order_by("-source_version__number").first()
        if template.source_template_id
        else None
    )
    return render(
        request,
        "readiness/template_detail.html",
        {
            "template": template,
            "versions": versions,
            "form": form,
            "newer_source": newer_source_version(template),
            "copied_source": copied.source_version if copied else None,
            "adopters": adopters_of(template),
            "history": history_for(template, limit=30),
        },
    )


@login_required
@require_POST
def template_draft(request: HttpRequest, pk: int) -> HttpResponse:
    template = template_get(user=request.user, pk=pk)
    draft = services.version_edit(template=template, by=request.user)
    return redirect("readiness:version_detail", pk=draft.pk)


@login_required
@require_POST
def template_pull(request: HttpRequest, pk: int) -> HttpResponse:
    template = template_get(user=request.user, pk=pk)
    try:
        draft = services.template_pull_source(template=template, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
        return redirect("readiness:template_detail", pk=template.pk)
    messages.success(request, _("The source's new version is in a draft: compare it with yours, then publish."))
    return redirect("readiness:version_detail", pk=draft.pk)


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A version's content; for a draft, the editor (sections, indicators, tiers)."""
    version = version_content(version_get(user=request.user, pk=pk))
    context = {
        "version": version,
        "template": version.template,
        "can_edit": version.is_editable and permissions.may_edit_templates(request.user, version.template.district_id),
        "history": history_for(version, limit=30),
    }
    if context["can_edit"]:
        context["section_form"] = SectionForm()
        context["thresholds_form"] = ThresholdsForm(thresholds=version.thresholds.all())
    published = version.template.published_version()
    if published and published.pk != version.pk:
        context["compare_with"] = published
    return render(request, "readiness/version_detail.html", context)


def _version_action(request, pk: int, action, done: str) -> HttpResponse:
    version = version_get(user=request.user, pk=pk)
    try:
        action(version=version, by=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect("readiness:version_detail", pk=version.pk)
    messages.success(request, done)
    return redirect("readiness:template_detail", pk=version.template_id)


@login_required
@require_POST
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_action(request, pk, services.version_publish, _("Version published."))


@login_required
@require_POST
def version_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_action(request, pk, services.version_retire, _("Version retired."))


@login_required
@require_POST
def version_discard(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_action(request, pk, services.version_discard, _("Draft discarded."))


@login_required
@require_POST
def version_thresholds(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_get(user=request.user, pk=pk)
    form = ThresholdsForm(request.POST)
    if form.is_valid():
        try:
            services.thresholds_set(version=version, by=request.user, thresholds=form.thresholds())
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Tiers saved."))
    else:
        messages.error(request, _("Scores run from 0 to 100."))
    return redirect("readiness:version_detail", pk=version.pk)


@login_required
@require_POST
def section_save(request: HttpRequest, pk: int, section_pk: int | None = None) -> HttpResponse:
    version = version_get(user=request.user, pk=pk)
    section = get_object_or_404(version.sections, pk=section_pk) if section_pk else None
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.section_save(version=version, by=request.user, section=section, **form.cleaned_data)
        except ValidationError as error:
            for message in error_messages(error):
                messages.error(request, message)
    else:
        messages.error(request, _("Give the section a title."))
    return redirect("readiness:version_detail", pk=version.pk)


@login_required
@require_POST
def section_move(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    version = version_get(user=request.user, pk=pk)
    section = get_object_or_404(version.sections, pk=section_pk)
    try:
        services.section_move(section=section, by=request.user, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    return redirect(f"{reverse('readiness:version_detail', args=[version.pk])}#section-{section.pk}")


@login_required
@require_POST
def indicator_move(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    version = version_get(user=request.user, pk=pk)
    indicator = get_object_or_404(version.indicators.select_related("section"), pk=indicator_pk)
    try:
        services.indicator_move(indicator=indicator, by=request.user, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    return redirect(f"{reverse('readiness:version_detail', args=[version.pk])}#section-{indicator.section_id}")


@login_required
@require_POST
def section_delete(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    version = version_get(user=request.user, pk=pk)
    try:
        services.section_delete(section=get_object_or_404(version.sections, pk=section_pk), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    return redirect("readiness:version_detail", pk=version.pk)


@login_required
def indicator_edit(request: HttpRequest, pk: int, indicator_pk: int | None = None) -> HttpResponse:
    version = version_get(user=request.user, pk=pk)
    require(permissions.may_edit_templates(request.user))
    indicator = get_object_or_404(version.indicators, pk=indicator_pk) if indicator_pk else None
    initial = IndicatorForm.initial_from(indicator) if indicator else {"section": request.GET.get("section")}
    form = IndicatorForm(request.POST or None, initial=initial, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_save(
                section=form.cleaned_data["section"], by=request.user, data=form.to_input(), indicator=indicator
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Indicator saved."))
            return redirect("readiness:version_detail", pk=version.pk)
    return render(request, "readiness/indicator_form.html", {"form": form, "version": version, "indicator": indicator})


@login_required
@require_POST
def indicator_delete(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    version = version_get(user=request.user, pk=pk)
    try:
        services.indicator_delete(indicator=get_object_or_404(version.indicators, pk=indicator_pk), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    return redirect("readiness:version_detail", pk=version.pk)


def version_file(version: TemplateVersion, fmt: str) -> HttpResponse:
    """The version as a CSV, XLSX or JSON download (shared by own and library pages)."""
    if fmt not in ("csv", "xlsx", "json"):
        raise Http404
    stem = slugify(f"{version.template.name}-v{version.number}") or "template"
    if fmt != "json":
        rows = transfer.version_rows(version)
        return export_response(filename=stem, headers=transfer.COLUMNS, rows=rows, fmt=fmt, title=version.template.name)
    body = json.dumps(transfer.version_to_json(version), ensure_ascii=False, indent=2).encode()
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
def version_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return version_file(version_get(user=request.user, pk=pk), fmt)


@login_required
def version_compare(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    old, new = version_get(user=request.user, pk=other_pk), version_get(user=request.user, pk=pk)
    diff = versions_diff(spec=SPEC, old=old, new=new)
    return render(request, "readiness/compare.html", {"old": old, "new": new, "diff": diff, "in_library": False})


@login_required
def assignment_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.may_edit_templates(request.user))
    assignment = get_object_or_404(assignment_list(user=request.user), pk=pk) if pk else None
    versions = (
        TemplateVersion.objects.filter(template__in=template_list(user=request.user), state=VersionState.PUBLISHED)
        .exclude(template__unit_kind=UnitKind.DISTRICT)  # an IKD template is opened under Upward reports
        .select_related("template")
    )
    kecamatan = Kecamatan.objects.filter(district=request.user.district).order_by("code")
    initial = {}
    if assignment:
        initial = {
            "version": assignment.version_id,
            "kecamatan": list(assignment.kecamatan.all()),
            "period_type": assignment.period_type,
            "starts_on": assignment.starts_on,
            "due_days": assignment.due_days,
            "close_days": assignment.close_days,
        }
    elif request.GET.get("version"):
        initial = {"version": request.GET["version"], "kecamatan": list(kecamatan)}
    form = AssignmentForm(request.POST or None, initial=initial, versions=versions, kecamatan=kecamatan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_save(
                version=data["version"],
                by=request.user,
                kecamatan=list(data["kecamatan"]),
                period_type=data["period_type"],
                starts_on=data["starts_on"],
                due_days=data["due_days"],
                close_days=data["close_days"],
                assignment=assignment,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect("readiness:templates")
    history = history_for(assignment, limit=30) if assignment else []
    return render(
        request, "readiness/assignment_form.html", {"form": form, "assignment": assignment, "history": history}
    )
