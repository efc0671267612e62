"""The pages under load, who asks for them, and the targets of issue 9 they are held to."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

FLOOR_PATH = "/bench/floor/"  # routed only with BENCH_FLOOR (kencana/urls.py)
MAX_QUERIES = 15
# Issue 22: a district page within 3× the logged-in floor, an API list of 100 rows within 4×, and the
# logged-in floor itself (session, user, navigation: what every page pays) within 1.5× the anonymous one.
DISTRICT_PAGE_FLOOR_RATIO = 3.0
API_LIST_FLOOR_RATIO = 4.0
USER_FLOOR_RATIO = 1.5


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    path: str
    role: str | None  # a key of the manifest's "users"; None is anonymous
    token: bool = False  # API token instead of the session cookie
    geojson: bool = False
    max_p95_ms: float | None = None
    max_floor_ratio: float | None = None  # p95 ÷ the anonymous floor's
    max_user_floor_ratio: float | None = None  # p95 ÷ the logged-in floor's
    max_gzip_bytes: int | None = None
    max_queries: int | None = MAX_QUERIES


def targets(manifest: dict) -> list[Target]:
    district, kecamatan = manifest["district"], manifest["kecamatan"]
    map_path = reverse("api-map-kecamatan")
    ratio = DISTRICT_PAGE_FLOOR_RATIO
    return [
        Target("floor", "Framework floor (template, no query)", FLOOR_PATH, None, max_queries=0),
        Target(
            "user_floor",
            "Logged-in floor (the layout, as staff)",
            FLOOR_PATH,
            "staff",
            max_floor_ratio=USER_FLOOR_RATIO,
        ),
        Target(
            "district_dashboard",
            "District dashboard",
            reverse("home"),
            "staff",
            max_p95_ms=150,
            max_user_floor_ratio=ratio,
        ),
        Target("national_dashboard", "National dashboard", reverse("home"), "national", max_p95_ms=400),
        Target(
            "district_map",
            "District map GeoJSON",
            f"{map_path}?{urlencode({'district': district})}",
            "staff",
            geojson=True,
            max_p95_ms=50,
            max_gzip_bytes=60_000,
        ),
        Target("national_map", "National map GeoJSON", map_path, "national", geojson=True, max_gzip_bytes=1_500_000),
        Target(
            "kecamatan_page",
            "Kecamatan page",
            reverse("kecamatan:detail", args=[kecamatan]),
            "staff",
            max_p95_ms=150,
            max_user_floor_ratio=ratio,
        ),
        # Issue 19: what an officer's phone downloads, compressed (a 60-indicator form, the home page).
        Target("officer_home", "Officer's home", reverse("home"), "officer", max_gzip_bytes=40_000),
        Target(
            "report_form",
            "Report form",
            reverse("readiness:report_detail", args=[manifest["report"]]),
            "officer",
            max_user_floor_ratio=ratio,
            max_gzip_bytes=60_000,
        ),
        *_read_only_report(manifest, ratio),
        Target("balances", "Balances list", reverse("logistics:balance_list"), "staff", max_user_floor_ratio=ratio),
        *_response_targets(manifest, ratio),
        Target(
            "api_kecamatan",
            "API kecamatan list",
            reverse("kecamatan-list"),
            "staff",
            token=True,
            max_user_floor_ratio=API_LIST_FLOOR_RATIO,
        ),
    ]


def _read_only_report(manifest: dict, ratio: float) -> list[Target]:
    """The newest verified report of the manifest's kecamatan, as BPBD staff read it: the report
    page without a form (issue 22 holds it to the district pages' ratio)."""
    from kencana.readiness.models import Report, ReportState

    report = (
        Report.objects.filter(kecamatan__code=manifest["kecamatan"], state=ReportState.VERIFIED)
        .order_by("-period_start")
        .values_list("pk", flat=True)
        .first()
    )
    if report is None:
        return []
    return [
        Target(
            "report_read",
            "Verified report, read-only",
            reverse("readiness:report_detail", args=[report]),
            "staff",
            max_user_floor_ratio=ratio,
        )
    ]


def _response_targets(manifest: dict, ratio: float) -> list[Target]:
    """The event page, its needs over a hundred shelters and the sitrep of the synthetic flood over
    fifty desa (when seeded)."""
    if not manifest.get("event"):
        return []
    targets = [
        Target(
            "event_page",
            "Event page (50 desa)",
            reverse("response:event_detail", args=[manifest["event"]]),
            "staff",
            max_p95_ms=150,
            max_user_floor_ratio=ratio,
        )
    ]
    targets.append(
        Target(
            "event_needs",
            "Needs of an event (100 shelters)",
            reverse("shelters:needs", args=[manifest["event"]]),
            "staff",
            max_p95_ms=150,
            max_user_floor_ratio=ratio,
        )
    )
    if manifest.get("sitrep"):
        targets.append(
            Target(
                "sitrep_page",
                "Situation report (50 desa)",
                reverse("response:sitrep_detail", args=[manifest["sitrep"]]),
                "staff",
                max_p95_ms=150,
                max_user_floor_ratio=ratio,
            )
        )
    return targets
