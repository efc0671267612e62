"""Turn a results dict into checks against the targets, a markdown report, and the results
section of docs/performance.md. Pure functions: no database, no clock."""

import json
from pathlib import Path

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
MIN_MOVEMENTS_PER_SECOND = 300
# Issue 22: the sweep of the whole country within 5 s, a tick of 500 escalation steps within 0.5 s,
# and the national map rebuilt within 150 ms after one district changed.
MAX_SWEEP_SECONDS = 5
MAX_TICK_SECONDS = 0.5
MAX_MAP_REBUILD_MS = 150
# Issue 19: an officer's home usable on slow 3G (400 kbit/s, 400 ms round trip) within 4 s cold, 1 s warm.
MAX_COLD_PAINT_MS = 4000
MAX_WARM_PAINT_MS = 1000


def _kb(size: int) -> str:
    return f"{size / 1000:,.1f} KB" if size < 1_000_000 else f"{size / 1_000_000:,.2f} MB"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _spread(run: dict) -> str:
    if "warehouses" not in run:
        return ""
    return (
        f"{run['documents_per_second']:,.0f} documents/s, "
        f"{_plural(run['warehouses'], 'warehouse')} in {_plural(run.get('districts', 1), 'district')}, "
    )


def _check(figure: str, measured: str, target: str | None = None, met: bool | None = None) -> dict:
    return {"figure": figure, "measured": measured, "target": target, "met": met}


def _page_checks(page: dict) -> list[dict]:
    limits, label, checks = page["limits"], page["label"], []
    if limits.get("max_p95_ms") is not None:
        limit = limits["max_p95_ms"]
        checks.append(_check(f"{label} p95", f"{page['p95_ms']:.0f} ms", f"≤ {limit:g} ms", page["p95_ms"] <= limit))
    for key, floor in (("floor", "floor"), ("user_floor", "logged-in floor")):
        limit, ratio = limits.get(f"max_{key}_ratio"), page.get(f"{key}_ratio")
        if limit is not None and ratio is not None:
            checks.append(_check(f"{label} p95 ÷ {floor} p95", f"{ratio:.1f}×", f"≤ {limit:g}×", ratio <= limit))
    limit = limits.get("max_gzip_bytes")
    if page.get("gzip_bytes") is not None:
        checks.append(_check(f"{label} size, raw", _kb(page["raw_bytes"])))
        met = None if limit is None else page["gzip_bytes"] <= limit
        checks.append(_check(f"{label} size, gzip", _kb(page["gzip_bytes"]), limit and f"≤ {_kb(limit)}", met))
    elif limit is not None and page.get("wire_bytes") is not None:
        checks.append(
            _check(
                f"{label} size on the wire (gzip)",
                f"{_kb(page['wire_bytes'])} ({_kb(page['raw_bytes'])} raw)",
                f"≤ {_kb(limit)}",
                page["wire_bytes"] <= limit,
            )
        )
    if limits.get("max_queries") is not None and page.get("queries") is not None:
        limit = limits["max_queries"]
        checks.append(_check(f"{label} SQL queries", str(page["queries"]), f"≤ {limit}", page["queries"] <= limit))
    return checks


def evaluate(results: dict) -> list[dict]:
    """Every figure, with its target and whether it is met (None where the issue sets no target)."""
    checks = [_check("Seed time", f"{results['seed_seconds']:,.0f} s")]
    checks.append(_check("Database size", _kb(results["database_bytes"])))
    for page in results["pages"]:
        checks += _page_checks(page)
    rebuild = results.get("rebuilds", {}).get("national_map")
    if rebuild:
        checks.append(
            _check(
                "National map GeoJSON rebuilt after one district changed (in-process)",
                f"median {rebuild['median_ms']:.0f} ms, slowest {rebuild['max_ms']:.0f} ms over "
                f"{rebuild['rebuilds']} districts, {rebuild['queries']} queries (from an empty cache "
                f"{rebuild['cold_ms']:,.0f} ms)",
                f"≤ {MAX_MAP_REBUILD_MS} ms",
                rebuild["max_ms"] <= MAX_MAP_REBUILD_MS,
            )
        )
    paint = results.get("first_paint")
    if paint:
        for key, label, limit in (
            ("cold_ms", "cold cache", MAX_COLD_PAINT_MS),
            ("warm_ms", "warm cache", MAX_WARM_PAINT_MS),
        ):
            checks.append(
                _check(
                    f"Officer's home on slow 3G, first content ({label})",
                    f"{paint[key]:,.0f} ms (median of {paint['loads']})",
                    f"≤ {limit:,} ms",
                    paint[key] <= limit,
                )
            )
    sweep, tick = results["alerts"]["sweep"], results["alerts"]["escalation"]
    per_district = (
        f", {sweep['seconds'] * 1000 / sweep['districts']:.1f} ms per district" if sweep.get("districts") else ""
    )
    checks.append(
        _check(
            "Alert rule sweep (all rules, all districts)",
            f"{sweep['seconds']:.2f} s{per_district}",
            f"≤ {MAX_SWEEP_SECONDS} s",
            sweep["seconds"] <= MAX_SWEEP_SECONDS,
        )
    )
    checks.append(
        _check(
            "Escalation tick",
            f"{tick['seconds']:.2f} s for {tick['steps_fired']:,} steps, median of "
            f"{' / '.join(f'{t:.2f}' for t in tick.get('each', [tick['seconds']]))} s "
            f"({tick['open_alerts']:,} open alerts, {tick['due']:,} due)",
            f"≤ {MAX_TICK_SECONDS} s for {tick['batch']} steps",
            tick["seconds"] <= MAX_TICK_SECONDS,
        )
    )
    stock = results["stock"]
    for key, label in (("one_warehouse", "one warehouse"), ("many_warehouses", "many warehouses")):
        run = stock[key]
        checks.append(
            _check(
                f"Stock movements/s, {run['writers']} writers, {label}",
                f"{run['movements_per_second']:,.0f}/s ({_spread(run)}{run['errors']} errors)",
                f"≥ {MIN_MOVEMENTS_PER_SECOND}/s, no error",
                run["movements_per_second"] >= MIN_MOVEMENTS_PER_SECOND and run["errors"] == 0,
            )
        )
    checks.append(_check("Negative balances", str(stock["negative_balances"]), "0", stock["negative_balances"] == 0))
    checks.append(
        _check("check_ledger", "clean" if stock["ledger_clean"] else "differences", "clean", stock["ledger_clean"])
    )
    return checks


def _met(value: bool | None) -> str:
    return "" if value is None else ("met" if value else "**missed**")


def _number(value) -> str:
    return "—" if value is None else str(value)


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}×"


def _size(value: int | None) -> str:
    return "—" if value is None else f"{value / 1000:,.1f}"


def render_markdown(results: dict) -> str:
    machine, load = results["machine"], results["load"]
    sizes = ", ".join(f"{key.replace('_', ' ')} {value:,}" for key, value in results["manifest"]["sizes"].items())
    counts = " · ".join(f"{label} {count:,}" for label, count in results["manifest"]["counts"].items())
    lines = [
        f"Measured by `make bench SIZE={results['size']}` on {machine['date']}.",
        "",
        f"- **Machine:** {machine['cpu']}, {machine['cores']} cores, {machine['ram_gb']} GB RAM; {machine['os']}; "
        f"PostgreSQL {machine['postgresql']}, Redis {machine['redis']}, Python {machine['python']}, "
        f"Django {machine['django']}.",
        f"- **Data:** {sizes} (seed {results['manifest']['seed']}).",
        f"- **Rows:** {counts}." if counts else "- **Rows:** not in the manifest.",
        f"- **Load:** gunicorn with {load['workers']} workers; wrk with {load['threads']} threads and "
        f"{load['connections']} connections, {load['seconds']} s per page after a {load['warmup']} s warm-up, "
        "on loopback.",
        "",
        "| page | as | p50 ms | p95 ms | p99 ms | requests/s | p95 ÷ floor | p95 ÷ logged-in floor "
        "| KB raw | KB on the wire | SQL queries | non-2xx |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in results["pages"]:
        lines.append(
            f"| {page['label']} | {page['role'] or 'anonymous'} | {page['p50_ms']:.1f} | {page['p95_ms']:.1f} | "
            f"{page['p99_ms']:.1f} | {page['per_second']:,.0f} | {_ratio(page.get('floor_ratio'))} | "
            f"{_ratio(page.get('user_floor_ratio'))} | {_size(page.get('raw_bytes'))} | "
            f"{_size(page.get('wire_bytes'))} | {_number(page.get('queries'))} | {page['non_2xx']} |"
        )
    lines += ["", "| figure | measured | target | |", "| --- | --- | --- | --- |"]
    for check in results["checks"]:
        lines.append(f"| {check['figure']} | {check['measured']} | {check['target'] or '—'} | {_met(check['met'])} |")
    missed = [check["figure"] for check in results["checks"] if check["met"] is False]
    lines += ["", f"Targets missed: {', '.join(missed)}." if missed else "Every target met."]
    return "\n".join(lines) + "\n"


def replace_between_markers(text: str, body: str) -> str:
    """``text`` with everything between the bench markers replaced by ``body``."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"The markers {START} and {END} are missing or out of order.")
    return f"{text[: start + len(START)]}\n{body.strip()}\n{text[end:]}"


def write(results: dict, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / f"{results['size']}.json", directory / f"{results['size']}.md"
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    md_path.write_text(render_markdown(results))
    return json_path, md_path


def update_docs(path: Path, results: dict) -> None:
    path.write_text(replace_between_markers(path.read_text(), render_markdown(results)))
