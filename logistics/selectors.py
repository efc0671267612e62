"""Every read of logistics data, scoped by user; set-based helpers for other apps.

BPBD staff see their district's warehouses; officers see the stores that serve
their kecamatan and the requests of their kecamatan; anything else is not found.
``shortages`` and ``expiring_lots`` take district ids instead of a user so the
alerts app can evaluate every district in a few queries.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from kecamatan.models import District, Kecamatan, TimeZone, geometry_of
from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.core.clock import local_today

from .geo import distance_km
from .models import (
    Balance,
    Basis,
    DistrictNeedsProfile,
    Document,
    Item,
    LogisticsSettings,
    Lot,
    MinimumStock,
    Movement,
    NeedsProfile,
    NeedsProfileLine,
    Request,
    Warehouse,
)
from .needs import Headcount, line_requirement
from .reference import PERKA


def warehouse_list(*, user) -> QuerySet[Warehouse]:
    districts = districts_for(user)
    warehouses = (
        Warehouse.objects.filter(district__in=districts)
        .select_related("district", "keeper")
        .defer(*geometry_of("district"))
    )
    if user.is_authenticated and user.is_officer:
        served = Warehouse.kecamatan_served.through.objects.filter(
            warehouse_id=OuterRef("pk"), kecamatan__in=kecamatan_for(user)
        )
        warehouses = warehouses.filter(Exists(served))
    return warehouses.order_by("district__code", "code")


def warehouse_choices(*, user) -> QuerySet[Warehouse]:
    """The warehouses of ``warehouse_list`` with only what a filter's options show (a district in a
    disaster keeps a store per shelter: a hundred and more)."""
    return warehouse_list(user=user).select_related(None).only("pk", "name")


def warehouse_get(*, user, pk: int) -> Warehouse:
    return get_object_or_404(warehouse_list(user=user), pk=pk)


def minimum_list(*, user) -> QuerySet[MinimumStock]:
    """Minimums of the warehouses the user sees."""
    warehouses = warehouse_list(user=user).values("pk")
    return MinimumStock.objects.filter(warehouse__in=warehouses).select_related("warehouse", "item")


def keeper_choices(*, district: District) -> QuerySet:
    """Who can keep a warehouse of the district: its active users."""
    return get_user_model().objects.filter(district=district, is_active=True).order_by("username")


def settings_for(district: District) -> LogisticsSettings:
    """The district's planning parameters, or the defaults when none were saved."""
    return LogisticsSettings.objects.filter(district=district).first() or LogisticsSettings(district=district)


def item_list() -> QuerySet[Item]:
    return Item.objects.filter(is_active=True)


# --- Needs profiles ------------------------------------------------------------------------


def needs_profiles() -> QuerySet[NeedsProfile]:
    return NeedsProfile.objects.filter(is_active=True)


def district_profile(district_id: int) -> NeedsProfile | None:
    """The district's chosen profile, else Perka BNPB 7/2008 (the national rule), else any."""
    choice = DistrictNeedsProfile.objects.filter(district_id=district_id).select_related("profile").first()
    if choice is not None:
        return choice.profile
    return needs_profiles().filter(code=PERKA).first() or needs_profiles().first()


def district_profiles(district_ids) -> dict[int, NeedsProfile | None]:
    """The default profile of each district, in at most three queries whatever their number."""
    district_ids = set(district_ids)
    chosen = {
        c.district_id: c.profile
        for c in DistrictNeedsProfile.objects.filter(district_id__in=district_ids).select_related("profile")
    }
    fallback = None
    if district_ids - chosen.keys():
        fallback = needs_profiles().filter(code=PERKA).first() or needs_profiles().first()
    return {d: chosen.get(d, fallback) for d in district_ids}


def person_lines(profile_ids, item_ids=None) -> dict[tuple[int, int], NeedsProfileLine]:
    """The per-person line of each (profile, item): what a planned number of people needs, since a
    population says nothing of its households or vulnerable groups."""
    lines = NeedsProfileLine.objects.filter(profile_id__in=set(profile_ids), basis=Basis.PERSON)
    if item_ids is not None:
        lines = lines.filter(item_id__in=set(item_ids))
    return {(line.profile_id, line.item_id): line for line in lines}


def lot_list(*, user) -> QuerySet[Lot]:
    lots = Lot.objects.filter(district__in=districts_for(user)).select_related("item")
    if user.is_authenticated and user.is_officer:
        lots = lots.filter(Exists(Balance.objects.filter(lot=OuterRef("pk"), warehouse__in=warehouse_list(user=user))))
    return lots


def lots_in_stock(*, user) -> tuple[QuerySet[Lot], dict[int, set[int]]]:
    """Lots in stock in the user's warehouses, and {lot id: the ids of those warehouses holding it}."""
    held = Balance.objects.filter(quantity__gt=0, warehouse__in=warehouse_list(user=user))
    held_in: dict[int, set[int]] = {}
    for lot_id, warehouse_id in held.filter(lot__in=lot_list(user=user)).values_list("lot_id", "warehouse_id"):
        held_in.setdefault(lot_id, set()).add(warehouse_id)
    return lot_list(user=user).filter(Exists(held.filter(lot=OuterRef("pk")))), held_in


def document_list(*, user) -> QuerySet[Document]:
    documents = Document.objects.filter(district__in=districts_for(user))
    if user.is_authenticated and user.is_officer:
        visible = warehouse_list(user=user).values("pk")
        documents = documents.filter(
            Q(warehouse__in=visible)
            | Q(destination_warehouse__in=visible)
            | Q(destination_kecamatan__in=kecamatan_for(user))
        )
    return documents.select_related("warehouse", "destination_warehouse", "destination_kecamatan", "reason", "request")


def document_get(*, user, pk: int) -> Document:
    return get_object_or_404(document_list(user=user).select_related("district", "created_by", "received_by"), pk=pk)


def request_list(*, user) -> QuerySet[Request]:
    requests = Request.objects.filter(district__in=districts_for(user), kecamatan__in=kecamatan_for(user))
    return requests.select_related("kecamatan", "destination_warehouse", "requested_by", "hazard")


def request_get(*, user, pk: int) -> Request:
    return get_object_or_404(request_list(user=user).select_related("district", "decided_by"), pk=pk)


def movement_list(*, user) -> QuerySet[Movement]:
    return Movement.objects.filter(warehouse__in=warehouse_list(user=user)).select_related(
        "document", "warehouse", "lot", "item"
    )


# --- Balances and the stock card ------------------------------------------------------


def balance_totals(
    *,
    user,
    as_of: datetime.date | None = None,
    warehouse: Warehouse | None = None,
    category: str = "",
    item: Item | None = None,
    include_empty: bool = False,
) -> QuerySet:
    """Quantity per warehouse × lot as {warehouse_id, lot_id, total} rows, now (from balances) or at
    the end of ``as_of`` (from the ledger), in the order the lists show them (warehouse, category,
    item, expiry with the undated last, lot), so that a page of them is read alone."""
    warehouses = warehouse_list(user=user)
    if warehouse is not None:
        warehouses = warehouses.filter(pk=warehouse.pk)
    source = Movement.objects.filter(business_date__lte=as_of) if as_of else Balance.objects.all()
    source = source.filter(warehouse__in=warehouses)
    if category:
        source = source.filter(item__category=category)
    if item is not None:
        source = source.filter(item=item)
    if not include_empty and not as_of:
        source = source.filter(quantity__gt=0)
    rows = source.values("warehouse_id", "lot_id").annotate(total=Sum("quantity"))
    if not include_empty and as_of:
        rows = rows.filter(total__gt=0)
    return rows.order_by(
        "warehouse__code",
        "lot__item__category",
        "lot__item__code",
        F("lot__expiry_date").asc(nulls_last=True),
        "lot_id",
    )


def balance_hydrated(rows: Iterable[dict]) -> list[dict]:
    """Balance total rows with their warehouse, lot and item (three queries whatever their number)."""
    rows = list(rows)
    lots = Lot.objects.select_related("item").in_bulk({r["lot_id"] for r in rows})
    by_pk = (
        Warehouse.objects.defer(*geometry_of("district"))
        .select_related("district")
        .in_bulk({r["warehouse_id"] for r in rows})
    )
    return [
        {
            "warehouse": by_pk[r["warehouse_id"]],
            "lot": lots[r["lot_id"]],
            "item": lots[r["lot_id"]].item,
            "quantity": r["total"],
        }
        for r in rows
    ]


def balance_rows(**chosen) -> list[dict]:
    """Every balance row ``balance_totals`` chooses, with its warehouse, lot and item."""
    return balance_hydrated(balance_totals(**chosen))


def item_totals(rows: list[dict]) -> list[dict]:
    """Balance rows summed per warehouse × item, with the nearest expiry."""
    totals: dict[tuple[int, int], dict] = {}
    for row in rows:
        key = (row["warehouse"].pk, row["item"].pk)
        entry = totals.setdefault(
            key,
            {
                "warehouse": row["warehouse"],
                "item": row["item"],
                "quantity": Decimal(0),
                "lots": 0,
                "next_expiry": None,
            },
        )
        entry["quantity"] += row["quantity"]
        entry["lots"] += 1
        expiry = row["lot"].expiry_date
        if expiry and (entry["next_expiry"] is None or expiry < entry["next_expiry"]):
            entry["next_expiry"] = expiry
    return list(totals.values())


def stock_card(
    *, warehouse: Warehouse, item: Item, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> tuple[Decimal, list[dict]]:
    """Opening balance before ``date_from`` and every line after it with its running balance."""
    movements = Movement.objects.filter(warehouse=warehouse, item=item)
    opening = Decimal(0)
    if date_from:
        opening = movements.filter(business_date__lt=date_from).aggregate(s=Sum("quantity"))["s"] or Decimal(0)
        movements = movements.filter(business_date__gte=date_from)
    if date_to:
        movements = movements.filter(business_date__lte=date_to)
    running = opening
    lines = []
    for movement in movements.select_related("document", "lot").order_by("business_date", "recorded_at", "pk"):
        running += movement.quantity
        lines.append({"movement": movement, "balance": running})
    return opening, lines


def in_transit_to(*, warehouse: Warehouse) -> QuerySet[Document]:
    return Document.objects.filter(destination_warehouse=warehouse, status=Document.Status.IN_TRANSIT)


# --- Minimums and shortages --------------------------------------------------------------


@dataclass
class Shortage:
    warehouse: Warehouse
    item: Item
    minimum: Decimal
    on_hand: Decimal

    @property
    def missing(self) -> Decimal:
        return self.minimum - self.on_hand


def _settings_by_district(district_ids) -> dict[int, LogisticsSettings]:
    found = {s.district_id: s for s in LogisticsSettings.objects.filter(district_id__in=district_ids)}
    return {d: found.get(d) or LogisticsSettings(district_id=d) for d in district_ids}


def minimum_quantity(
    minimum: MinimumStock, *, served_population: int, settings: LogisticsSettings, line: NeedsProfileLine | None
) -> Decimal:
    """The fixed minimum, or served population × planning share × the item's per-person line of the
    district's needs profile × buffer days."""
    if minimum.mode == MinimumStock.Mode.FIXED:
        return minimum.fixed_quantity
    if line is None or not served_population:
        return Decimal(0)
    people = Decimal(served_population) * settings.planning_share_percent / 100
    return line_requirement(line, count=people, days=settings.buffer_days)


def _each_zone(condition) -> Q:
    """``condition(today)`` for each warehouse with the day of its district's own zone: a lot
    expires at local midnight, not at UTC's."""
    clauses = Q()
    for zone in TimeZone.values:
        clauses |= Q(warehouse__district__timezone=zone) & condition(local_today(zone))
    return clauses


def usable_balances(today: datetime.date | None = None) -> QuerySet[Balance]:
    """Balances of lots not yet expired: expired stock does not count towards a minimum."""

    def not_expired(day):
        return Q(lot__expiry_date__isnull=True) | Q(lot__expiry_date__gte=day)

    return Balance.objects.filter(not_expired(today) if today else _each_zone(not_expired), quantity__gt=0)


def minimum_rows(*, warehouses: QuerySet[Warehouse]) -> list[Shortage]:
    """Minimum and usable stock of every warehouse × item with a minimum, in a fixed number of queries."""
    warehouses = warehouses.filter(is_active=True).annotate(served=Sum("kecamatan_served__population"))
    by_pk = {w.pk: w for w in warehouses.order_by()}
    if not by_pk:
        return []
    settings = _settings_by_district({w.district_id for w in by_pk.values()})
    minimums = MinimumStock.objects.filter(warehouse_id__in=by_pk)
    has_minimum = minimums.filter(warehouse_id=OuterRef("warehouse_id"), item_id=OuterRef("item_id"))
    on_hand = {
        (r["warehouse_id"], r["item_id"]): r["total"]
        for r in usable_balances()
        .filter(Exists(has_minimum), warehouse_id__in=by_pk)
        .values("warehouse_id", "item_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    }
    # Few items, many minimums: items are read once, not once per minimum.
    minimums = list(minimums.only("warehouse_id", "item_id", "mode", "fixed_quantity"))
    items = Item.objects.in_bulk({m.item_id for m in minimums})
    profiles = district_profiles(settings.keys())
    lines = person_lines({p.pk for p in profiles.values() if p}, items)
    rows = []
    for minimum in minimums:
        minimum.item = items[minimum.item_id]
        warehouse = by_pk[minimum.warehouse_id]
        profile = profiles[warehouse.district_id]
        quantity = minimum_quantity(
            minimum,
            served_population=warehouse.served or 0,
            settings=settings[warehouse.district_id],
            line=lines.get((profile.pk, minimum.item_id)) if profile else None,
        )
        rows.append(
            Shortage(warehouse, minimum.item, quantity, on_hand.get((warehouse.pk, minimum.item_id), Decimal(0)))
        )
    rows.sort(key=lambda r: (r.warehouse.code, r.item.category, r.item.code))
    return rows


def shortages(*, district_ids=None) -> list[Shortage]:
    """Every warehouse × item below its minimum (all districts, or the given ones), in a few queries."""
    warehouses = Warehouse.objects.select_related("district")
    if district_ids is not None:
        warehouses = warehouses.filter(district_id__in=district_ids)
    return [row for row in minimum_rows(warehouses=warehouses) if row.missing > 0]


def shortages_for(
    *, user, warehouse: Warehouse | None = None, category: str = "", district_code: str = ""
) -> list[Shortage]:
    warehouses = warehouse_list(user=user)
    if warehouse is not None:
        warehouses = warehouses.filter(pk=warehouse.pk)
    if district_code:
        warehouses = warehouses.filter(district__code=district_code)
    rows = [row for row in minimum_rows(warehouses=warehouses) if row.missing > 0]
    return [row for row in rows if not category or row.item.category == category]


def expiring_lots(*, within_days: int, district_ids=None, today: datetime.date | None = None) -> QuerySet[Balance]:
    """Balances of lots that expire within ``within_days`` (or already have), soonest first; one query."""

    def expiring(day):
        return Q(lot__expiry_date__lte=day + datetime.timedelta(days=within_days))

    balances = Balance.objects.filter(expiring(today) if today else _each_zone(expiring), quantity__gt=0)
    if district_ids is not None:
        balances = balances.filter(warehouse__district_id__in=district_ids)
    return balances.select_related("warehouse", "lot", "item").order_by(
        "lot__expiry_date", "warehouse__code", "item__code"
    )


def expiring_lots_for(*, user, within_days: int, warehouse: Warehouse | None = None) -> QuerySet[Balance]:
    balances = expiring_lots(within_days=within_days).filter(warehouse__in=warehouse_list(user=user))
    return balances.filter(warehouse=warehouse) if warehouse is not None else balances


# --- Needs calculator ------------------------------------------------------------------------


@dataclass
class NeedRow:
    item: Item
    required: Decimal
    local: Decimal
    sources: list[tuple[Warehouse, float, Decimal]] = field(default_factory=list)

    @property
    def gap(self) -> Decimal:
        """What the kecamatan's own stores cannot cover: the quantity to request."""
        return max(self.required - self.local, Decimal(0))

    @property
    def elsewhere(self) -> Decimal:
        return sum((q for _w, _d, q in self.sources), Decimal(0))

    @property
    def uncovered(self) -> Decimal:
        """What even the district's other warehouses cannot cover (to procure or ask the province)."""
        return max(self.gap - self.elsewhere, Decimal(0))


def needs_scenario(
    *, kecamatan: Kecamatan, headcount: Headcount, days: int, nearest: int = 3
) -> tuple[NeedsProfile | None, list[NeedRow]]:
    """What ``headcount`` needs for ``days`` days under the district's default needs profile (as a
    shelter's needs table counts it), against stock in the kecamatan's stores and the nearest warehouses."""
    profile = district_profile(kecamatan.district_id)
    if profile is None:
        return None, []
    lines = list(NeedsProfileLine.objects.filter(profile=profile, item__is_active=True).select_related("item"))
    required: dict[int, Decimal] = defaultdict(Decimal)
    items = {}
    for line in lines:
        items[line.item_id] = line.item
        required[line.item_id] += line_requirement(line, count=headcount.of_basis(line.basis), days=days)
    warehouses = list(
        Warehouse.objects.filter(district_id=kecamatan.district_id, is_active=True).prefetch_related("kecamatan_served")
    )
    local_ids = {w.pk for w in warehouses if any(k.pk == kecamatan.pk for k in w.kecamatan_served.all())}
    stock = defaultdict(Decimal)
    for row in (
        usable_balances()
        .filter(warehouse__in=warehouses, item_id__in=list(items))
        .values("warehouse_id", "item_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    ):
        stock[(row["warehouse_id"], row["item_id"])] = row["total"]
    origin = (kecamatan.centroid_lat, kecamatan.centroid_lon)
    others = sorted(
        (w for w in warehouses if w.pk not in local_ids),
        key=lambda w: distance_km(*origin, w.lat, w.lon) if None not in origin else 0,
    )
    rows = []
    for item_id, item in items.items():
        row = NeedRow(
            item=item,
            required=required[item_id],
            local=sum((stock[(pk, item_id)] for pk in local_ids), Decimal(0)),
        )
        for warehouse in others:
            quantity = stock[(warehouse.pk, item_id)]
            if quantity > 0 and len(row.sources) < nearest:
                distance = distance_km(*origin, warehouse.lat, warehouse.lon) if None not in origin else None
                row.sources.append((warehouse, distance, quantity))
        rows.append(row)
    rows.sort(key=lambda r: (r.item.category, r.item.code))
    return profile, rows
