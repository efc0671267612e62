"""Counts of people and things as officials type them: whole, not negative, not absurd.

One rule for every count the product takes (impact reports, shelter head counts): a form, JSON or
code value ("12", 12, 12.0) is a whole number or a message for its field.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


def whole(raw) -> int | None:
    """A whole number from a form, JSON or code value ("12", 12, 12.0), or None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    try:
        number = Decimal(str(raw).strip())
    except (InvalidOperation, ArithmeticError):
        return None
    return int(number) if number.is_finite() and number == number.to_integral_value() else None


def clean_counts(values: dict, fields, *, maximum: int) -> tuple[dict, dict]:
    """Each of ``fields`` from ``values`` (missing or empty: 0) as a whole number from 0 to
    ``maximum``: the cleaned numbers, and a message per field that is not."""
    cleaned, errors = {}, {}
    for name in fields:
        raw = values.get(name, 0)
        number = whole(0 if raw in (None, "") else raw)
        if number is None:
            errors[name] = _("Enter a whole number.")
        elif number < 0:
            errors[name] = _("A count cannot be negative.")
        elif number > maximum:
            errors[name] = _("That count is too large.")
        else:
            cleaned[name] = number
    return cleaned, errors
