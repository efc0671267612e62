"""Which tier a score reaches: the one rule, for reports scored by the services and by the seeders."""

from collections.abc import Iterable
from decimal import Decimal


def tier_for(score: Decimal | None, thresholds: Iterable[tuple[str, Decimal]]) -> str:
    """The highest tier whose lower bound the score reaches ("" without a score, or below every bound).

    ``thresholds`` are (name, lower bound) pairs in any order; a score exactly at a bound is in that tier.
    """
    if score is None:
        return ""
    reached = [(bound, name) for name, bound in thresholds if score >= bound]
    return max(reached)[1] if reached else ""
