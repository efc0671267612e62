from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def within(minutes: int | None) -> str:
    """How long a step may take after the trigger, in words: "≤ 30 menit", "≤ 2 jam", "segera"."""
    if minutes is None:
        return "—"
    if minutes == 0:
        return _("at once")
    if minutes % 1440 == 0:
        days = minutes // 1440
        return "≤ " + ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    if minutes % 60 == 0:
        hours = minutes // 60
        return "≤ " + ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    return "≤ " + ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
