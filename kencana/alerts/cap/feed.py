"""Polling an RSS feed of CAP messages (BMKG publishes its nowcasts this way).

Off unless ALERTS_CAP_FEED_URL is set. Reading the feed is separate from fetching
it, so the parsing is tested on files.
"""

import logging
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.core.exceptions import ValidationError

from ..models import CapMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedItem:
    guid: str
    link: str
    title: str


def parse_feed(data: bytes, *, base_url: str = "") -> list[FeedItem]:
    """The CAP links of an RSS 2.0 feed (Atom entries with a link are read too)."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except ParseError as exc:
        raise ValueError(f"The feed is not well-formed XML: {exc}") from exc
    items = []
    for item in root.iter("item"):
        link = (item.findtext("link") or "").strip()
        if link:
            guid = (item.findtext("guid") or link).strip()
            items.append(FeedItem(guid, urljoin(base_url, link), (item.findtext("title") or "").strip()))
    atom = "{http://www.w3.org/2005/Atom}"
    for entry in root.iter(f"{atom}entry"):
        node = entry.find(f"{atom}link")
        if node is not None and node.get("href"):
            guid = (entry.findtext(f"{atom}id") or node.get("href")).strip()
            items.append(FeedItem(guid, urljoin(base_url, node.get("href")), (entry.findtext(f"{atom}title") or "")))
    return items


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "Kencana-alerts"})  # noqa: S310 - configured URL
    with urllib.request.urlopen(request, timeout=settings.ALERTS_CAP_FETCH_TIMEOUT) as response:  # noqa: S310
        return response.read(settings.UPLOAD_MAX_BYTES + 1)[: settings.UPLOAD_MAX_BYTES]


def feed_poll(*, url: str) -> dict[str, int]:
    """Import every CAP message of the feed not seen before. One bad message does not stop the rest."""
    from ..services import cap_import

    counts = {"imported": 0, "skipped": 0, "refused": 0}
    items = parse_feed(fetch(url), base_url=url)
    known = set(
        CapMessage.objects.filter(district__isnull=True, identifier__in=[i.guid for i in items]).values_list(
            "identifier", flat=True
        )
    )
    for item in items:
        if item.guid in known:
            counts["skipped"] += 1
            continue
        try:
            result = cap_import(data=fetch(item.link), source=CapMessage.Source.FEED)
        except (ValidationError, OSError) as exc:
            logger.warning("CAP feed item %s refused: %s", item.link, exc)
            counts["refused"] += 1
            continue
        counts["imported" if result.created else "skipped"] += 1
    return counts
