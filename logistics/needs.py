"""How much people need, from the norms (editable data, seeded from Sphere and Indonesian practice)."""

import math
from decimal import Decimal

from .models import Norm


def requirement(norm: Norm, *, people: int | Decimal, days: int) -> Decimal:
    """Quantity of the norm's item for ``people`` over ``days``, rounded up to whole units.

    A per-day norm with an initial rate uses it for the first ``initial_days``
    (water: 7 L a day for 3 days, then 15 L).
    """
    groups = Decimal(people) / norm.per_people
    if not norm.per_day:
        total = norm.quantity * groups
    else:
        initial = min(days, norm.initial_days or 0) if norm.initial_quantity is not None else 0
        rate_days = norm.quantity * (days - initial) + (norm.initial_quantity or 0) * initial
        total = groups * rate_days
    return Decimal(math.ceil(total))
