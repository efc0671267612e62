"""What a change in one district costs the views that cover the country: the national map's
GeoJSON is asked for, one district's generation is bumped (as any announced change does), and the
next request is timed in-process, so the figure is the rebuild and not the queue."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kencana.core import generations

from .server import BenchError

REBUILDS = 5


def national_map(*, user, district_ids: list[int]) -> dict:
    """Median and slowest rebuild of the national map after one district changed, over a few
    districts spread through the country, and the cold build from an empty cache beside them."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="kencana.accounts.backends.UserBackend")
    path = reverse("api-map-kecamatan")
    generations.bump()  # every district's part built afresh: the cold figure
    cold = _timed(client, path)[0]
    _timed(client, path)
    chosen = district_ids[:: max(1, len(district_ids) // REBUILDS)][:REBUILDS]
    times, queries = [], []
    for district_id in chosen:
        generations.bump([district_id])
        seconds, count = _timed(client, path)
        times.append(seconds)
        queries.append(count)
    return {
        "cold_ms": cold * 1000,
        "median_ms": statistics.median(times) * 1000,
        "max_ms": max(times) * 1000,
        "rebuilds": len(times),
        "queries": max(queries),
    }


def _timed(client: Client, path: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path, secure=True, HTTP_ACCEPT_ENCODING="identity")
        seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise BenchError(f"National map: {path} answered {response.status_code} in-process.")
    return seconds, len(captured.captured_queries)
