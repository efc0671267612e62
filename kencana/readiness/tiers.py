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


MADYA = "madya"  # the tier a unit must reach (or pass) to count as "Destana Madya or above"


def at_madya_or_above(report) -> bool:
    """The report's score reaches its own version's Madya threshold (tiers are data, per version).

    Give it the report with ``version__thresholds`` prefetched when checking many."""
    bound = next((t.lower_bound for t in report.version.thresholds.all() if t.name.lower() == MADYA), None)
    return bound is not None and report.score is not None and report.score >= bound
