"""Logistics in the synthetic country: warehouses, items up to the asked number, a lot per
district and item, a ledger of receipts and dispatches whose running balance never goes
below zero, balances equal to the sum of movements, and minimum stock with shortages."""

import datetime
from collections import defaultdict
from decimal import Decimal

from kencana.core.synthetic import Context

from .models import (
    Balance,
    Category,
    Counter,
    Document,
    DocumentLine,
    FundingSource,
    Item,
    LogisticsSettings,
    Lot,
    MinimumStock,
    Movement,
    Warehouse,
)
from .services.documents import HANDOVER_PREFIX, PREFIXES

WAREHOUSE_KINDS = [Warehouse.Kind.MAIN, Warehouse.Kind.DISTRIBUTION, Warehouse.Kind.KECAMATAN, Warehouse.Kind.POSKO]
UNITS = ["unit", "paket", "kg", "liter", "lembar", "buah"]
HISTORY_DAYS = 700


def _items(ctx: Context) -> list[tuple[int, bool]]:
    """(id, perishable) of ``sizes.items`` active items, adding synthetic ones as needed."""
    existing = list(Item.objects.filter(is_active=True).order_by("code").values_list("pk", "perishable"))
    missing = ctx.sizes.items - len(existing)
    if missing > 0:
        table = ctx.table(
            Item, ["id", "code", "name_id", "name_en", "category", "unit", "kind", "perishable", "is_active"]
        )
        categories = [c.value for c in Category]
        for pk in ctx.ids(Item, missing):
            perishable = ctx.rng.random() < 0.3
            table.add(
                pk,
                f"SIN-{pk:05d}",
                f"Barang sintetis {pk}",
                f"Synthetic item {pk}",
                ctx.rng.choice(categories),
                ctx.rng.choice(UNITS),
                Item.Kind.CONSUMABLE,
                perishable,
                True,
            )
            existing.append((pk, perishable))
        table.close()
    return existing[: ctx.sizes.items]


def seed_logistics(ctx: Context) -> None:
    rng, sizes = ctx.rng, ctx.sizes
    items = _items(ctx)
    per_district = sizes.warehouses_per_district
    total_warehouses = len(ctx.districts) * per_district
    movements_per_warehouse = max(len(items), sizes.movements // max(1, total_warehouses))
    funding = [f.value for f in FundingSource]

    settings = ctx.table(LogisticsSettings, ["district", "buffer_days", "planning_share_percent"])
    warehouses = ctx.table(
        Warehouse, ["id", "district", "code", "name", "kind", "address", "lat", "lon", "keeper", "is_active"]
    )
    served = ctx.table(Warehouse.kecamatan_served.through, ["warehouse", "kecamatan"])
    lots = ctx.table(
        Lot,
        [
            "id",
            "district",
            "item",
            "expiry_date",
            "funding_source",
            "received_on",
            "reference",
            "inventory_number",
            "created_at",
        ],
    )
    documents = ctx.table(
        Document,
        [
            "id", "district", "kind", "number", "status", "warehouse", "destination_kecamatan", "destination_text",
            "business_date", "supplier", "funding_source", "reference", "vehicle", "driver", "driver_phone", "note",
            "idempotency_key", "created_by", "created_at", "posted_at", "handover_number", "received_date",
            "received_by_name", "received_note", "receipt_idempotency_key",
        ],
    )  # fmt: skip
    lines = ctx.table(DocumentLine, ["document", "item", "lot", "quantity", "received_quantity"])
    movements = ctx.table(
        Movement, ["document", "warehouse", "lot", "item", "quantity", "business_date", "recorded_at"]
    )
    balances = ctx.table(Balance, ["warehouse", "lot", "item", "quantity", "updated_at"])
    minimums = ctx.table(MinimumStock, ["warehouse", "item", "mode", "fixed_quantity"])
    counters_table = ctx.table(Counter, ["district", "prefix", "year", "last"])
    warehouse_ids = iter(ctx.ids(Warehouse, total_warehouses))
    lot_ids = iter(ctx.ids(Lot, len(ctx.districts) * len(items)))
    # Documents are numbered as they are made; a generous block of ids, trimmed at the end.
    document_ids = iter(ctx.ids(Document, sizes.movements // 3 + total_warehouses * 4))
    first_day = ctx.today - datetime.timedelta(days=HISTORY_DAYS)

    for d_index, district in enumerate(ctx.districts):
        code, staff = district["code"], district["staff"]
        settings.add(district["id"], 3, Decimal(5))
        counters: dict[tuple[str, int], int] = defaultdict(int)

        def number(prefix: str, day: datetime.date, counters=counters, code=code) -> str:
            counters[prefix, day.year] += 1
            return f"{prefix}/{code}/{day.year}/{counters[prefix, day.year]:04d}"

        district_lots = []
        for item_id, perishable in items:
            lot_id = next(lot_ids)
            received = first_day + datetime.timedelta(days=rng.randint(0, 30))
            expiry = ctx.today + datetime.timedelta(days=rng.randint(-5, 900)) if perishable else None
            lots.add(lot_id, district["id"], item_id, expiry, rng.choice(funding), received, "", "", ctx.now)
            district_lots.append((lot_id, item_id))
        district["warehouses"] = []
        kecamatan = district["kecamatan"]
        for w_index in range(per_district):
            warehouse_id = next(warehouse_ids)
            district["warehouses"].append(warehouse_id)
            home = kecamatan[w_index % len(kecamatan)]
            kind = WAREHOUSE_KINDS[min(w_index, len(WAREHOUSE_KINDS) - 1)]
            warehouses.add(
                warehouse_id,
                district["id"],
                f"GDG-{w_index + 1:02d}",
                f"Gudang {kind} {code} {w_index + 1}",
                kind,
                "",
                home["lat"],
                home["lon"],
                staff,
                True,
            )
            for k in kecamatan if w_index == 0 else kecamatan[w_index::per_district]:
                served.add(warehouse_id, k["id"])
            balance = {lot_id: Decimal(0) for lot_id, _item in district_lots}
            budget = movements_per_warehouse
            day = first_day + datetime.timedelta(days=rng.randint(31, 40))
            step = max(1, (HISTORY_DAYS - 45) * len(items) // max(1, budget))
            receipt = True
            while budget > 0:
                document_id = next(document_ids)
                if receipt:
                    chosen = (
                        district_lots
                        if all(v == 0 for v in balance.values())
                        else rng.sample(district_lots, min(len(district_lots), rng.randint(10, 40)))
                    )
                    kind, prefix = Document.Kind.RECEIPT, PREFIXES[Document.Kind.RECEIPT]
                    entries = [(lot, item, Decimal(rng.randint(50, 5000))) for lot, item in chosen]
                else:
                    stocked = [(lot, item) for lot, item in district_lots if balance[lot] >= 2]
                    chosen = rng.sample(stocked, min(len(stocked), rng.randint(5, 15)))
                    kind, prefix = Document.Kind.DISPATCH, PREFIXES[Document.Kind.DISPATCH]
                    entries = [
                        (
                            lot,
                            item,
                            -(balance[lot] * Decimal(rng.randint(5, 30)) / 100).quantize(Decimal(1)) or Decimal(-1),
                        )
                        for lot, item in chosen
                    ]
                entries = entries[:budget]
                if not entries:
                    receipt = True
                    continue
                posted = datetime.datetime.combine(day, datetime.time(3), tzinfo=datetime.UTC)
                destination = rng.choice(kecamatan)["id"] if kind == Document.Kind.DISPATCH else None
                documents.add(
                    document_id, district["id"], kind, number(prefix, day),
                    Document.Status.POSTED if receipt else Document.Status.RECEIVED,
                    warehouse_id, destination, "", day, "Pemasok sintetis" if receipt else "", rng.choice(funding) if receipt else "",
                    "", "", "", "", "", "", staff, posted, posted,
                    "" if receipt else number(HANDOVER_PREFIX, day), None if receipt else day,
                    "" if receipt else "Penerima sintetis", "", "",
                )  # fmt: skip
                for lot, item, quantity in entries:
                    balance[lot] += quantity
                    lines.add(document_id, item, lot, abs(quantity), None if receipt else abs(quantity))
                    movements.add(document_id, warehouse_id, lot, item, quantity, day, posted)
                budget -= len(entries)
                receipt = rng.random() < 0.25
                day = min(ctx.today, day + datetime.timedelta(days=rng.randint(0, step)))
            for lot, item in district_lots:
                if balance[lot]:
                    balances.add(warehouse_id, lot, item, balance[lot], ctx.now)
            # Minimum stock for a tenth of the items; about a quarter of them end up short.
            for lot, item in rng.sample(district_lots, max(1, len(district_lots) // 10)):
                level = balance[lot] * Decimal(rng.choice(["0.5", "0.7", "0.9", "1.5"])) or Decimal(100)
                minimums.add(warehouse_id, item, MinimumStock.Mode.FIXED, level.quantize(Decimal(1)) or Decimal(1))
        for (prefix, year), last in counters.items():
            counters_table.add(district["id"], prefix, year, last)
        if d_index % 50 == 49:
            ctx.say(f"    logistics: {d_index + 1:,} / {len(ctx.districts):,} districts")
    for table in (settings, warehouses, served, lots, documents, lines, movements, balances, minimums, counters_table):
        table.close()
