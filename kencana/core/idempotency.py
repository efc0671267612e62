"""Writes applied once per ``Idempotency-Key``: the outbox of an officer's phone retries until it
hears an answer, and a retry of a write already applied must not file it twice.

A service that accepts a key asks ``outcome`` first (a retry of a finished write is answered at
once), does its work, and ends its transaction with ``record``. Two copies of the same write
racing each other are serialised by the row lock the service takes anyway; the unique constraint
on (user, key) is the backstop: the second ``record`` fails, its whole transaction rolls back, and
``AlreadyApplied`` carries the first copy's outcome.

``once`` does the same around any service call whose answer is a plain dict: the API actions the
outbox uses for tasks, impact reports and shelter counts (docs/offline.md).

``sent_by_the_page`` marks a form view that the officer's page sends itself, online, with the key
the outbox would use if the connection dropped on the way: the view applies the form once per key,
recording the API's answer, so the outbox's retry of the same filing is answered and changes nothing.
"""

import functools
import json
import re
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest, JsonResponse
from django.http.response import HttpResponseRedirectBase
from django.utils.translation import gettext as _

from .models import AppliedRequest

HEADER = "Idempotency-Key"
KEY = re.compile(r"[A-Za-z0-9_-]{8,100}")


class AlreadyApplied(Exception):
    """The write was applied before, by a copy sent with the same key: ``outcome`` is its answer."""

    def __init__(self, outcome: dict):
        super().__init__("already applied")
        self.outcome = outcome


def clean_key(value: str | None) -> str:
    """The key a client sent, or a ValidationError saying what a key must be."""
    if not value or not KEY.fullmatch(value):
        raise ValidationError(
            _("Send an Idempotency-Key header of 8 to 100 letters, digits, hyphens or underscores (a UUID).")
        )
    return value


def outcome(*, user, key: str) -> dict | None:
    """The recorded outcome of the write sent with this key, or None if none was applied."""
    return AppliedRequest.objects.filter(user=user, key=key).values_list("outcome", flat=True).first()


def record(*, user, key: str, action: str, result: dict) -> None:
    """Record the write in the caller's transaction; ``AlreadyApplied`` if the key was applied meanwhile."""
    try:
        with transaction.atomic():
            AppliedRequest.objects.create(user=user, key=key, action=action, outcome=result)
    except IntegrityError:
        raise AlreadyApplied(outcome(user=user, key=key) or {}) from None


def key_from(request) -> str | None:
    """The request's ``Idempotency-Key``, checked; None when it sent none (an ordinary API client)."""
    value = request.headers.get(HEADER)
    return None if value is None else clean_key(value)


def once(*, user, key: str | None, action: str, write: Callable[[], dict]) -> dict:
    """Apply ``write`` (a service call returning the answer to send) once per key of the user.

    A retry of a write already applied gets the first answer and runs nothing. The user's row is
    locked first, so two copies of one write queue there and the second finds the first's record;
    a write the service refuses raises, records nothing and changes nothing. Without a key the
    write is simply applied.
    """
    if not key:
        return write()
    if (done := outcome(user=user, key=key)) is not None:
        return done
    try:
        with transaction.atomic():
            get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
            if (done := outcome(user=user, key=key)) is not None:
                raise AlreadyApplied(done)
            result = json.loads(json.dumps(write(), cls=DjangoJSONEncoder))
            record(user=user, key=key, action=action, result=result)
    except AlreadyApplied as applied:
        return applied.outcome
    return result


def sent_by_the_page(view: Callable) -> Callable:
    """A form view that the page sends itself with an ``Idempotency-Key`` (static/js/offline.js).

    Its redirect after a save is answered as ``{"location": ...}`` for the page to go there: a fetch
    that followed the redirect would use up the message the next page shows. Any other answer (the
    form again with its errors) is left as it is. A malformed key is refused before the view runs;
    the view reads the key with ``key_from``.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST" or HEADER not in request.headers:
            return view(request, *args, **kwargs)
        try:
            key_from(request)
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages), content_type="text/plain; charset=utf-8")
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseRedirectBase):
            return JsonResponse({"location": response["Location"]})
        return response

    return wrapped
