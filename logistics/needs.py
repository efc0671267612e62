"""How much people need, from a head count and the lines of a needs profile.

Pure arithmetic, no queries: the selectors gather counts, lines and stock, and this module says how
much of an item ``days`` days ahead take. The shelters' needs table, the needs calculator and derived
minimum stock all count through :func:`line_requirement`, so one profile gives one set of figures.
Every figure is rounded up to whole units per count, since a shelter cannot receive a third of a
toilet.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from .models import Basis, NeedsProfileLine, Period


@dataclass(frozen=True)
class Headcount:
    """Who is to be provided for: people, households and the vulnerable groups a line may count."""

    people: int | Decimal
    households: int | Decimal = 0
    under_five: int | Decimal = 0
    elderly: int | Decimal = 0
    pregnant_breastfeeding: int | Decimal = 0
    disabled: int | Decimal = 0

    def of_basis(self, basis: str) -> int | Decimal:
        """How many people (or households) of a profile line's basis the count holds."""
        return {
            Basis.PERSON: self.people,
            Basis.HOUSEHOLD: self.households,
            Basis.UNDER_FIVE: self.under_five,
            Basis.ELDERLY: self.elderly,
            Basis.PREGNANT_BREASTFEEDING: self.pregnant_breastfeeding,
            Basis.DISABLED: self.disabled,
        }[basis]


def line_requirement(line: NeedsProfileLine, *, count: int | Decimal, days: int) -> Decimal:
    """The line's item for ``count`` people (or households, or a group) over ``days`` days.

    A line "once" is kept, not consumed (1 toilet per 20 people: 21 people need 2 whatever the
    days). A daily line with an initial rate uses it for the first ``initial_days``.
    """
    if count <= 0 or days <= 0:
        return Decimal(0)
    groups = Decimal(count) / line.per_count
    if line.period == Period.ONCE:
        return line.quantity * math.ceil(groups)
    if line.period == Period.WEEK:
        total = groups * line.quantity * days / 7
    else:
        initial = min(days, line.initial_days or 0) if line.initial_quantity is not None else 0
        total = groups * (line.quantity * (days - initial) + (line.initial_quantity or 0) * initial)
    return Decimal(math.ceil(total))
