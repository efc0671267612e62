"""Card and plan templates: write and publish them, share them through the library, adopt a
partner's, and apply a published one to a kecamatan (its card, or items in its action plan).

``kind`` in the URL is ``cards`` or ``plans``. BPBD staff read their district's templates and
apply them; BPBD admins write, publish, share and adopt. Partners reach another district's
templates only through the library, and never its plans, items or cards.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kecamatan.models import Kecamatan
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.forms import add_service_errors
from kencana.core.history import history_for
from kencana.core.query import id_or_404
from kencana.library.models import VersionState
from kencana.library.selectors import adopters_of, adoption_refusal, newer_source_version, versions_diff

from . import services
from .forms import (
    CardTemplateForm,
    CardTemplateStepFormSet,
    PlanTemplateItemFormSet,
    TemplateApplyForm,
    TemplateCreateForm,
    TemplateSettingsForm,
)
from .models import CardTemplateStep, PlanTemplateItem
from .selectors import (
    library_template_list,
    library_version_list,
    readable_versions,
    template_list,
    template_version_list,
)
from .spec import SPECS


def _spec(kind: str):
    spec = SPECS.get(kind)
    if spec is None:
        raise Http404
    return spec


def _error(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _with_content(queryset, kind: str):
    if kind == "cards":
        return queryset.select_related("hazard").prefetch_related(
            Prefetch("steps", queryset=CardTemplateStep.objects.order_by("order"))
        )
    return queryset.prefetch_related(
        Prefetch("items", queryset=PlanTemplateItem.objects.select_related("hazard").order_by("order"))
    )


def _rows(templates, user) -> list[dict]:
    rows = []
    for template in templates:
        rows.append(
            {
                "template": template,
                "published": template.published_version(),
                "draft": template.draft_version(),
                "newer": newer_source_version(template),
                "adopters": adopters_of(template),
                "own": template.district_id == user.district_id,
            }
        )
    return rows


@login_required
def template_index(request: HttpRequest) -> HttpResponse:
    require(permissions.may_read_templates(request.user))
    sections = [
        (kind, label, _rows(template_list(spec=SPECS[kind], user=request.user).order_by("name"), request.user))
        for kind, label in (("cards", _("Card templates")), ("plans", _("Plan templates")))
    ]
    return render(request, "plans/template_index.html", {"sections": sections})


@login_required
def template_create(request: HttpRequest, kind: str) -> HttpResponse:
    require(permissions.may_edit_templates(request.user))
    _spec(kind)
    form = TemplateCreateForm(request.POST or None)
    if kind != "cards":
        del form.fields["hazard"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template = services.template_create(
                by=request.user,
                kind=kind,
                name=data["name"],
                description=data["description"],
                hazard=data.get("hazard"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Template created as a draft. Fill it in, then publish."))
            return redirect("plans:template_version", kind, template.draft_version().pk)
    return render(request, "plans/template_form.html", {"form": form, "kind": kind})


@login_required
def template_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _spec(kind)
    require(permissions.may_read_templates(request.user))
    template = get_object_or_404(template_list(spec=spec, user=request.user), pk=pk)
    published = template.published_version()
    context = {
        "kind": kind,
        "template": template,
        "versions": template.versions.select_related("published_by", "source_version__template__district"),
        "published": _with_content(spec.version_model.objects, kind).get(pk=published.pk) if published else None,
        "draft": template.draft_version(),
        "newer": newer_source_version(template),
        "adopters": adopters_of(template),
        "is_admin": permissions.may_edit_templates(request.user),
        "history": history_for(template, limit=30),
        "settings_form": TemplateSettingsForm(
            initial={
                "name": template.name,
                "description": template.description,
                "shared_with_partners": template.shared_with_partners,
            }
        ),
    }
    return render(request, "plans/template_detail.html", context)


@login_required
@require_POST
def template_settings(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    template = get_object_or_404(template_list(spec=_spec(kind), user=request.user), pk=pk)
    require(permissions.may_edit_templates(request.user))
    form = TemplateSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.template_update(by=request.user, template=template, **form.cleaned_data)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Template saved."))
    else:
        messages.error(request, _("Give the template a name."))
    return redirect("plans:template_detail", kind, template.pk)


@login_required
@require_POST
def template_draft(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    template = get_object_or_404(template_list(spec=_spec(kind), user=request.user), pk=pk)
    require(permissions.may_edit_templates(request.user))
    draft = services.template_edit(by=request.user, template=template)
    return redirect("plans:template_version", kind, draft.pk)


@login_required
@require_POST
def template_pull(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    template = get_object_or_404(template_list(spec=_spec(kind), user=request.user), pk=pk)
    require(permissions.may_edit_templates(request.user))
    try:
        draft = services.template_pull_source(by=request.user, template=template)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("plans:template_detail", kind, template.pk)
    messages.success(request, _("The source's new version is in a draft: compare it with yours, then publish."))
    return redirect("plans:template_version", kind, draft.pk)


def _editor(request: HttpRequest, kind: str, version):
    """The draft's form and rows (bound on POST), filled from the version's content on GET."""
    data = request.POST if request.method == "POST" else None
    if kind == "cards":
        form = CardTemplateForm(
            data,
            initial={
                "hazard": version.hazard_id,
                "trigger": version.trigger,
                "assembly_points": version.assembly_points,
                "evacuation_routes": version.evacuation_routes,
            },
        )
        rows = CardTemplateStepFormSet(
            data,
            prefix="steps",
            initial=[
                {
                    "action": s.action,
                    "role": s.role,
                    "agency_kind": s.agency_kind,
                    "agency_name": s.agency_name,
                    "within_minutes": s.within_minutes,
                }
                for s in version.steps.all()
            ],
        )
        return form, rows
    rows = PlanTemplateItemFormSet(
        data,
        prefix="items",
        initial=[
            {
                "title": i.title,
                "hazard": i.hazard_id,
                "owner_kind": i.owner_kind,
                "due_offset_days": i.due_offset_days,
                "budget_source": i.budget_source,
            }
            for i in version.items.all()
        ],
    )
    return None, rows


def _save_draft(request: HttpRequest, kind: str, version, form, rows) -> bool:
    if (form is not None and not form.is_valid()) or not rows.is_valid():
        return False
    try:
        if kind == "cards":
            services.card_template_save(
                by=request.user, version=version, steps=[r for r in rows.cleaned_data if r], **form.cleaned_data
            )
        else:
            services.plan_template_save(by=request.user, version=version, items=[r for r in rows.cleaned_data if r])
    except ValidationError as exc:
        target = form if form is not None else rows
        if target is rows:
            for message in exc.messages:
                messages.error(request, message)
        else:
            add_service_errors(form, exc)
        return False
    return True


@login_required
def template_version(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A version's content; for a draft of the user's own district and an admin, the editor."""
    spec = _spec(kind)
    require(permissions.may_read_templates(request.user))
    version = get_object_or_404(_with_content(readable_versions(spec=spec, user=request.user), kind), pk=pk)
    own = version.template.district_id == request.user.district_id
    can_edit = (
        own and version.is_editable and permissions.may_edit_templates(request.user, version.template.district_id)
    )
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = rows = None
    if can_edit:
        form, rows = _editor(request, kind, version)
        if request.method == "POST" and _save_draft(request, kind, version, form, rows):
            messages.success(request, _("Draft saved."))
            return redirect("plans:template_version", kind, version.pk)
    published = version.template.published_version() if own else None
    return render(
        request,
        "plans/template_version.html",
        {
            "kind": kind,
            "version": version,
            "template": version.template,
            "own": own,
            "can_edit": can_edit,
            "is_admin": permissions.may_edit_templates(request.user),
            "form": form,
            "rows": rows,
            "compare_with": published if published and published.pk != version.pk else None,
            # A partner's version is read from the library: its district's edits stay its own.
            "history": history_for(version, limit=30) if own else None,
        },
    )


def _version_action(request: HttpRequest, kind: str, pk: int, action, done: str) -> HttpResponse:
    version = get_object_or_404(template_version_list(spec=_spec(kind), user=request.user), pk=pk)
    require(permissions.may_edit_templates(request.user))
    try:
        action(by=request.user, version=version)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("plans:template_version", kind, version.pk)
    messages.success(request, done)
    return redirect("plans:template_detail", kind, version.template_id)


@login_required
@require_POST
def template_publish(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _version_action(request, kind, pk, services.template_version_publish, _("Version published."))


@login_required
@require_POST
def template_retire(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _version_action(request, kind, pk, services.template_version_retire, _("Version retired."))


@login_required
@require_POST
def template_discard(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _version_action(request, kind, pk, services.template_version_discard, _("Draft discarded."))


@login_required
def template_compare(request: HttpRequest, kind: str) -> HttpResponse:
    """Two versions side by side (``?old=…&new=…``): what the second added, removed and changed."""
    spec = _spec(kind)
    require(permissions.may_read_templates(request.user))
    versions = readable_versions(spec=spec, user=request.user)
    old = get_object_or_404(versions, pk=id_or_404(request.GET.get("old")))
    new = get_object_or_404(versions, pk=id_or_404(request.GET.get("new")))
    diff = versions_diff(spec=spec, old=old, new=new)
    return render(request, "plans/template_compare.html", {"kind": kind, "old": old, "new": new, "diff": diff})


@login_required
def template_apply(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Write kecamatan cards from a published card template, or add a plan template's items to plans."""
    spec = _spec(kind)
    require(permissions.may_read_templates(request.user))
    version = get_object_or_404(
        _with_content(template_version_list(spec=spec, user=request.user), kind).filter(state=VersionState.PUBLISHED),
        pk=pk,
    )
    require(permissions.may_apply_templates(request.user, version.template.district_id))
    kecamatan = Kecamatan.objects.filter(district_id=version.template.district_id).order_by("code")
    form = TemplateApplyForm(request.POST or None, kecamatan=kecamatan, for_cards=kind == "cards")
    if request.method == "POST" and form.is_valid():
        targets = list(form.cleaned_data["kecamatan"])
        try:
            results = services.template_apply_many(
                by=request.user, version=version, kecamatan=targets, replace=form.cleaned_data.get("replace", False)
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            for target, card in zip(targets, results if kind == "cards" else [], strict=False):
                missing = card.steps.filter(agency__isnull=True).count()
                if missing:
                    messages.warning(
                        request,
                        ngettext(
                            "%(name)s: %(count)s step has no agency in the registry yet.",
                            "%(name)s: %(count)s steps have no agency in the registry yet.",
                            missing,
                        )
                        % {"name": target.name, "count": missing},
                    )
            messages.success(
                request,
                ngettext("Applied to %(count)s kecamatan.", "Applied to %(count)s kecamatan.", len(targets))
                % {"count": len(targets)},
            )
            return redirect("plans:cards" if kind == "cards" else "plans:index")
    return render(request, "plans/template_apply.html", {"kind": kind, "version": version, "form": form})


# --- The library -------------------------------------------------------------------------------


@login_required
def library_index(request: HttpRequest) -> HttpResponse:
    require(permissions.may_read_templates(request.user))
    sections = [
        (
            kind,
            label,
            _rows(
                library_template_list(spec=SPECS[kind], user=request.user).order_by("district__code", "name"),
                request.user,
            ),
        )
        for kind, label in (("cards", _("Card templates")), ("plans", _("Plan templates")))
    ]
    return render(request, "plans/template_library.html", {"sections": sections})


@login_required
def library_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _spec(kind)
    require(permissions.may_read_templates(request.user))
    template = get_object_or_404(library_template_list(spec=spec, user=request.user), pk=pk)
    versions = _with_content(library_version_list(spec=spec, user=request.user), kind).filter(template=template)
    versions = list(versions.order_by("-number"))
    published = next((v for v in versions if v.state == VersionState.PUBLISHED), None)
    adopted = template_list(spec=spec, user=request.user).filter(source_template=template).first()
    return render(
        request,
        "plans/template_library_detail.html",
        {
            "kind": kind,
            "template": template,
            "published": published,
            "versions": versions,
            "adopters": adopters_of(template),
            "adopted": adopted,
            "adoption_refusal": adoption_refusal(template=template, user=request.user),
        },
    )


@login_required
@require_POST
def library_adopt(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _spec(kind)
    template = get_object_or_404(library_template_list(spec=spec, user=request.user), pk=pk)
    require(permissions.may_edit_templates(request.user))
    try:
        adopted = services.template_adopt(
            by=request.user, source=template.published_version(), name=request.POST.get("name", "")
        )
    except ValidationError as exc:
        _error(request, exc)
        return redirect("plans:template_library_detail", kind, template.pk)
    messages.success(request, _("Adopted as a draft in your district. Adjust it to your kecamatan, then publish."))
    return redirect("plans:template_detail", kind, adopted.pk)
