"""Figures and days as an Indonesian reader expects them."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def num(value) -> str:
    """A count or length with the language's grouping and decimal mark: 1.234 and 1,5 in Indonesian."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)


@register.filter
def days_left(days) -> str:
    """How far the end of an emergency period is: "3 hari lagi", "berakhir hari ini", "berakhir 2 hari lalu"."""
    if days in (None, ""):
        return ""
    days = int(days)
    if days > 0:
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    if days == 0:
        return _("ends today")
    return ngettext("ended %(days)s day ago", "ended %(days)s days ago", -days) % {"days": -days}


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
