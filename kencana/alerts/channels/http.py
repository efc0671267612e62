"""One HTTP call to a provider, with the failures the outbox understands.

Standard library only (urllib): each provider call is one small JSON or form request.
A 429 (or Telegram's ``retry_after``) tells the outbox how long to wait before the next
attempt; every other failure falls back to the outbox's exponential backoff.
"""

import email.utils
import json
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import timezone


class DeliveryFailed(Exception):
    """A send that did not go through; ``retry_after`` (seconds) when the provider said when to retry."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def retry_after_seconds(header: str | None, body: object = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date) or a Telegram body."""
    if isinstance(body, dict):
        seconds = (body.get("parameters") or {}).get("retry_after")
        if isinstance(seconds, int | float) and seconds >= 0:
            return float(seconds)
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        moment = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - timezone.now()).total_seconds())


def _decode(raw: bytes) -> object:
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return raw.decode(errors="replace")[:500]


def call(
    url: str, *, method: str = "POST", json_body: object = None, body: bytes | None = None, headers: dict | None = None
) -> tuple[int, object]:
    """Send one request; the status and decoded answer of a 2xx, else DeliveryFailed."""
    headers = {"User-Agent": "Kencana-alerts", **(headers or {})}
    if json_body is not None:
        body = json.dumps(json_body, ensure_ascii=False).encode()
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 - set by a district admin
    try:
        with urllib.request.urlopen(request, timeout=settings.ALERTS_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            return response.status, _decode(response.read())
    except urllib.error.HTTPError as exc:
        answer = _decode(exc.read())
        wait = retry_after_seconds(exc.headers.get("Retry-After"), answer) if exc.code == 429 else None
        raise DeliveryFailed(f"HTTP {exc.code} {exc.reason}", retry_after=wait) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from exc
