"""Quantities people at a shelter need, from a head count and a needs profile line.

Pure arithmetic, no queries: the selectors gather counts, lines and stock, and this module says how
much of an item ``days`` days ahead take. Every figure is rounded up to whole units per shelter,
since a shelter cannot receive a third of a toilet.
"""

import math
from decimal import Decimal

from .models import NeedsProfileLine, Period


def line_requirement(line: NeedsProfileLine, *, count: int, days: int) -> Decimal:
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
