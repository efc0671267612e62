"""Shelters and head counts in the synthetic country, written in bulk: ``sizes.shelters`` sites
(each with its posko store) over the events, ``sizes.shelter_counts`` counts over the sites.

The benchmark event (the response part's first) gets ``BENCH_SHELTERS`` shelters, so the needs of
an event with a hundred shelters are measured on the pages BPBD would open.
"""

import datetime
from collections import defaultdict

from kencana.core.synthetic import Context
from kencana.response.models import Event, EventStatus
from logistics.models import Warehouse

from .models import Shelter, ShelterCount

BENCH_SHELTERS = 100
KINDS = ["school", "school", "worship", "worship", "public_building", "tent_camp", "host_families"]
SHELTER_FIELDS = [
    "id", "event", "district", "kecamatan", "desa", "name", "kind", "lat", "lon", "capacity", "toilets",
    "water_points", "kitchen", "health_post", "friendly_space", "manager", "phone", "opened_on", "closed_on",
    "store", "created_by", "created_at",
]  # fmt: skip
COUNT_FIELDS = [
    "shelter", "as_of", "households", "people", "male_0_5", "female_0_5", "male_6_17", "female_6_17", "male_18_59",
    "female_18_59", "male_60", "female_60", "pregnant", "breastfeeding", "disabled", "sick",
    "female_headed_households", "arrivals", "departures", "filed_by", "filed_at",
]  # fmt: skip
# Shares of the people by sex and age group (0–5, 6–17, 18–59, 60+), boys and girls, men and women.
SHARES = [0.06, 0.06, 0.11, 0.11, 0.26, 0.28, 0.05, 0.05]


def _split(people: int) -> list[int]:
    """The people by sex and age group, rounded down: the parts never exceed the total."""
    return [int(people * share) for share in SHARES]


def seed_shelters(ctx: Context) -> None:
    rng, sizes, now = ctx.rng, ctx.sizes, ctx.now
    if sizes.shelters < 1:
        return
    places: dict[int, list[tuple]] = defaultdict(list)
    for row in Event.desa.through.objects.order_by("pk").values_list(
        "event_id", "desa_id", "desa__kecamatan_id", "desa__name", "desa__centroid_lat", "desa__centroid_lon"
    ):
        if row[4] is not None:
            places[row[0]].append(row[1:])
    events = list(
        Event.objects.filter(pk__in=list(places)).order_by("pk").values("id", "district_id", "started_at", "ended_at",
                                                                          "status", "opened_by_id")
    )  # fmt: skip
    if not events:
        return
    bench = ctx.manifest.get("event")
    quota: dict[int, int] = defaultdict(int)
    left = sizes.shelters
    if bench in places:
        quota[bench] = min(BENCH_SHELTERS, left)
        left -= quota[bench]
    others = [e["id"] for e in events if e["id"] != bench] or [bench]
    for n in range(left):
        quota[others[n % len(others)]] += 1
    shelter_ids = iter(ctx.ids(Shelter, sizes.shelters))
    store_ids = iter(ctx.ids(Warehouse, sizes.shelters))
    stores = ctx.table(Warehouse, ["id", "district", "code", "name", "kind", "address", "lat", "lon", "keeper",
                                   "is_active"])  # fmt: skip
    served = ctx.table(Warehouse.kecamatan_served.through, ["warehouse", "kecamatan"])
    shelters = ctx.table(Shelter, SHELTER_FIELDS)
    made = []
    day = datetime.timedelta(days=1)
    for event in events:
        for k in range(quota[event["id"]]):
            desa_id, kecamatan_id, desa_name, lat, lon = places[event["id"]][k % len(places[event["id"]])]
            shelter_id, store_id = next(shelter_ids), next(store_ids)
            kind = rng.choice(KINDS)
            name = f"{'Keluarga penampung' if kind == 'host_families' else 'Pos pengungsian'} {desa_name} {k + 1}"
            opened = (event["started_at"] + day).date()
            closed = event["ended_at"].date() if event["status"] == EventStatus.CLOSED and event["ended_at"] else None
            closed = max(closed, opened) if closed else None
            lat, lon = round(lat + rng.uniform(-0.005, 0.005), 6), round(lon + rng.uniform(-0.005, 0.005), 6)
            stores.add(store_id, event["district_id"], f"PS-{event['id']}-{k + 1}", f"Posko {name}"[:150],
                       Warehouse.Kind.POSKO, desa_name, lat, lon, None, closed is None)  # fmt: skip
            served.add(store_id, kecamatan_id)
            capacity = rng.choice([50, 80, 100, 150, 200, 300])
            shelters.add(
                shelter_id, event["id"], event["district_id"], kecamatan_id, desa_id, name, kind, lat, lon, capacity,
                rng.randint(0, 6), rng.randint(0, 3), rng.random() < 0.6, rng.random() < 0.4, rng.random() < 0.2,
                "", "", opened, closed, store_id, event["opened_by_id"], event["started_at"] + day,
            )  # fmt: skip
            made.append((shelter_id, event, opened, closed, capacity))
    for table in (stores, served, shelters):
        table.close()
    _counts(ctx, made, now)


def _counts(ctx: Context, made: list, now: datetime.datetime) -> None:
    rng, total = ctx.rng, ctx.sizes.shelter_counts
    counts = ctx.table(ShelterCount, COUNT_FIELDS)
    per = [total // len(made) + (1 if n < total % len(made) else 0) for n in range(len(made))] if made else []
    for (shelter_id, event, opened, closed, capacity), n in zip(made, per, strict=True):
        people = rng.randint(capacity // 3, capacity + capacity // 5)
        start = datetime.datetime.combine(opened, datetime.time(10), tzinfo=datetime.UTC)
        last = now - datetime.timedelta(hours=1)
        if closed is not None:
            last = min(last, datetime.datetime.combine(closed, datetime.time(8), tzinfo=datetime.UTC))
        step = max((last - start) / max(n, 1), datetime.timedelta(minutes=1)) if last > start else None
        previous = 0
        for k in range(n if step else 0):
            as_of = min(start + step * k, last)
            people = max(0, people + rng.randint(-people // 10 - 1, people // 10 + 1))
            households = people // 4
            parts = _split(people)
            vulnerable = [people // 50, people // 40, people // 60, people // 30]
            counts.add(
                shelter_id, as_of, households, people, *parts, *vulnerable, households // 5,
                max(0, people - previous), max(0, previous - people), event["opened_by_id"], as_of,
            )  # fmt: skip
            previous = people
    counts.close()
