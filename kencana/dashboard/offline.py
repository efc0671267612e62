"""The installable app of the field: its web app manifest, its service worker, and the list of the
officer's pages the service worker keeps for use without a connection (docs/offline.md)."""

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from kencana.accounts import permissions
from kencana.plans.selectors import card_list, plan_list
from kencana.readiness.models import OPEN_STATES, ReportState
from kencana.readiness.selectors import report_list
from kencana.response import selectors as response_selectors
from kencana.response.models import EventStatus
from kencana.shelters.selectors import shelter_list

# The shell: what every page of the field needs, fetched once when the service worker installs.
SHELL = (
    "css/kencana.css",
    "css/dashboard.css",
    "css/plans.css",
    "css/readiness.css",
    "css/response.css",
    "css/alerts.css",
    "img/kencana.svg",
    "img/kencana-192.png",
    "js/format.js",
    "js/offline.js",
    "js/outbox.js",
    "js/readiness.js",
)
WORKER = "js/sw.js"
THEME_COLOR = "#0f5e6e"


@require_GET
@cache_control(max_age=86400)
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: Kencana in Indonesian, opening on the officer's home page."""
    with translation.override("id"):
        body = {
            "name": "Kencana",
            "short_name": "Kencana",
            "description": _("Disaster-resilient sub-districts"),
            "lang": "id",
            "dir": "ltr",
            "start_url": reverse("home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME_COLOR,
            "icons": [
                {"src": static("img/kencana.svg"), "sizes": "any", "type": "image/svg+xml"},
                {"src": static("img/kencana-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/kencana-512.png"), "sizes": "512x512", "type": "image/png"},
                {
                    "src": static("img/kencana-maskable-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


def _static_text(name: str) -> str:
    """A static file's text: the collected copy in production, the source file in development."""
    try:
        with staticfiles_storage.open(name) as handle:
            return handle.read().decode()
    except (FileNotFoundError, OSError, ValueError):
        with open(finders.find(name), encoding="utf-8") as handle:
            return handle.read()


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the site root so that its scope is the whole site.

    Its code is the static file ``js/sw.js``; this view puts before it the fingerprinted addresses
    of the shell, so a new deployment (new fingerprints) is a new worker that fetches the new files.
    """
    config = {
        "precache": [static(name) for name in SHELL],
        "outbox": static("js/outbox.js"),
        "staticPrefix": static(""),
    }
    source = _static_text(WORKER)
    # Any change to the worker or the shell (also unfingerprinted, in development) is a new version.
    digest = hashlib.sha256((json.dumps(config) + source).encode())
    for name in SHELL:
        digest.update(_static_text(name).encode() if name.endswith((".css", ".js", ".svg")) else name.encode())
    config["version"] = digest.hexdigest()[:12]
    response = HttpResponse(
        f"self.KENCANA = {json.dumps(config)};\n{source}", content_type="application/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@login_required
@require_GET
def offline_pages(request: HttpRequest) -> JsonResponse:
    """The pages an officer needs in the field, for the service worker to keep: the home page,
    the open readiness reports of their kecamatan, their quick-response cards and action plans,
    and the pages of the events under way there (docs/offline.md)."""
    user = request.user
    if not permissions.may_work_offline(user):
        return JsonResponse({"pages": []})
    reports = report_list(user=user).filter(state__in=OPEN_STATES)
    pages = [reverse("home"), reverse("readiness:index")]
    pages += [reverse("readiness:report_detail", kwargs={"pk": pk}) for pk in reports.values_list("pk", flat=True)]
    pages.append(reverse("plans:cards"))
    pages += [reverse("plans:card", kwargs={"pk": pk}) for pk in card_list(user=user).values_list("pk", flat=True)]
    codes = plan_list(user=user).filter(kecamatan__isnull=False).values_list("kecamatan__code", flat=True)
    pages += [reverse("plans:kecamatan_plan", kwargs={"code": code}) for code in codes]
    pages += _response_pages(user)
    return JsonResponse({"pages": pages})


def _response_pages(user) -> list[str]:
    """For each event under way in the officer's kecamatan: the event page, his tasks, the impact
    form of each desa (or its report being worked on) and the count form of each open shelter."""
    pages = [reverse("response:my_tasks")]
    events = response_selectors.event_list(user=user).exclude(status=EventStatus.CLOSED).order_by("pk")
    tasks = response_selectors.my_open_tasks(user=user).values_list("pk", flat=True)[:200]
    pages += [reverse("response:task_detail", kwargs={"pk": pk}) for pk in tasks]
    for event in events:
        pages += [
            reverse("response:event_detail", kwargs={"pk": event.pk}),
            reverse("response:impact_index", kwargs={"pk": event.pk}),
        ]
        being_worked_on = dict(
            response_selectors.impact_list(user=user)
            .filter(event=event, state__in=(ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED))
            .values_list("desa__code", "pk")
        )
        new = reverse("response:impact_create", kwargs={"pk": event.pk})
        pages.append(new)
        for code in response_selectors.event_desa(user=user, event=event).values_list("code", flat=True):
            if code not in being_worked_on:
                pages.append(f"{new}?desa={code}")
        pages += [reverse("response:impact_edit", kwargs={"pk": pk}) for pk in being_worked_on.values()]
    shelters = (
        shelter_list(user=user)
        .filter(event__in=events, closed_on__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in shelters:
        pages += [reverse("shelters:detail", kwargs={"pk": pk}), reverse("shelters:count_create", kwargs={"pk": pk})]
    return pages
