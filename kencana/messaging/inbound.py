"""Incoming webhooks of each provider, checked and reduced to the same few facts.

Each reader checks the request is really the provider's (WhatsApp: the HMAC-SHA256 of the
body with the app secret in X-Hub-Signature-256; Telegram: the secret token it was given
with setWebhook; an SMS gateway: a shared secret in a header or the query string) and
returns the messages it carries. A request that fails the check raises ``Forged``.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass, field

from django.conf import settings


class Forged(Exception):
    """The request does not carry the district's secret: refused, nothing stored."""


@dataclass
class Incoming:
    sender: str
    text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    photos: list[dict] = field(default_factory=list)  # {"id": provider media id, "size": bytes or None}


def _secret_matches(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _json(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def whatsapp_messages(*, body: bytes, headers, secret: str) -> list[Incoming]:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest() if secret else ""
    if not _secret_matches(headers.get("X-Hub-Signature-256", ""), expected):
        raise Forged
    found = []
    for entry in _json(body).get("entry") or []:
        for change in entry.get("changes") or []:
            for message in (change.get("value") or {}).get("messages") or []:
                kind = message.get("type")
                item = Incoming(sender=str(message.get("from", "")))
                if kind == "text":
                    item.text = (message.get("text") or {}).get("body", "")
                elif kind == "location":
                    location = message.get("location") or {}
                    item.latitude, item.longitude = location.get("latitude"), location.get("longitude")
                elif kind == "image":
                    image = message.get("image") or {}
                    item.text = image.get("caption", "")
                    item.photos.append({"id": image.get("id", ""), "size": image.get("file_size")})
                found.append(item)
    return [m for m in found if m.sender]


def telegram_messages(*, body: bytes, headers, secret: str) -> list[Incoming]:
    if not _secret_matches(headers.get("X-Telegram-Bot-Api-Secret-Token", ""), secret):
        raise Forged
    message = _json(body).get("message") or {}
    chat = (message.get("chat") or {}).get("id")
    if chat is None:
        return []
    item = Incoming(sender=str(chat), text=message.get("text") or message.get("caption") or "")
    location = message.get("location") or {}
    item.latitude, item.longitude = location.get("latitude"), location.get("longitude")
    if message.get("photo"):
        largest = message["photo"][-1]  # Telegram lists the sizes of one photo, smallest first
        item.photos.append({"id": largest.get("file_id", ""), "size": largest.get("file_size")})
    return [item]


def sms_messages(*, body: bytes, headers, query, form, secret: str) -> list[Incoming]:
    given = headers.get("X-Kencana-Secret", "") or query.get("secret", "")
    if not _secret_matches(given, secret):
        raise Forged
    data = _json(body) or form
    sender = data.get("from") or data.get("sender") or data.get("msisdn") or ""
    text = data.get("text") or data.get("message") or ""
    return [Incoming(sender=str(sender).lstrip("+"), text=str(text))] if sender else []


def photos_within_limit(photos: list[dict]) -> tuple[list[dict], int]:
    """The photos within the size limit, and how many were refused."""
    kept = [p for p in photos if (p.get("size") or 0) <= settings.MESSAGING_MEDIA_MAX_BYTES]
    return kept, len(photos) - len(kept)
