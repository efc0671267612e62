"""The SPM catalogue's pages: every reader of SPM reports sees its versions; BNPB admins make a
draft from the newest, edit it and publish it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.forms import add_service_errors, error_messages
from kencana.core.history import history_for

from . import catalogue_services as services
from .catalogue_forms import ComponentFormSet, ServiceForm, SubActivityForm, VersionForm, component_inputs
from .models import SpmService, SpmSubActivity
from .selectors import spm_catalogue, spm_version_get, spm_versions


def _require_reader(request: HttpRequest) -> None:
    require(permissions.reads_like_bpbd(request.user), _("The SPM catalogue is for BPBD."))


def _require_editor(request: HttpRequest) -> None:
    require(permissions.may_edit_spm_catalogue(request.user), _("Only BNPB admins revise the SPM catalogue."))


@login_required
def catalogue_index(request: HttpRequest) -> HttpResponse:
    """The versions of the catalogue, newest first: which is in use, who published each and when."""
    _require_reader(request)
    versions = list(spm_versions())
    in_use = next((v for v in versions if v.published), None)
    context = {
        "versions": versions,
        "in_use": in_use,
        "may_edit": permissions.may_edit_spm_catalogue(request.user),
        "has_draft": any(not v.published for v in versions),
    }
    return render(request, "upward/catalogue_index.html", context)


@login_required
@require_POST
def catalogue_new(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    try:
        draft = services.spm_version_new_draft(by=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect("upward:catalogue")
    messages.success(request, _("Draft created: edit it, then publish it."))
    return redirect("upward:catalogue_version", draft.number)


@login_required
def catalogue_version(request: HttpRequest, number: int) -> HttpResponse:
    """A version's services, sub-activities and quality components; a draft's title and service
    names are edited here by BNPB admins."""
    _require_reader(request)
    version = spm_version_get(number=number)
    may_edit = permissions.may_edit_spm_catalogue(request.user) and not version.published
    form = VersionForm(request.POST or None, initial={"title": version.title, "source": version.source})
    if request.method == "POST":
        _require_editor(request)
        if version.published:
            messages.error(request, _("A published version never changes: make a new draft."))
            return redirect("upward:catalogue_version", version.number)
        if form.is_valid():
            try:
                services.spm_version_update(version=version, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Version saved."))
                return redirect("upward:catalogue_version", version.number)
    catalogue = spm_catalogue(version)
    for service in catalogue:
        service.form = ServiceForm(initial={"name": service.name}, prefix=f"s{service.pk}") if may_edit else None
        for sub in service.sub_activities.all():
            sub.weight_total = sum(c.weight for c in sub.components.all())
    context = {
        "version": version,
        "catalogue": catalogue,
        "may_edit": may_edit,
        "form": form if may_edit else None,
        "history": history_for(version, limit=30),
    }
    return render(request, "upward/catalogue_version.html", context)


@login_required
@require_POST
def catalogue_service(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    service = get_object_or_404(SpmService.objects.select_related("version"), pk=pk)
    _require_editor(request)
    form = ServiceForm(request.POST, prefix=f"s{service.pk}")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.spm_service_update(service=service, by=request.user, name=form.cleaned_data["name"])
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Service saved."))
    return redirect("upward:catalogue_version", service.version.number)


@login_required
def catalogue_sub_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """A sub-activity of a version; in a draft, its name, unit, source, target note and quality
    components, saved together (the weights add up to 100, or nothing is saved)."""
    _require_reader(request)
    sub = get_object_or_404(SpmSubActivity.objects.select_related("service__version"), pk=pk)
    version = sub.service.version
    may_edit = permissions.may_edit_spm_catalogue(request.user) and not version.published
    components = list(sub.components.order_by("code"))
    form = SubActivityForm(
        request.POST or None,
        initial={"name": sub.name, "unit": sub.unit, "source": sub.source, "target_note": sub.target_note},
    )
    formset = ComponentFormSet(
        request.POST or None,
        prefix="c",
        initial=[{"code": c.code, "name": c.name, "weight": c.weight} for c in components],
    )
    if request.method == "POST":
        _require_editor(request)
        if version.published:
            messages.error(request, _("A published version never changes: make a new draft."))
            return redirect("upward:catalogue_sub_activity", sub.pk)
        if form.is_valid() and formset.is_valid():
            try:
                services.spm_sub_activity_update(
                    sub_activity=sub, by=request.user, components=component_inputs(formset), **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Sub-activity saved."))
                return redirect("upward:catalogue_version", version.number)
    context = {
        "sub": sub,
        "version": version,
        "components": components,
        "weight_total": sum(c.weight for c in components),
        "may_edit": may_edit,
        "form": form,
        "formset": formset,
        "history": history_for(sub, limit=20),
    }
    return render(request, "upward/catalogue_sub_activity.html", context)


@login_required
@require_POST
def catalogue_publish(request: HttpRequest, number: int) -> HttpResponse:
    _require_reader(request)
    version = spm_version_get(number=number)
    _require_editor(request)
    try:
        services.spm_version_publish(version=version, by=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Version published: new SPM reports are opened with it."))
    return redirect("upward:catalogue_version", version.number)


@login_required
@require_POST
def catalogue_discard(request: HttpRequest, number: int) -> HttpResponse:
    _require_reader(request)
    version = spm_version_get(number=number)
    _require_editor(request)
    try:
        services.spm_version_discard(version=version, by=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect("upward:catalogue_version", version.number)
    messages.success(request, _("Draft discarded."))
    return redirect("upward:catalogue")
