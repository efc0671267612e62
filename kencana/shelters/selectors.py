"""Reads of shelters, counts and needs, scoped by user through ``kencana.accounts.scope``.

A shelter is seen by whoever works on its kecamatan in its district: BPBD the whole district, an
officer the shelters of their kecamatan. The needs table sets, per item, what the latest counts
need for the next N days under the event's profile against what the shelters' stores received,
handed out and still hold, and what the warehouses serving them have in stock.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404

from kecamatan.models import GEOMETRY_FIELDS, District, geometry_of
from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.response.models import Event
from logistics.models import Balance, Document, Item, Movement, NeedsProfile, NeedsProfileLine, Warehouse
from logistics.needs import line_requirement
from logistics.selectors import district_profile, district_profiles

from .models import AGE_GROUPS, EventNeedsProfile, Shelter, ShelterCount

DEFAULT_DAYS = 7
MAX_DAYS = 90
# What arrives at a shelter's store: goods sent to it, or donations received there.
DELIVERY_KINDS = (Document.Kind.DISPATCH, Document.Kind.TRANSFER, Document.Kind.RECEIPT)


def shelter_list(*, user) -> QuerySet[Shelter]:
    return (
        Shelter.objects.filter(kecamatan__in=kecamatan_for(user), district__in=districts_for(user))
        .select_related("event", "district", "kecamatan", "desa", "store")
        .defer(*geometry_of("district"), *geometry_of("kecamatan"), *geometry_of("desa"))
    )


def shelter_get(*, user, pk: int) -> Shelter:
    return get_object_or_404(shelter_list(user=user), pk=pk)


def event_shelters(*, user, event: Event) -> QuerySet[Shelter]:
    return shelter_list(user=user).filter(event=event)


def latest_counts(shelter_ids, *, as_of: datetime.datetime | None = None) -> dict[int, ShelterCount]:
    """The latest count of each shelter (as of a moment), by shelter id."""
    counts = ShelterCount.objects.filter(shelter=OuterRef("shelter"))
    if as_of is not None:
        counts = counts.filter(as_of__lte=as_of)
    latest = counts.order_by("-as_of", "-pk").values("pk")[:1]
    rows = ShelterCount.objects.filter(shelter_id__in=list(shelter_ids)).filter(pk=Subquery(latest))
    return {c.shelter_id: c for c in rows.select_related("shelter")}


def event_profile(event: Event) -> NeedsProfile | None:
    """The event's own choice of profile, else its district's default."""
    choice = EventNeedsProfile.objects.filter(event=event).select_related("profile").first()
    return choice.profile if choice is not None else district_profile(event.district_id)


# --- Totals of displaced people ----------------------------------------------------------------

TOTAL_FIELDS = (
    "households",
    "people",
    "males",
    "females",
    "children",
    "under_five",
    "elderly",
    "pregnant",
    "breastfeeding",
    "disabled",
    "sick",
    "female_headed_households",
)


def empty_totals() -> dict:
    return dict.fromkeys(TOTAL_FIELDS, 0)


def add_count(totals: dict, count: ShelterCount | None) -> None:
    if count is not None:
        for name in TOTAL_FIELDS:
            totals[name] += getattr(count, name)


@dataclass
class Displaced:
    """Totals of the latest counts: for the event, per kecamatan and per desa."""

    total: dict = field(default_factory=empty_totals)
    kecamatan: dict = field(default_factory=lambda: defaultdict(empty_totals))
    desa: dict = field(default_factory=lambda: defaultdict(empty_totals))
    shelters: int = 0
    counted: int = 0
    over_capacity: int = 0


def displaced(shelters, counts: dict[int, ShelterCount]) -> Displaced:
    result = Displaced()
    for shelter in shelters:
        result.shelters += 1
        count = counts.get(shelter.pk)
        if count is None:
            continue
        result.counted += 1
        result.over_capacity += count.people > shelter.capacity
        add_count(result.total, count)
        add_count(result.kecamatan[shelter.kecamatan.name], count)
        add_count(result.desa[shelter.desa.name], count)
    return result


# --- Needs ---------------------------------------------------------------------------------------


@dataclass
class NeedsRow:
    item: Item
    needed: Decimal = Decimal(0)
    delivered: Decimal = Decimal(0)
    distributed: Decimal = Decimal(0)
    at_shelters: Decimal = Decimal(0)
    in_stock: Decimal = Decimal(0)
    # Per shelter id: what it still lacks (the draft dispatch's quantities).
    lacking: dict = field(default_factory=dict)

    @property
    def shortfall(self) -> Decimal:
        return sum(self.lacking.values(), Decimal(0))


def _sum_by(rows, key) -> dict:
    totals: dict = defaultdict(Decimal)
    for row in rows:
        totals[key(row)] += row["total"] or 0
    return totals


def serving_warehouses(shelters) -> QuerySet[Warehouse]:
    """The open warehouses of the district that serve the shelters' kecamatan (not shelters' own stores)."""
    shelters = list(shelters)
    if not shelters:
        return Warehouse.objects.none()
    return Warehouse.objects.filter(
        district_id=shelters[0].district_id,
        is_active=True,
        shelter__isnull=True,
        kecamatan_served__in={s.kecamatan_id for s in shelters},
    ).distinct()


def needs_table(*, shelters, profile: NeedsProfile, days: int) -> list[NeedsRow]:
    """Needed / delivered / handed out / at the shelters / in stock / shortfall, per item of the profile.

    A shelter lacks what its people need for ``days`` days minus what its store holds now: a receipt
    at the shelter lowers the shortfall by exactly what was received, and what is handed out to
    households is gone from the store (and needed again as days pass).
    """
    shelters = list(shelters)
    if profile is None or not shelters:  # no profile at all (an installation that removed them all)
        return []
    counts = latest_counts([s.pk for s in shelters])
    lines = list(NeedsProfileLine.objects.filter(profile=profile).select_related("item"))
    store_of = {s.store_id: s.pk for s in shelters}
    item_ids = {line.item_id for line in lines}
    moves = Movement.objects.filter(warehouse_id__in=store_of, item_id__in=item_ids)
    delivered = _sum_by(
        moves.filter(quantity__gt=0, document__kind__in=DELIVERY_KINDS)
        .values("warehouse_id", "item_id")
        .annotate(total=Sum("quantity")),
        lambda r: (store_of[r["warehouse_id"]], r["item_id"]),
    )
    distributed = _sum_by(
        moves.filter(document__kind=Document.Kind.DISTRIBUTION)
        .values("warehouse_id", "item_id")
        .annotate(total=-Sum("quantity")),
        lambda r: (store_of[r["warehouse_id"]], r["item_id"]),
    )
    held = _sum_by(
        Balance.objects.filter(warehouse_id__in=store_of, item_id__in=item_ids)
        .values("warehouse_id", "item_id")
        .annotate(total=Sum("quantity")),
        lambda r: (store_of[r["warehouse_id"]], r["item_id"]),
    )
    in_stock = _sum_by(
        Balance.objects.filter(warehouse__in=serving_warehouses(shelters), item_id__in=item_ids)
        .values("item_id")
        .annotate(total=Sum("quantity")),
        lambda r: r["item_id"],
    )
    rows: dict[int, NeedsRow] = {}
    for line in lines:
        row = rows.setdefault(line.item_id, NeedsRow(item=line.item, in_stock=in_stock.get(line.item_id, Decimal(0))))
        for shelter in shelters:
            count = counts.get(shelter.pk)
            need = line_requirement(line, count=count.of_basis(line.basis), days=days) if count else Decimal(0)
            row.needed += need
            row.lacking[shelter.pk] = row.lacking.get(shelter.pk, Decimal(0)) + need
    for row in rows.values():
        for shelter in shelters:
            key = (shelter.pk, row.item.pk)
            row.delivered += delivered.get(key, 0)
            row.distributed += distributed.get(key, 0)
            row.at_shelters += held.get(key, 0)
            row.lacking[shelter.pk] = max(Decimal(0), row.lacking[shelter.pk] - held.get(key, 0))
    return sorted(rows.values(), key=lambda r: (-r.shortfall, r.item.code))


def top_shortfalls(rows: list[NeedsRow], n: int = 3) -> list[NeedsRow]:
    return [row for row in rows if row.shortfall > 0][:n]


def districts_of(user) -> QuerySet[District]:
    return districts_for(user).defer(*GEOMETRY_FIELDS)


def sex_age_rows(count: ShelterCount) -> list[tuple[str, int, int]]:
    """(age group, male, female) for a count's table."""
    return [(age, getattr(count, f"male_{age}"), getattr(count, f"female_{age}")) for age in AGE_GROUPS]


@dataclass
class EventPanel:
    """What the dashboard's event panel shows of an event's shelters."""

    sites: int
    people: int
    households: int
    over_capacity: int
    shortfalls: list  # (item, quantity), largest first


def profiles_of(events) -> dict[int, NeedsProfile]:
    """The profile each event follows, in a few queries whatever the number of events."""
    events = list(events)
    chosen = {
        c.event_id: c.profile
        for c in EventNeedsProfile.objects.filter(event__in=[e.pk for e in events]).select_related("profile")
    }
    defaults = district_profiles({e.district_id for e in events if e.pk not in chosen})
    return {e.pk: chosen.get(e.pk) or defaults[e.district_id] for e in events}


def lacking_by_shelter(shelters) -> dict[int, list[tuple[Decimal, Item]]]:
    """What each shelter lacks for the default days under its event's profile, largest first: one
    needs table per profile in use, not one per event."""
    shelters = list(shelters)
    profile_of = profiles_of({s.event_id: s.event for s in shelters}.values())
    by_profile: dict[int, list[Shelter]] = defaultdict(list)
    profiles_by_pk = {}
    for shelter in shelters:
        profile = profile_of[shelter.event_id]
        if profile is None:
            continue
        profiles_by_pk[profile.pk] = profile
        by_profile[profile.pk].append(shelter)
    lacking: dict[int, list] = defaultdict(list)
    for profile_pk, group in by_profile.items():
        for row in needs_table(shelters=group, profile=profiles_by_pk[profile_pk], days=DEFAULT_DAYS):
            for shelter_id, quantity in row.lacking.items():
                if quantity > 0:
                    lacking[shelter_id].append((quantity, row.item))
    for rows in lacking.values():
        rows.sort(key=lambda pair: (-pair[0], pair[1].code))
    return lacking


def event_panels(*, user, event_ids: list[int]) -> dict[int, EventPanel]:
    """Displaced totals and the three largest shortfalls of each event with shelters in the user's
    scope (events without shelters are left out), in a fixed number of queries."""
    shelters = list(shelter_list(user=user).filter(event_id__in=event_ids))
    if not shelters:
        return {}
    counts = latest_counts([s.pk for s in shelters])
    lacking = lacking_by_shelter(shelters)
    by_event: dict[int, list[Shelter]] = defaultdict(list)
    for shelter in shelters:
        by_event[shelter.event_id].append(shelter)
    panels = {}
    for event_id, group in by_event.items():
        totals = displaced(group, counts)
        short: dict[int, list] = {}
        for shelter in group:
            for quantity, item in lacking.get(shelter.pk, []):
                short.setdefault(item.pk, [item, Decimal(0)])[1] += quantity
        largest = sorted(short.values(), key=lambda pair: (-pair[1], pair[0].code))[:3]
        panels[event_id] = EventPanel(
            sites=len(group),
            people=totals.total["people"],
            households=totals.total["households"],
            over_capacity=totals.over_capacity,
            shortfalls=[(item, quantity) for item, quantity in largest],
        )
    return panels


# Shortfalls per shelter on the map cost a needs table per event: beyond this many shelters in view
# (a province, the country) the markers carry counts only.
MAP_SHORTFALL_LIMIT = 300


def shelter_points(*, user, district_ids: list[int]) -> list[dict]:
    """GeoJSON points of the open shelters of events not closed, in the user's scope: people,
    capacity and occupancy from the latest count, and each shelter's three largest shortfalls."""
    from django.urls import reverse

    from kencana.core.clock import local_today
    from kencana.response.models import EventStatus

    shelters = [
        s
        for s in shelter_list(user=user)
        .filter(district_id__in=district_ids)
        .exclude(event__status=EventStatus.CLOSED)
        .order_by("pk")
        if s.closed_on is None or s.closed_on >= local_today(s.district.timezone)
    ]
    counts = latest_counts([s.pk for s in shelters])
    lacking = lacking_by_shelter(shelters) if shelters and len(shelters) <= MAP_SHORTFALL_LIMIT else {}
    features = []
    for shelter in shelters:
        count = counts.get(shelter.pk)
        top = lacking.get(shelter.pk, [])[:3]
        features.append(
            {
                "type": "Feature",
                "id": f"shelter-{shelter.pk}",
                "geometry": {"type": "Point", "coordinates": [shelter.lon, shelter.lat]},
                "properties": {
                    "district": shelter.district.code,
                    "name": shelter.name,
                    "kind": str(shelter.get_kind_display()),
                    "people": count.people if count else None,
                    "households": count.households if count else None,
                    "capacity": shelter.capacity,
                    "occupancy": round(count.people / shelter.capacity, 3) if count else None,
                    "shortfalls": [
                        {"item": item.name, "unit": item.unit, "quantity": float(quantity)} for quantity, item in top
                    ],
                    "url": reverse("shelters:detail", args=[shelter.pk]),
                },
            }
        )
    return features


# --- Deliveries and donors -----------------------------------------------------------------------

DONATED = ("hibah", "csr", "masyarakat")


def deliveries(*, shelters) -> list[dict]:
    """What arrived at the shelters' stores and what left them to households, line by line, oldest
    first: {date, shelter, kind, number, item, quantity, households}."""
    store_of = {s.store_id: s for s in shelters}
    moves = (
        Movement.objects.filter(warehouse_id__in=store_of)
        .filter(document__kind__in=(*DELIVERY_KINDS, Document.Kind.DISTRIBUTION))
        .select_related("document", "item")
        .order_by("business_date", "pk")
    )
    return [
        {
            "date": m.business_date,
            "shelter": store_of[m.warehouse_id],
            "kind": m.document.kind,
            "number": m.document.number,
            "item": m.item,
            "quantity": abs(m.quantity),
            "households": m.document.households_reached,
        }
        for m in moves
    ]


@dataclass
class Donation:
    """One lot a donor gave for the event and where its quantity went."""

    donor: str
    funding: str
    receipt: Document
    lot_id: int
    item: Item
    quantity: Decimal
    went: list = field(default_factory=list)  # (date, document number, what: destination or "handed out", quantity)


def donor_report(*, event: Event) -> list[Donation]:
    """In-kind donations received for the event (receipts funded by a grant, CSR or the community
    naming the event in their reference), by donor and lot, with every movement of each lot out of
    the warehouse that received it: dispatches, transfers, distributions to households."""
    receipts = (
        Document.objects.filter(
            district_id=event.district_id,
            kind=Document.Kind.RECEIPT,
            funding_source__in=DONATED,
            reference__icontains=event.number,
        )
        .prefetch_related("lines__item")
        .order_by("supplier", "business_date", "pk")
    )
    donations = []
    for receipt in receipts:
        for line in receipt.lines.all():
            donations.append(
                Donation(
                    donor=receipt.supplier or receipt.get_funding_source_display(),
                    funding=receipt.get_funding_source_display(),
                    receipt=receipt,
                    lot_id=line.lot_id,
                    item=line.item,
                    quantity=line.quantity,
                )
            )
    outgoing = (
        Movement.objects.filter(lot_id__in=[d.lot_id for d in donations], quantity__lt=0)
        .select_related("document__destination_warehouse", "document__destination_kecamatan", "warehouse")
        .order_by("business_date", "pk")
    )
    by_lot: dict[int, list] = defaultdict(list)
    for move in outgoing:
        document = move.document
        if document.kind == Document.Kind.DISTRIBUTION:
            where = f"{move.warehouse.name}: {document.households_reached or 0} KK"
        else:
            where = document.destination_label or document.get_kind_display()
        by_lot[move.lot_id].append((move.business_date, document.number, where, -move.quantity))
    for donation in donations:
        donation.went = by_lot.get(donation.lot_id, [])
    return donations


def deliveries_to(shelter: Shelter) -> QuerySet[Document]:
    """The dispatches addressed to the shelter's store, newest first (its caller has the shelter in scope)."""
    return Document.objects.filter(district_id=shelter.district_id, destination_warehouse=shelter.store).order_by(
        "-business_date", "-pk"
    )


def distributions_from(shelter: Shelter) -> QuerySet[Document]:
    """What the shelter's store handed out to households, newest first."""
    return shelter.store.documents.filter(kind=Document.Kind.DISTRIBUTION).order_by("-business_date", "-pk")
