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


def _band(value: Decimal, cutoffs: tuple[Decimal, Decimal]) -> int:
    """0, 1 or 2: the third of the 0–1 scale a value falls in, by the same cut-offs as the classes."""
    return ("rendah", "sedang", "tinggi").index(risk_class(Decimal(value), cutoffs))


def susceptibility_index(*, vulnerability: Decimal, capacity: Decimal) -> Decimal:
    """Vulnerability net of capacity: the geometric mean of vulnerability and (1 − capacity).

    The risk index is the geometric mean of the hazard and this squared, which is what
    lets the risk matrix place a profile on two axes without a second formula.
    """
    product = Decimal(vulnerability) * (Decimal(1) - Decimal(capacity))
    if product <= 0:
        return Decimal("0.000")
    return product.sqrt().quantize(THREE_PLACES, rounding=ROUND_HALF_UP)


def matrix_cell(
    *, hazard: Decimal, vulnerability: Decimal, capacity: Decimal, cutoffs: tuple[Decimal, Decimal] = DEFAULT_CUTOFFS
) -> tuple[int, int]:
    """(hazard band, susceptibility band), each 0–2, for the 3 × 3 risk matrix."""
    return (
        _band(hazard, cutoffs),
        _band(susceptibility_index(vulnerability=vulnerability, capacity=capacity), cutoffs),
    )


def parse_season(text: str) -> list[int]:
    """Month numbers from ``5-10``, ``11-12,1-3`` or ``11-3`` (a range may wrap over the new year).

    Returns the months in season order (starting from the first month written), without
    repeats; an empty text is no season. Raises ValueError with a short reason.
    """
    months: list[int] = []
    text = (text or "").strip()
    if not text:
        return months
    for part in text.replace(";", ",").split(","):
        bounds = [b.strip() for b in part.split("-")]
        if len(bounds) not in (1, 2) or not all(b.isdigit() for b in bounds):
            raise ValueError(f"{part.strip()!r} is not a month or a range of months like 5-10")
        start, end = int(bounds[0]), int(bounds[-1])
        if not (1 <= start <= 12 and 1 <= end <= 12):
            raise ValueError(f"{part.strip()!r}: months are 1 to 12")
        month = start
        while True:
            if month not in months:
                months.append(month)
            if month == end:
                break
            month = month % 12 + 1
    return months


def season_runs(months: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of months, wrapping over the new year: [11, 12, 1, 2] → [(11, 2)]."""
    chosen = set(months)
    if not chosen:
        return []
    if len(chosen) == 12:
        return [(1, 12)]
    runs = []
    for month in range(1, 13):
        if month in chosen and (month - 2) % 12 + 1 not in chosen:
            end = month
            while end % 12 + 1 in chosen:
                end = end % 12 + 1
            runs.append((month, end))
    return runs


CLASS_NAMES = ("rendah", "sedang", "tinggi")


def risk_matrix(profiles: list, cutoffs) -> list[dict]:
    """Rows of the 3 × 3 matrix, high susceptibility first; each cell has its hazards.

    Cells carry no class of their own: the class follows from all three indices, so two profiles
    in one cell may differ, and each shows its own."""
    cells = {(h, s): [] for h in range(3) for s in range(3)}
    for profile in profiles:
        position = matrix_cell(
            hazard=profile.hazard_index,
            vulnerability=profile.vulnerability_index,
            capacity=profile.capacity_index,
            cutoffs=cutoffs,
        )
        cells[position].append(profile)
    return [
        {
            "band": CLASS_NAMES[s],
            "cells": [{"profiles": cells[(h, s)]} for h in range(3)],
        }
        for s in (2, 1, 0)
    ]
