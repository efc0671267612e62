import logging
import zoneinfo

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from kecamatan.models import GEOMETRY_FIELDS, District

logger = logging.getLogger(__name__)


class DistrictTimezoneMiddleware:
    """Show times in the user's district zone (WIB, WITA or WIT); storage stays UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        district = None
        if user and user.is_authenticated and user.district_id:
            if "district" in user._state.fields_cache:  # loaded with the user (kencana.accounts.backends)
                district = user.district
            else:  # an API token's user: load it once, without its polygons
                district = District.objects.defer(*GEOMETRY_FIELDS).filter(pk=user.district_id).first()
                user.district = district
        if district is not None:
            timezone.activate(zoneinfo.ZoneInfo(district.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class LanguageMiddleware:
    """Indonesian unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    phones and office PCs in Indonesia are set to English; the programme's working
    language is Indonesian, so in the browser only an explicit choice (the cookie)
    changes it. API clients have no switch: they ask with Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response


class DatabaseUnavailableMiddleware:
    """A lost or refused database connection is a 503 that says nothing was saved.

    It sits right after the authentication middleware and reads the session and the
    user first, so a request with a session cookie meets a down database here, not in a
    later middleware where it would become a bare 500. Errors in the view come through
    ``process_exception``. The transaction has rolled back by then, so a retry is safe
    (and posting with the same idempotency key posts once). The page needs no database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.user.is_authenticated  # noqa: B018 - loads the session and the user now
        except (OperationalError, InterfaceError) as exc:
            return self.unavailable(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        return self.unavailable(request, exception)

    @staticmethod
    def unavailable(request, exception) -> HttpResponse:
        logger.warning("database unavailable during %s %s: %s", request.method, request.path, exception)
        message = _("The database could not be reached; nothing was saved. Try again in a moment.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": str(message)}, status=503)
        else:
            # Rendered without the request: context processors (menus, the inbox count) read the database.
            page = render_to_string("503.html", {"message": message, "LANGUAGE_CODE": translation.get_language()})
            response = HttpResponse(page, status=503)
        response["Retry-After"] = "10"
        return response
