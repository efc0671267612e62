from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from kencana.core.formats import number
from kencana.readiness.models import AnswerType

register = template.Library()


@register.filter
def bound_fields(form, entry) -> list:
    """The form's fields for one entry of the report, in order."""
    return form.bound_fields(entry)


@register.filter
def ikd_index(score) -> Decimal | None:
    """A 0–100 section score as a 0–1 index, as the assessment's own index is shown."""
    return None if score in (None, "") else Decimal(str(score)) / 100


@register.filter
def ikd_percent(points) -> Decimal | None:
    """An answer's share (0–1) of its indicator's points, in percent."""
    return None if points is None else points * 100


@register.filter
def ikd_answer(value: str, indicator) -> str:
    """A stored answer in words: Ya/Tidak for yes/no, the number with its unit, or the choice."""
    if indicator.answer_type == AnswerType.YES_NO:
        return str(_("Yes") if value == "yes" else _("No"))
    if indicator.answer_type == AnswerType.NUMBER:
        return f"{number(Decimal(value))} {indicator.unit}".strip()
    return value
