"""Plans in the synthetic country: agencies, a plan per kecamatan and per district with
items in every status (some overdue), and a quick-response card per kecamatan."""

import datetime
from decimal import Decimal

from kencana.core.synthetic import Context

from .demo import FLOOD_STEPS, FLOOD_TRIGGER
from .models import ActionItem, ActionPlan, Agency, CardStep, QuickResponseCard
from .services import ITEM_FIELDS

ITEM_TITLES = [
    "Sosialisasi peta rawan bencana ke seluruh desa",
    "Simulasi evakuasi tingkat kecamatan",
    "Pemasangan rambu jalur evakuasi",
    "Pelatihan relawan desa tangguh bencana",
    "Penyusunan rencana kontinjensi kecamatan",
    "Pengadaan perlengkapan posko siaga",
    "Pemutakhiran data kelompok rentan",
    "Pembersihan saluran drainase utama",
]
DISTRICT_AGENCIES = [
    (Agency.Kind.BPBD, "BPBD"),
    (Agency.Kind.DINSOS, "Dinas Sosial"),
    (Agency.Kind.PMI, "PMI"),
    (Agency.Kind.TAGANA, "Tagana"),
    (Agency.Kind.DAMKAR, "Pemadam Kebakaran"),
]
STATUSES = [
    (ActionItem.Status.PLANNED, 0.3),
    (ActionItem.Status.IN_PROGRESS, 0.35),
    (ActionItem.Status.DONE, 0.25),
    (ActionItem.Status.BLOCKED, 0.05),
    (ActionItem.Status.CANCELLED, 0.05),
]


def _status(rng) -> str:
    roll = rng.random()
    for status, share in STATUSES:
        if roll < share:
            return status
        roll -= share
    return ActionItem.Status.PLANNED


def seed_plans(ctx: Context, items_per_plan: int = 5) -> None:
    rng = ctx.rng
    agencies = ctx.table(
        Agency,
        [
            "id",
            "district",
            "kecamatan",
            "kind",
            "name",
            "contact_person",
            "contact_role",
            "phone",
            "email",
            "address",
            "is_active",
        ],
    )
    plans = ctx.table(ActionPlan, ["id", "district", "kecamatan", "title", "created_at"])
    items = ctx.table(ActionItem, ["plan", *ITEM_FIELDS, "created_at", "updated_at"])
    cards = ctx.table(
        QuickResponseCard,
        [
            "id",
            "kecamatan",
            "hazard",
            "trigger",
            "assembly_points",
            "evacuation_routes",
            "last_reviewed_on",
            "reviewed_by",
            "last_used_at",
            "last_used_for",
            "updated_at",
        ],
    )
    steps = ctx.table(CardStep, ["card", "order", "action", "role", "agency", "within_minutes"])
    agency_ids = iter(ctx.ids(Agency, len(ctx.districts) * len(DISTRICT_AGENCIES) + len(ctx.kecamatan)))
    plan_ids = iter(ctx.ids(ActionPlan, len(ctx.districts) + len(ctx.kecamatan)))
    card_ids = iter(ctx.ids(QuickResponseCard, len(ctx.kecamatan)))
    day = datetime.timedelta(days=1)

    def add_items(plan_id: int, count: int, owners: list[int], hazards: list[int]) -> None:
        for _n in range(count):
            status = _status(rng)
            due = ctx.today + rng.randint(-30, 360) * day
            start = due - rng.randint(30, 300) * day
            progress = (
                100
                if status == ActionItem.Status.DONE
                else (rng.randint(5, 90) if status == ActionItem.Status.IN_PROGRESS else 0)
            )
            budget = rng.choice(
                [
                    ("", None),
                    ("apbd", Decimal(rng.randint(5, 200) * 1_000_000)),
                    ("apbdes", Decimal(rng.randint(1, 50) * 1_000_000)),
                ]
            )
            items.add(
                plan_id,
                rng.choice(ITEM_TITLES),
                "",
                rng.choice(hazards) if hazards and rng.random() < 0.6 else None,
                rng.choice(owners),
                "",
                start,
                due,
                status,
                progress,
                budget[0],
                budget[1],
                "",
                ctx.now,
                ctx.now,
            )

    for district in ctx.districts:
        own = []
        for kind, label in DISTRICT_AGENCIES:
            pk = next(agency_ids)
            agencies.add(
                pk,
                district["id"],
                None,
                kind,
                f"{label} Kabupaten {district['name']}",
                ctx.name(),
                "Kepala",
                "",
                "",
                "",
                True,
            )
            own.append(pk)
        district["agencies"] = own
        plan_id = next(plan_ids)
        plans.add(plan_id, district["id"], None, f"Rencana aksi Kabupaten {district['name']}", ctx.now)
        add_items(plan_id, items_per_plan * 2, own, [])
        for kecamatan in district["kecamatan"]:
            office = next(agency_ids)
            agencies.add(
                office,
                district["id"],
                kecamatan["id"],
                "kecamatan",
                f"Kantor Kecamatan {kecamatan['code']}",
                ctx.name(),
                "Camat",
                "",
                "",
                "",
                True,
            )
            plan_id = next(plan_ids)
            plans.add(plan_id, district["id"], kecamatan["id"], f"Rencana aksi Kecamatan {kecamatan['code']}", ctx.now)
            hazards = kecamatan.get("hazards", [])
            add_items(plan_id, items_per_plan, [office, *own], hazards)
            if hazards:
                card_id = next(card_ids)
                reviewed = ctx.today - rng.randint(10, 400) * day
                cards.add(
                    card_id,
                    kecamatan["id"],
                    hazards[0],
                    FLOOD_TRIGGER,
                    "Lapangan desa\nHalaman kantor kecamatan",
                    "Jalan poros kecamatan ke arah bukit",
                    reviewed,
                    district["staff"],
                    None,
                    "",
                    ctx.now,
                )
                for order, (minutes, action, role, _agency) in enumerate(FLOOD_STEPS, start=1):
                    steps.add(card_id, order, action, role, office if order <= 2 else rng.choice(own), minutes)
    for table in (agencies, plans, items, cards, steps):
        table.close()
