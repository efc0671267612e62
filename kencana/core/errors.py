"""Error pages in the app's layout and the user's language: what happened and where to go next.

Django renders ``403.html``, ``404.html`` and ``400.html`` itself with the request's context; the
server error and a refused CSRF check come through here so they get the same layout. A server
error may come from the layout's own pieces (a context processor, the database), so when the full
page cannot be drawn the bare one is sent instead of nothing.
"""

import logging

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class RequestConflict(ValidationError):
    """A request that contradicts an earlier one (an idempotency key sent again with a different
    request): refused with nothing changed, answered by the API as 422."""


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("the error page could not be drawn in the layout")
        return HttpResponseServerError(render_to_string("500_bare.html"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that was open too long (or after logging out and in again)."""
    message = _("The form had expired, so nothing was saved. Go back, reload the page and send it again.")
    return render(request, "403.html", {"exception": message}, status=403)
