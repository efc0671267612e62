"""The library pages of readiness templates: partners browse, compare and adopt shared templates (never reports).

The library's rules live in ``kencana.library``; these pages, like the plans' library pages,
stay with the content they show, so the library app imports no app above it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kencana.core.forms import error_messages
from kencana.core.query import id_or_404
from kencana.library.models import VersionState
from kencana.library.selectors import adopters_of, adoption_refusal, versions_diff

from .. import services
from ..selectors import library_list, library_template_get, library_version_get, version_content
from ..spec import SPEC
from .templates import version_file


@login_required
def library_index(request: HttpRequest) -> HttpResponse:
    templates = library_list(user=request.user).prefetch_related("versions__thresholds", "versions__indicators")
    rows = []
    for template in templates:
        published = template.published_version()
        rows.append(
            {
                "template": template,
                "published": published,
                "indicator_count": published.indicators.count() if published else 0,
                "thresholds": published.thresholds_desc() if published else [],
                "adopters": adopters_of(template),
                "own": template.district_id == request.user.district_id,
            }
        )
    shared_count = sum(1 for row in rows if not row["own"])
    return render(request, "readiness/library_list.html", {"rows": rows, "shared_count": shared_count})


@login_required
def library_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = library_template_get(user=request.user, pk=pk)
    published = template.published_version()
    versions = template.versions.exclude(state=VersionState.DRAFT).order_by("-number")
    return render(
        request,
        "readiness/library_detail.html",
        {
            "template": template,
            "version": version_content(published),
            "versions": versions,
            "adopters": adopters_of(template),
            "adoption_refusal": adoption_refusal(template=template, user=request.user),
        },
    )


@login_required
def library_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_content(library_version_get(user=request.user, pk=pk))
    return render(
        request, "readiness/version_detail.html", {"version": version, "template": version.template, "in_library": True}
    )


@login_required
def library_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return version_file(library_version_get(user=request.user, pk=pk), fmt)


@login_required
def library_compare(request: HttpRequest) -> HttpResponse:
    """Two versions side by side: what the second added, removed and changed."""
    old = library_version_get(user=request.user, pk=id_or_404(request.GET.get("old")))
    new = library_version_get(user=request.user, pk=id_or_404(request.GET.get("new")))
    diff = versions_diff(spec=SPEC, old=old, new=new)
    return render(request, "readiness/compare.html", {"old": old, "new": new, "diff": diff, "in_library": True})


@login_required
@require_POST
def library_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    template = library_template_get(user=request.user, pk=pk)
    published = template.published_version()
    try:
        adopted = services.template_adopt(source=published, by=request.user, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
        return redirect("readiness:library_detail", pk=template.pk)
    messages.success(request, _("Adopted as a draft in your district. Adjust it to your kecamatan, then publish."))
    return redirect("readiness:template_detail", pk=adopted.pk)
