"""gunicorn on a free loopback port with production settings, and a client that logs in through
the real log-in form."""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

from django.conf import settings


class BenchError(RuntimeError):
    """The benchmark cannot give a true figure: stop and say why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    """Production settings on plain loopback HTTP: no DEBUG, a fresh key, no HTTPS redirect or
    secure-only cookies (there is no TLS proxy in front), and the floor page routed."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "BENCH_FLOOR": "true",
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def gunicorn(*, workers: int, log_path: Path) -> Iterator[str]:
    """Yield the base URL of a running gunicorn; it is stopped however the block ends."""
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "kencana.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--timeout=60",
        "--log-level=warning",
    ]
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w") as log:
        # Our own arguments; a session of its own so the workers can be stopped with their master.
        process = subprocess.Popen(  # noqa: S603
            args, cwd=settings.BASE_DIR, env=server_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_ready(base, process, log_path)
            yield base
        finally:
            _stop(process)


def _wait_ready(base: str, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            answer = fetch(f"{base}/healthz")
        except (URLError, ConnectionError):
            time.sleep(0.3)
            continue
        if answer.status != 200:
            raise BenchError(f"/healthz answered {answer.status}: {answer.body[:500].decode(errors='replace')}")
        return
    raise BenchError(f"gunicorn did not answer within {timeout:.0f} s; see {log_path}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # the master stops its workers gracefully
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


# --- HTTP ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    body: bytes


class _NoRedirect(HTTPRedirectHandler):
    """A redirect is an answer to look at (a 302 to the log-in page means no session), not to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, *, headers: dict[str, str] | None = None, data: bytes | None = None, opener=None) -> Answer:
    opener = opener or build_opener(_NoRedirect)
    request = Request(url, data=data, headers=headers or {})  # noqa: S310 (our own loopback URL)
    try:
        with opener.open(request, timeout=120) as response:
            return Answer(response.status, response.headers.get("Location", ""), response.read())
    except HTTPError as error:
        return Answer(error.code, error.headers.get("Location", ""), error.read())


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_in(base: str, *, username: str, password: str) -> str:
    """Log in through the log-in form (CSRF and all) and return the session cookie's value."""
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar), _NoRedirect)
    page = fetch(f"{base}/accounts/login/", opener=opener)
    token = CSRF_FIELD.search(page.body)
    if page.status != 200 or token is None:
        raise BenchError(f"The log-in page answered {page.status} without a CSRF token.")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode(), "next": ""}
    answer = fetch(f"{base}/accounts/login/", data=urlencode(form).encode(), opener=opener)
    session = next((c.value for c in jar if c.name == settings.SESSION_COOKIE_NAME), None)
    if answer.status != 302 or session is None:
        raise BenchError(f"Logging in as {username} failed (status {answer.status}): check the manifest's password.")
    return session


def api_token(base: str, *, username: str, password: str) -> str:
    body = json.dumps({"username": username, "password": password}).encode()
    answer = fetch(f"{base}/api/v1/auth/token/", data=body, headers={"Content-Type": "application/json"})
    if answer.status != 200:
        raise BenchError(f"No API token for {username}: {answer.status} {answer.body[:300].decode(errors='replace')}")
    return json.loads(answer.body)["token"]
