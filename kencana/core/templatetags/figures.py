"""``num`` and ``percent``: figures in the page's language (``kencana.core.formats``).

Loaded in every template (``builtins`` in settings): ``{{ lot.quantity|num }}``,
``{{ report.score|num:1 }}``, ``{{ verified|percent:expected }}``.
"""

from django import template

from kencana.core import formats
from kencana.core.forms import plain_number

register = template.Library()


@register.filter
def num(value, places=None) -> str:
    return formats.number(value, None if places in (None, "") else int(places))


@register.filter
def percent(part, whole) -> str:
    return formats.percent(part, whole)


@register.filter
def plain(value) -> str:
    """A number as an input's value: ``300``, ``0.25`` (``kencana.core.forms.plain_number``)."""
    return plain_number(value)
