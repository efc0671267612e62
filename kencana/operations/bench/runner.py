"""One benchmark run from a seed manifest: pages under load, queries, sweeps, stock writers."""

import gzip
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from kecamatan.models import District
from kencana.accounts.models import Role

from . import first_paint, machine, rebuilds, sweeps, writers, wrk
from .queries import count_queries
from .report import evaluate
from .server import BenchError, api_token, fetch, gunicorn, log_in
from .targets import Target, targets

REQUIRED = ("password", "users", "district", "kecamatan", "report", "warehouse", "warehouses", "seconds")
ROLES = ("national", "staff", "officer")


@dataclass(frozen=True)
class Profile:
    seconds: int  # wrk run per page
    warmup: int
    writer_seconds: int
    threads: int = 2
    connections: int = 8
    writers: int = 8


PROFILES = {
    "national": Profile(seconds=10, warmup=1, writer_seconds=15),
    "small": Profile(seconds=2, warmup=1, writer_seconds=3),
}


def check_manifest(manifest: dict) -> None:
    missing = [key for key in REQUIRED if key not in manifest]
    missing += [f"users.{role}" for role in ROLES if role not in manifest.get("users", {})]
    if missing:
        raise BenchError(f"The manifest lacks {', '.join(missing)}.")
    if len(manifest["warehouses"]) < 2:
        raise BenchError("The manifest names fewer than two warehouses for the many-warehouse writers.")


def run(*, manifest: dict, size: str, log_dir: Path, say: Callable[[str], None]) -> dict:
    if connection.vendor != "postgresql":
        raise BenchError("The benchmark runs on PostgreSQL (set DATABASE_URL).")
    check_manifest(manifest)
    profile = PROFILES[size]
    users = _users(manifest)
    results = {
        "size": size,
        "machine": machine.describe(),
        "manifest": {key: manifest.get(key, {}) for key in ("seed", "sizes", "counts")},
        "seed_seconds": manifest["seconds"]["total"],
        "database_bytes": machine.database_bytes(),
        "load": {**asdict(profile), "workers": 2 * (os.cpu_count() or 1)},
    }
    m = results["machine"]
    say(f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB; PostgreSQL {m['postgresql']}, Redis {m['redis']}")

    pages, token, results["first_paint"] = _load(manifest, profile, results["load"]["workers"], log_dir, say)
    floors = {key: next(page["p95_ms"] for page in pages if page["key"] == key) for key in ("floor", "user_floor")}
    for page in pages:
        for key, floor in floors.items():
            page[f"{key}_ratio"] = page["p95_ms"] / floor if page["key"] not in floors and floor else None
    next(page for page in pages if page["key"] == "user_floor")["floor_ratio"] = floors["user_floor"] / floors["floor"]
    say("SQL queries per request (in-process, second request)…")
    for target, page in zip(targets(manifest), pages, strict=True):
        page["queries"] = count_queries(target, user=users.get(target.role), token=token)
    results["pages"] = pages

    say("National map rebuilt after a change in one district (in-process)…")
    district_ids = list(District.objects.order_by("code").values_list("pk", flat=True))
    rebuild = rebuilds.national_map(user=users["national"], district_ids=district_ids)
    say(
        f"  median {rebuild['median_ms']:.0f} ms, slowest {rebuild['max_ms']:.0f} ms (cold {rebuild['cold_ms']:.0f} ms)"
    )
    results["rebuilds"] = {"national_map": rebuild}

    say("Alert rule sweep over all districts…")
    sweep = sweeps.rule_sweep()
    sweep["districts"] = len(district_ids)
    say(f"  {sweep['seconds']:.2f} s ({sweep['opened']} opened, {sweep['resolved']} resolved)")
    tick = sweeps.escalation()
    say(f"Escalation tick: {tick['seconds']:.2f} s, {tick['open_alerts']} open alerts, {tick['steps_fired']} steps")
    results["alerts"] = {"sweep": sweep, "escalation": tick}

    results["stock"] = _stock(manifest, profile, users["staff"], say)
    results["checks"] = evaluate(results)
    return results


def _users(manifest: dict) -> dict:
    found = get_user_model().objects.in_bulk(manifest["users"].values(), field_name="username")
    missing = [name for name in manifest["users"].values() if name not in found]
    if missing:
        raise BenchError(f"No such user(s) in this database: {', '.join(missing)}")
    return {role: found[name] for role, name in manifest["users"].items()}


def _load(manifest: dict, profile: Profile, workers: int, log_dir: Path, say) -> tuple[list[dict], str, dict | None]:
    say(f"Starting gunicorn ({workers} workers)…")
    with gunicorn(workers=workers, log_path=log_dir / "gunicorn.log") as base:
        password = manifest["password"]
        sessions = {role: log_in(base, username=manifest["users"][role], password=password) for role in ROLES}
        token = api_token(base, username=manifest["users"]["staff"], password=password)
        pages = []
        for target in targets(manifest):
            headers = _headers(target, sessions, token)
            pages.append(_page(base, target, headers, profile, say))
        say("An officer's home on slow 3G in Chromium (first content, cold and warm cache)…")
        paint = first_paint.measure(base=base, username=manifest["users"]["officer"], password=password)
        say(
            f"  cold {paint['cold_ms']:.0f} ms, warm {paint['warm_ms']:.0f} ms"
            if paint
            else "  no Chromium: not measured"
        )
    return pages, token, paint


def _headers(target: Target, sessions: dict[str, str], token: str) -> dict[str, str]:
    if target.role is None:
        return {}
    if target.token:
        return {"Authorization": f"Token {token}"}
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={sessions[target.role]}"}


def _page(base: str, target: Target, headers: dict[str, str], profile: Profile, say) -> dict:
    url = base + target.path
    first = fetch(url, headers=headers)  # also fills the caches the load test then reads
    if first.status != 200:
        where = f" to {first.location}" if first.location else ""
        raise BenchError(f"{target.label}: {target.path} answered {first.status}{where} before the load test.")
    # As a browser asks: compressed if the server will (the bytes on the wire are measured here).
    headers = {**headers, "Accept-Encoding": "gzip"}
    wire = fetch(url, headers=headers)
    options = {"threads": profile.threads, "connections": profile.connections, "headers": headers}
    wrk.run(url, seconds=profile.warmup, **options)
    result = wrk.run(url, seconds=profile.seconds, **options)
    if result.redirected_to_login:
        raise BenchError(f"{target.label}: redirected to {result.first_location}: the session cookie is not accepted.")
    say(
        f"  {target.label}: p50 {result.p50_ms:.1f} ms, p95 {result.p95_ms:.1f} ms, "
        f"{result.per_second:,.0f}/s, {result.non_2xx} non-2xx"
    )
    page = {
        "key": target.key,
        "label": target.label,
        "role": target.role,
        "path": target.path,
        "limits": {
            "max_p95_ms": target.max_p95_ms,
            "max_floor_ratio": target.max_floor_ratio,
            "max_user_floor_ratio": target.max_user_floor_ratio,
            "max_gzip_bytes": target.max_gzip_bytes,
            "max_queries": target.max_queries,
        },
        **asdict(result),
        "per_second": result.per_second,
    }
    page["raw_bytes"], page["wire_bytes"] = len(first.body), len(wire.body)
    if target.geojson:
        page["gzip_bytes"] = len(gzip.compress(first.body, compresslevel=6))
    if result.non_2xx or result.socket_errors or result.timeouts:
        raise BenchError(
            f"{target.label}: {result.non_2xx} non-2xx (first {result.first_status}), "
            f"{result.socket_errors} socket errors, {result.timeouts} timeouts under load."
        )
    return page


def _stock(manifest: dict, profile: Profile, staff, say) -> dict:
    from logistics.models import Item

    items = list(
        Item.objects.filter(is_active=True, kind=Item.Kind.CONSUMABLE).order_by("code").values_list("pk", flat=True)[:8]
    )
    if not items:
        raise BenchError("No active consumable item to move.")
    runs = {}
    for key, warehouse_ids in (("one_warehouse", [manifest["warehouse"]]), ("many_warehouses", manifest["warehouses"])):
        posts = _operators(list(warehouse_ids), staff)
        say(f"Stock writers ({profile.writers}, {key.replace('_', ' ')}, {profile.writer_seconds} s)…")
        run = writers.run_writers(writers=profile.writers, posts=posts, item_ids=items, seconds=profile.writer_seconds)
        run["districts"] = len({user_id for user_id, _warehouse in posts[: profile.writers]})  # one poster a district
        say(
            f"  {run['movements_per_second']:,.0f} movements/s, {run['documents_per_second']:,.0f} documents/s, "
            f"{run['errors']} errors {run['first_error']}"
        )
        runs[key] = run
    say("Checking the balances against the ledger…")
    check = writers.ledger_check()
    say(f"  {check['negative_balances']} negative balances; ledger {'clean' if check['ledger_clean'] else 'NOT clean'}")
    return {**runs, **check}


def _operators(warehouse_ids: list[int], staff) -> list[tuple[int, int]]:
    """(user id, warehouse id) pairs: each warehouse is posted to by BPBD staff of its own district,
    the manifest's staff member where it is theirs."""
    from logistics.models import Warehouse

    district_of = dict(Warehouse.objects.filter(pk__in=warehouse_ids, is_active=True).values_list("pk", "district_id"))
    if missing := [pk for pk in warehouse_ids if pk not in district_of]:
        raise BenchError(f"No open warehouse with id {', '.join(map(str, missing))}.")
    operator_of = {staff.district_id: staff.pk}
    for district_id in set(district_of.values()) - operator_of.keys():
        user = (
            get_user_model()
            .objects.filter(district_id=district_id, role=Role.BPBD_STAFF, is_active=True)
            .order_by("pk")
            .first()
        )
        if user is None:
            raise BenchError(f"No active BPBD staff in the district of warehouses {warehouse_ids} to post with.")
        operator_of[district_id] = user.pk
    return [(operator_of[district_of[pk]], pk) for pk in warehouse_ids]
