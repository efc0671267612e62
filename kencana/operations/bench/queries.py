"""SQL queries per request, counted in-process on the same database as the load test."""

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .server import BenchError
from .targets import FLOOR_PATH, Target


def count_queries(target: Target, *, user, token: str = "") -> int | None:
    """Queries of the second request (caches warm), or None for the floor when it is not routed
    in this process (run with BENCH_FLOOR=true, as `make bench` does)."""
    if target.path == FLOOR_PATH and not settings.BENCH_FLOOR:
        return None
    client = Client(HTTP_HOST="127.0.0.1")
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if target.token else {}
    if user is not None and not target.token:
        client.force_login(user, backend="kencana.accounts.backends.UserBackend")
    # secure=True: the same answer whatever the HTTPS settings of this process.
    client.get(target.path, secure=True, **headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target.path, secure=True, **headers)
    if response.status_code != 200:
        raise BenchError(f"{target.label}: {target.path} answered {response.status_code} in-process.")
    return len(captured.captured_queries)
