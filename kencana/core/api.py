"""Shared API pieces: the scoped base view set, the one error boundary of the API and the
schema generator."""

from typing import ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from drf_spectacular import generators
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from . import idempotency
from .errors import RequestConflict


class Unprocessable(exceptions.APIException):
    """The IETF Idempotency-Key draft's answer to a key reused with a different request."""

    status_code = 422
    default_code = "unprocessable"


def exception_handler(exc, context):
    """Services raise Django's errors; the API answers them as DRF does its own.

    A ``RequestConflict`` is a 422, a ``ValidationError`` a 400 with one list of messages per field (``detail`` when it names
    no field), a ``PermissionDenied`` a 403 with its reason. Set as ``EXCEPTION_HANDLER``, so an
    endpoint calls its service directly, and the transaction of the request rolls back.
    """
    if isinstance(exc, RequestConflict):
        exc = Unprocessable(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only view set whose queryset always comes from a user-scoped selector.

    Subclasses implement ``scoped_queryset(user)``; an object outside it is a 404,
    exactly as in the web views.
    """

    def scoped_queryset(self, user):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return self.queryset.none()
        return self.scoped_queryset(self.request.user)


# The optional header of the writes an officer's outbox sends (kencana.core.idempotency).
IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="A key the client chose for this write (a UUID), as the offline outbox sends it: a retry with "
    "the same key is applied once and answered with the first outcome. Without it the write is applied "
    "each time it is sent.",
)


class SchemaGenerator(generators.SchemaGenerator):
    """drf-spectacular's generator, keeping each public schema it made for the life of the process.

    A public schema (what ``/api/schema/`` serves: the same for every user) follows the code alone,
    per language and API version, and making it inspects every endpoint: about 0.4 s a request.
    A schema for one user's permissions (``public=False``) is made afresh each time."""

    _kept: ClassVar[dict[tuple, dict]] = {}

    def get_schema(self, request=None, public=False):
        if not public:
            return super().get_schema(request=request, public=public)
        version = self.api_version or getattr(request, "version", None)
        key = (translation.get_language(), version, self.urlconf, self.url, id(self.patterns))
        if key not in self._kept:
            self._kept[key] = super().get_schema(request=request, public=public)
        return self._kept[key]
