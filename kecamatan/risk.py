"""Risk ≈ Hazard × Vulnerability / Capacity, as a 0–1 index, and its class.

The programme treats the formula as a concept, not a law: this module is the one
place that turns the three indices into a risk index, so a better method changes
here only. Class cut-offs are per district (InaRISK default: thirds).
"""

from decimal import ROUND_HALF_UP, Decimal

THREE_PLACES = Decimal("0.001")
DEFAULT_CUTOFFS = (Decimal("0.333"), Decimal("0.667"))


def risk_index(*, hazard: Decimal, vulnerability: Decimal, capacity: Decimal) -> Decimal:
    """The geometric mean of hazard, vulnerability and (1 − capacity), on 0–1.

    A geometric mean keeps the index on the same 0–1 scale as its inputs and makes
    it zero when there is no hazard, whatever the vulnerability.
    """
    product = Decimal(hazard) * Decimal(vulnerability) * (Decimal(1) - Decimal(capacity))
    if product <= 0:
        return Decimal("0.000")
    return (product ** (Decimal(1) / Decimal(3))).quantize(THREE_PLACES, rounding=ROUND_HALF_UP)


def risk_class(index: Decimal, cutoffs: tuple[Decimal, Decimal] = DEFAULT_CUTOFFS) -> str:
    low_upper, medium_upper = cutoffs
    if index < low_upper:
        return "rendah"
    if index < medium_upper:
        return "sedang"
    return "tinggi"
