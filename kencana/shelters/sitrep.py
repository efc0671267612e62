"""The shelters' section of every situation report: sites, displaced by group, and the needs table
(needed / delivered / in stock / shortfall) under the event's profile, frozen with the sitrep."""

import datetime

from django.db.models import Q

from kencana.core.clock import local
from kencana.response.models import Event
from kencana.response.reporting import register_section

from . import selectors
from .models import Shelter

GROUPS = ("males", "females", "children", "under_five", "elderly", "pregnant", "breastfeeding", "disabled", "sick")


def _plain(value) -> str:
    """A quantity as JSON keeps it: plain digits, no trailing zeros, no exponent ("700", "0.5")."""
    return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def shelters_section(*, event: Event, as_of: datetime.datetime) -> dict | None:
    """None for an event without shelters (the sitrep then says nothing of them)."""
    day = local(as_of, event.district.timezone).date()
    shelters = list(
        Shelter.objects.filter(event=event, opened_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))
        .select_related("kecamatan", "desa")
        .order_by("kecamatan__code", "name")
    )
    if not shelters:
        return None
    counts = selectors.latest_counts([s.pk for s in shelters], as_of=as_of)
    displaced = selectors.displaced(shelters, counts)
    profile = selectors.event_profile(event)
    rows = selectors.needs_table(shelters=shelters, profile=profile, days=selectors.DEFAULT_DAYS)
    return {
        "sites_count": len(shelters),
        "people": displaced.total["people"],
        "households": displaced.total["households"],
        "groups": {name: displaced.total[name] for name in GROUPS},
        "sites": [
            {
                "name": s.name,
                "kind": str(s.get_kind_display()),
                "kecamatan": s.kecamatan.name,
                "desa": s.desa.name,
                "capacity": s.capacity,
                "people": counts[s.pk].people if s.pk in counts else None,
                "households": counts[s.pk].households if s.pk in counts else None,
            }
            for s in shelters
        ],
        "profile": profile.name if profile else "",
        "days": selectors.DEFAULT_DAYS,
        "table": [
            {
                "item": r.item.name_id,
                "unit": r.item.unit,
                "needed": _plain(r.needed),
                "delivered": _plain(r.delivered),
                "in_stock": _plain(r.in_stock),
                "shortfall": _plain(r.shortfall),
            }
            for r in rows
        ],
        "shortfalls": [
            {"item": r.item.name_id, "unit": r.item.unit, "shortfall": _plain(r.shortfall)}
            for r in selectors.top_shortfalls(rows)
        ],
    }


def register() -> None:
    register_section("shelters", shelters_section)
