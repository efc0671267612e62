"""The dashboard drops a district's cached pages (see ``kencana.core.generations``) on every domain event of it.

Services announce what they changed (``kencana.core.events``); whatever the event, the
district it names gets a new generation, so the next map or home page is built afresh.
"""

from kencana.core import events
from kencana.core import generations as cache


def on_event(*, event, district_id: int | None = None, district_ids=(), **facts) -> None:
    """Drop the cached pages of the district(s) the event names (of every district for None)."""
    cache.bump([district_id] if district_id is not None else district_ids)


def subscribe() -> None:
    for event in events.ALL:
        event.subscribe(on_event)
