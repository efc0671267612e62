"""The arguments of the needs pages and their API, read the same way by both: a value a page cannot
read shows its default (the next 7 days), the API answers it with a 400 naming the parameter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kencana.core.query import MAX_ID, QueryForm

from .selectors import DEFAULT_DAYS, MAX_DAYS


class NeedsQuery(QueryForm):
    """``?days=`` (1–90): the needs for that many days ahead; 7 when left out."""

    days = forms.IntegerField(
        label=_("Days ahead"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        error_messages={
            "invalid": _("Give a whole number of days."),
            "min_value": _("Give at least %(limit_value)s day."),
            "max_value": _("Give at most %(limit_value)s days."),
        },
    )


class EventNeedsQuery(NeedsQuery):
    """``?event=<id>``: the event whose shelters' needs are added up, and ``?days=``."""

    event = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={name: _("Give the event's id.") for name in ("required", "invalid", "min_value", "max_value")},
    )
