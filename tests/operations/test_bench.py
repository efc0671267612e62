"""The benchmark harness's pure parts: reading wrk, judging figures, writing the report."""

import copy

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from kencana.operations.bench import report, wrk
from kencana.operations.bench.runner import check_manifest
from kencana.operations.bench.server import BenchError
from kencana.operations.bench.views import floor

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:40123/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.51ms    3.10ms  48.20ms   81.00%
  812 requests in 2.00s, 9.10MB read
Requests/sec:    405.81
Transfer/sec:      4.55MB
BENCH {"requests": 812, "duration_us": 2000900, "bytes": 9540000, "p50_us": 11800.0, "p95_us": 18250.5, "p99_us": 30100.0, "max_us": 48200.0, "non_2xx": 0, "first_status": 0, "first_location": "", "socket_errors": 0, "timeouts": 0}
"""


def page(key="district_dashboard", label="District dashboard", **values):
    limits = {
        "max_p95_ms": 150,
        "max_floor_ratio": None,
        "max_user_floor_ratio": 3.0,
        "max_gzip_bytes": None,
        "max_queries": 15,
    }
    return {
        "key": key,
        "label": label,
        "role": "staff",
        "path": "/",
        "limits": {**limits, **values.pop("limits", {})},
        "p50_ms": 20.0,
        "p95_ms": 40.0,
        "p99_ms": 60.0,
        "per_second": 300.0,
        "non_2xx": 0,
        "queries": 9,
        "floor_ratio": 4.0,
        "user_floor_ratio": 2.5,
        "raw_bytes": 35_000,
        "wire_bytes": 7_200,
        **values,
    }


def stock_run(rate=450.0, errors=0):
    return {"writers": 8, "movements_per_second": rate, "errors": errors, "first_error": ""}


def results(**overrides):
    base = {
        "size": "national",
        "machine": {
            "cpu": "AMD EPYC",
            "cores": 2,
            "ram_gb": 3.8,
            "os": "Linux 6.1",
            "postgresql": "15.2",
            "redis": "7.0.15",
            "python": "3.11.7",
            "django": "5.2.19",
            "date": "2026-11-29",
        },
        "manifest": {"seed": 1, "sizes": {"districts": 514, "periods": 8}, "counts": {"kecamatan.Kecamatan": 7196}},
        "seed_seconds": 312.4,
        "database_bytes": 4_200_000_000,
        "load": {"workers": 4, "threads": 2, "connections": 8, "seconds": 10, "warmup": 1},
        "pages": [
            page(key="floor", label="Framework floor", role=None, floor_ratio=None, limits={"max_p95_ms": None}),
            page(
                key="user_floor",
                label="Logged-in floor",
                floor_ratio=1.4,
                user_floor_ratio=None,
                limits={"max_p95_ms": None, "max_floor_ratio": 1.5, "max_user_floor_ratio": None},
            ),
            page(),
            page(
                key="district_map",
                label="District map GeoJSON",
                raw_bytes=240_000,
                gzip_bytes=52_000,
                limits={"max_p95_ms": 50, "max_floor_ratio": None, "max_gzip_bytes": 60_000},
            ),
        ],
        "alerts": {
            "sweep": {"seconds": 4.2, "opened": 3, "resolved": 1, "refreshed": 0, "districts": 514},
            "escalation": {"seconds": 0.3, "open_alerts": 10_000, "due": 40, "steps_fired": 40, "batch": 500},
        },
        "rebuilds": {
            "national_map": {"cold_ms": 4200.0, "median_ms": 90.0, "max_ms": 120.0, "rebuilds": 5, "queries": 9}
        },
        "stock": {
            "one_warehouse": stock_run(),
            "many_warehouses": stock_run(),
            "negative_balances": 0,
            "ledger_clean": True,
        },
    }
    base.update(overrides)
    base["checks"] = report.evaluate(base)
    return base


def checks_by_figure(data):
    return {check["figure"]: check for check in data["checks"]}


# --- wrk -----------------------------------------------------------------------------


def test_it_reads_the_scripts_line_from_wrks_output():
    result = wrk.parse_output(WRK_OUTPUT)
    assert result.requests == 812
    assert result.p50_ms == pytest.approx(11.8)
    assert result.p95_ms == pytest.approx(18.2505)
    assert result.p99_ms == pytest.approx(30.1)
    assert result.per_second == pytest.approx(812 / 2.0009)
    assert result.non_2xx == 0 and not result.redirected_to_login


def test_it_fails_loudly_when_wrk_printed_no_result_line():
    with pytest.raises(wrk.WrkError, match="no result line"):
        wrk.parse_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_it_recognises_a_redirect_to_the_log_in_page():
    output = WRK_OUTPUT.replace(
        '"non_2xx": 0, "first_status": 0, "first_location": ""',
        '"non_2xx": 812, "first_status": 302, "first_location": "/accounts/login/?next=/"',
    )
    result = wrk.parse_output(output)
    assert result.non_2xx == 812
    assert result.redirected_to_login


def test_it_passes_each_header_to_wrk_with_the_script(monkeypatch):
    monkeypatch.setattr(wrk.shutil, "which", lambda name: "/usr/bin/wrk")
    args = wrk.command("http://127.0.0.1:1/", seconds=2, threads=2, connections=8, headers={"Cookie": "sessionid=abc"})
    assert args[:4] == ["/usr/bin/wrk", "-t2", "-c8", "-d2s"]
    assert ["-s", str(wrk.SCRIPT)] == args[args.index("-s") : args.index("-s") + 2]
    assert args[args.index("-H") : args.index("-H") + 2] == ["-H", "Cookie: sessionid=abc"]
    assert args[-1] == "http://127.0.0.1:1/"
    assert wrk.SCRIPT.exists()


# --- checks --------------------------------------------------------------------------


def test_figures_within_their_targets_are_met():
    data = results()
    assert all(check["met"] is not False for check in data["checks"])
    checks = checks_by_figure(data)
    assert checks["District dashboard p95"]["met"] is True
    assert checks["District map GeoJSON size, gzip"]["measured"] == "52.0 KB"
    assert checks["Seed time"]["met"] is None


def test_a_slow_page_or_too_many_queries_is_missed():
    data = results(pages=[page(p95_ms=180.0, user_floor_ratio=3.2, queries=16)])
    checks = checks_by_figure(data)
    assert checks["District dashboard p95"]["met"] is False
    assert checks["District dashboard p95 ÷ logged-in floor p95"]["met"] is False
    assert checks["District dashboard SQL queries"]["met"] is False


def test_stock_writers_with_errors_miss_their_target_whatever_the_rate():
    base = results()
    stock = copy.deepcopy(base["stock"])
    stock["many_warehouses"] = stock_run(rate=900.0, errors=1)
    stock["ledger_clean"] = False
    checks = checks_by_figure(results(stock=stock))
    assert checks["Stock movements/s, 8 writers, many warehouses"]["met"] is False
    assert checks["Stock movements/s, 8 writers, one warehouse"]["met"] is True
    assert checks["check_ledger"]["met"] is False


def test_a_slow_sweep_misses_its_target():
    data = results(
        alerts={
            "sweep": {"seconds": 12.5, "opened": 0, "resolved": 0, "refreshed": 0},
            "escalation": {"seconds": 0.2, "open_alerts": 10_000, "due": 0, "steps_fired": 0, "batch": 500},
        }
    )
    checks = checks_by_figure(data)
    assert checks["Alert rule sweep (all rules, all districts)"]["met"] is False
    assert checks["Escalation tick"]["met"] is True


def test_pages_held_to_a_size_on_the_wire_and_the_slow_3g_paint_are_checked():
    data = results(
        pages=[
            page(key="officer_home", label="Officer's home", role="officer", limits={"max_gzip_bytes": 40_000}),
            page(
                key="report_form",
                label="Report form",
                role="officer",
                wire_bytes=61_000,
                raw_bytes=240_000,
                limits={"max_gzip_bytes": 60_000},
            ),
        ],
        first_paint={"cold_ms": 3_100.0, "warm_ms": 1_200.0, "loads": 3},
    )
    checks = checks_by_figure(data)
    home = checks["Officer's home size on the wire (gzip)"]
    assert (home["measured"], home["target"], home["met"]) == ("7.2 KB (35.0 KB raw)", "≤ 40.0 KB", True)
    assert checks["Report form size on the wire (gzip)"]["met"] is False
    assert checks["Officer's home on slow 3G, first content (cold cache)"]["met"] is True
    warm = checks["Officer's home on slow 3G, first content (warm cache)"]
    assert (warm["measured"], warm["met"]) == ("1,200 ms (median of 3)", False)


def test_a_slow_tick_or_map_rebuild_misses_its_target():
    data = results(
        alerts={
            "sweep": {"seconds": 1.0, "opened": 0, "resolved": 0, "refreshed": 0},
            "escalation": {"seconds": 0.7, "open_alerts": 12_000, "due": 12_000, "steps_fired": 500, "batch": 500},
        },
        rebuilds={
            "national_map": {"cold_ms": 5000.0, "median_ms": 100.0, "max_ms": 151.0, "rebuilds": 5, "queries": 9}
        },
    )
    checks = checks_by_figure(data)
    assert checks["Escalation tick"]["met"] is False
    assert checks["National map GeoJSON rebuilt after one district changed (in-process)"]["met"] is False
    assert checks["Alert rule sweep (all rules, all districts)"]["met"] is True


# --- the report ----------------------------------------------------------------------


def test_the_table_lists_every_page_and_figure_with_the_machine():
    text = report.render_markdown(results())
    assert "AMD EPYC, 2 cores, 3.8 GB RAM" in text
    assert "PostgreSQL 15.2, Redis 7.0.15" in text
    assert "| District dashboard | staff | 20.0 | 40.0 | 60.0 | 300 | 4.0× | 2.5× | 35.0 | 7.2 | 9 | 0 |" in text
    assert "| Logged-in floor p95 ÷ floor p95 | 1.4× | ≤ 1.5× | met |" in text
    assert "| Framework floor | anonymous |" in text
    assert "| Alert rule sweep (all rules, all districts) | 4.20 s, 8.2 ms per district | ≤ 5 s | met |" in text
    assert (
        "| Escalation tick | 0.30 s for 40 steps, median of 0.30 s (10,000 open alerts, 40 due) | ≤ 0.5 s for 500 steps | met |" in text
    )
    assert (
        "| National map GeoJSON rebuilt after one district changed (in-process) | median 90 ms, slowest 120 ms "
        "over 5 districts, 9 queries (from an empty cache 4,200 ms) | ≤ 150 ms | met |"
    ) in text
    assert text.rstrip().endswith("Every target met.")


def test_the_table_names_what_was_missed():
    text = report.render_markdown(results(pages=[page(p95_ms=180.0)]))
    assert "| District dashboard p95 | 180 ms | ≤ 150 ms | **missed** |" in text
    assert "Targets missed: District dashboard p95." in text


def test_only_the_text_between_the_markers_is_replaced():
    text = f"# Title\nintro\n{report.START}\nold results\n{report.END}\n## Findings\nkept\n"
    rewritten = report.replace_between_markers(text, "new table\n")
    assert rewritten == f"# Title\nintro\n{report.START}\nnew table\n{report.END}\n## Findings\nkept\n"
    assert report.replace_between_markers(rewritten, "new table") == rewritten


@pytest.mark.parametrize(
    "text", ["no markers", f"{report.END}\nbackwards\n{report.START}", f"{report.START} only the start"]
)
def test_missing_or_misordered_markers_are_refused(text):
    with pytest.raises(ValueError, match="markers"):
        report.replace_between_markers(text, "table")


def test_the_performance_document_carries_the_markers():
    text = (settings.BASE_DIR / "docs" / "performance.md").read_text()
    assert report.replace_between_markers(text, "table").count("table") >= 1


def test_the_results_are_written_as_json_and_markdown(tmp_path):
    json_path, md_path = report.write(results(), tmp_path / "bench")
    assert json_path.name == "national.json" and md_path.name == "national.md"
    assert '"seed_seconds": 312.4' in json_path.read_text()
    assert md_path.read_text() == report.render_markdown(results())


# --- manifest and floor --------------------------------------------------------------


def test_a_manifest_without_the_accounts_to_log_in_is_refused():
    manifest = {"password": "x", "users": {"staff": "s"}, "district": "11.01", "kecamatan": "11.01.01"}
    with pytest.raises(BenchError, match="users.national") as error:
        check_manifest(manifest)
    assert "warehouses" in str(error.value)


def test_the_floor_is_not_routed_unless_the_benchmark_runs():
    assert settings.BENCH_FLOOR is False
    with pytest.raises(NoReverseMatch, match="bench-floor"):
        reverse("bench-floor")


def test_the_floor_renders_the_layout_without_a_query(db, django_assert_num_queries):
    request = RequestFactory().get("/bench/floor/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        response = floor(request)
    assert response.status_code == 200
    assert b"Kencana" in response.content
