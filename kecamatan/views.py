from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.forms import add_service_errors
from kencana.core.history import history_for

from . import services
from .forms import RiskImportForm, RiskProfileForm, RiskSettingsForm, SchoolForm
from .models import GEOMETRY_FIELDS, RiskSettings, geometry_of
from .selectors import desa_get, desa_list, kecamatan_get, kecamatan_list, school_get


@login_required
def kecamatan_index(request: HttpRequest) -> HttpResponse:
    return render(request, "kecamatan/list.html", {"kecamatan_list": kecamatan_list(user=request.user)})


@login_required
def risk_profile_edit(request: HttpRequest, code: str, hazard: str | None = None) -> HttpResponse:
    kecamatan = kecamatan_get(user=request.user, code=code)
    require(permissions.may_edit_risk(request.user, kecamatan.district_id))
    profile = (
        get_object_or_404(kecamatan.risk_profiles.select_related("hazard"), hazard__code=hazard) if hazard else None
    )
    form = RiskProfileForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_profile_save(
                by=request.user,
                kecamatan=kecamatan,
                hazard=profile.hazard if profile else data["hazard"],
                hazard_index=data["hazard_index"],
                vulnerability_index=data["vulnerability_index"],
                capacity_index=data["capacity_index"],
                exposed_population=data["exposed_population"],
                season_months=data["season"],
                source=data["source"],
                year=data["year"],
                new=profile is None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Risk profile saved."))
            return redirect("kecamatan:detail", kecamatan.code)
    existing = None
    if profile is None and form.is_bound and form.has_error("hazard", code="exists"):
        existing = kecamatan.risk_profiles.select_related("hazard").filter(hazard_id=form["hazard"].value()).first()
    context = {"form": form, "kecamatan": kecamatan, "profile": profile, "existing": existing}
    return render(request, "kecamatan/risk_form.html", context)


@login_required
@require_POST
def risk_profile_delete(request: HttpRequest, code: str, hazard: str) -> HttpResponse:
    kecamatan = kecamatan_get(user=request.user, code=code)
    profile = get_object_or_404(kecamatan.risk_profiles.select_related("kecamatan"), hazard__code=hazard)
    services.risk_profile_delete(by=request.user, profile=profile)
    messages.success(request, _("Risk profile removed."))
    return redirect("kecamatan:detail", kecamatan.code)


@login_required
def risk_import(request: HttpRequest) -> HttpResponse:
    district = request.user.district
    if district is None:
        raise Http404
    require(permissions.may_edit_risk(request.user, district.pk))
    form = RiskImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.risk_profiles_import(
                district=district, data=form.cleaned_data["file"].read(), by=request.user
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("Imported: %(created)s profiles created, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("kecamatan:list")
    return render(
        request,
        "kecamatan/risk_import.html",
        {"form": form, "errors": errors, "columns": services.COLUMNS, "district": district},
    )


@login_required
def risk_settings(request: HttpRequest) -> HttpResponse:
    district = request.user.district
    if district is None:
        raise Http404
    require(permissions.may_change_risk_settings(request.user, district.pk))
    current = RiskSettings.objects.filter(district=district).first() or RiskSettings(district=district)
    form = RiskSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_settings_update(
                by=request.user,
                district=district,
                low_upper=form.cleaned_data["low_upper"],
                medium_upper=form.cleaned_data["medium_upper"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Cut-offs saved; every profile of the district was reclassified."))
            return redirect("kecamatan:list")
    return render(request, "kecamatan/risk_settings.html", {"form": form, "district": district})


# --- The school registry of a desa -------------------------------------------------------


def _school_form(request: HttpRequest, *, desa, school=None) -> HttpResponse:
    require(
        permissions.may_manage_schools(request.user, desa),
        _("Only BPBD staff of the district or the kecamatan's officer keep its schools."),
    )
    choices = (
        desa_list(user=request.user)
        .select_related("kecamatan")
        .defer(*GEOMETRY_FIELDS, *geometry_of("kecamatan"))
        .order_by("kecamatan__code", "code")
    )
    form = SchoolForm(request.POST or None, desa_choices=choices, school=school, initial={"desa": desa.code})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.setdefault("active", True)
        try:
            saved = services.school_save(by=request.user, school=school, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("School %(name)s saved.") % {"name": saved.name})
            return redirect("kecamatan:school", npsn=saved.npsn)
    context = {"form": form, "desa": desa, "school": school, "history": history_for(school) if school else None}
    return render(request, "kecamatan/school_form.html", context)


@login_required
def school_create(request: HttpRequest, code: str) -> HttpResponse:
    """Add a school to a desa's registry."""
    return _school_form(request, desa=desa_get(user=request.user, code=code))


@login_required
def school_edit(request: HttpRequest, npsn: str) -> HttpResponse:
    """Correct a school, move it to another desa, or deactivate it."""
    school = school_get(user=request.user, npsn=npsn)
    return _school_form(request, desa=school.desa, school=school)
