"""The Atom feed of a district's public alerts, each entry linking to its CAP XML.

Apps above alerts publish on the same feed by registering an entry source
(``feed_entries``): a function ``(request, district) -> list[dict]`` whose dicts carry
``title``, ``description``, ``unique_id``, ``pubdate``, ``updateddate``, ``categories`` and
``cap_url``. The response phase publishes its disaster events this way.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ..models import Alert
from .exporter import cap_identifier

ENTRY_SOURCES: list[Callable] = []


def feed_entries(source: Callable) -> Callable:
    """Register a source of entries for every district's feed (used as a decorator)."""
    if source not in ENTRY_SOURCES:
        ENTRY_SOURCES.append(source)
    return source


class CapAtomFeed(Atom1Feed):
    """Atom with each entry's CAP document as an alternate link, as CAP feed readers expect."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("link", "", {"href": item["cap_url"], "rel": "related", "type": "application/cap+xml"})


def district_feed(*, request: HttpRequest, district, alerts) -> CapAtomFeed:
    feed = CapAtomFeed(
        title=f"BPBD {district.display_name}: peringatan",
        link=request.build_absolute_uri(reverse("cap:feed", args=[district.code])),
        description=f"Peringatan bahaya publik BPBD {district.display_name} (CAP 1.2)",
        language="id",
        feed_url=request.build_absolute_uri(request.path),
    )
    for alert in alerts:
        cap_url = request.build_absolute_uri(reverse("cap:alert", args=[alert.pk]))
        feed.add_item(
            title=alert.title,
            link=cap_url,
            description=alert.detail,
            unique_id=f"urn:kencana:{cap_identifier(alert)}",
            pubdate=alert.opened_at,
            updateddate=alert.opened_at,
            categories=[Alert.State(alert.state).label, alert.severity],
            cap_url=cap_url,
        )
    for source in ENTRY_SOURCES:
        for entry in source(request, district):
            feed.add_item(link=entry["cap_url"], **entry)
    return feed
