"""Figures as people read them, in the active language: one helper for every page and message.

Indonesian groups thousands with a dot and writes decimals with a comma (``12.000,5``); English
the other way round. Pages use these through the ``num`` and ``percent`` template filters
(``kencana.core.templatetags.figures``), messages and notifications call them directly, and the
browser's scripts use ``static/js/format.js``, which follows the same rules. Inputs are another
matter: they carry machine formats (``kencana.core.forms``).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import date_format, number_format

EMPTY = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def number(value, places: int | None = None) -> str:
    """``value`` grouped by thousands with the language's separators; "—" when there is none.

    ``places``: exactly that many decimals, rounded half up (a score: ``76,7``). Without it, the
    decimals the value needs and no more (``300.000`` stored with three places is ``300``; an
    index ``0,319``), at most three.
    """
    amount = _decimal(value)
    if amount is None or not amount.is_finite():
        return EMPTY
    if places is None:
        amount = amount.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        places = max(0, -amount.normalize().as_tuple().exponent) if amount else 0
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if amount == 0:
        amount = abs(amount)  # no "-0"
    return number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


def percent(part, whole, places: int = 0) -> str:
    """``part`` as a share of ``whole``: "13%" for 1 of 8; "—" when there is no whole."""
    part_amount, whole_amount = _decimal(part), _decimal(whole)
    if part_amount is None or not whole_amount:
        return EMPTY
    return number(part_amount * 100 / whole_amount, places) + "%"


def day(value) -> str:
    """A date as people write it: "5 Des 2026" ("5 Dec 2026" in English); "—" when there is none."""
    return date_format(value, "j M Y") if value else EMPTY
