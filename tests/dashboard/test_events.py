"""The dashboard hears every domain event and drops the cached pages of the district it names."""

import pytest

from kencana.core import events
from kencana.core import generations as cache
from kencana.dashboard import subscriptions


@pytest.mark.parametrize("event", events.ALL, ids=lambda e: e.name)
def test_the_dashboard_subscribes_to_every_domain_event(event):
    assert subscriptions.on_event in event.subscribers


def test_an_event_drops_the_cached_pages_of_the_district_it_names_only(balangan, banjar):
    before = cache.generations([balangan.pk, banjar.pk])
    events.risk_changed.announce(district_id=balangan.pk)
    after = cache.generations([balangan.pk, banjar.pk])
    assert after[0] != before[0]
    assert after[1:] == before[1:]


def test_an_event_naming_no_district_drops_every_districts_pages(balangan, banjar):
    before = cache.generations([balangan.pk, banjar.pk])
    events.records_changed.announce(district_ids=None)
    after = cache.generations([balangan.pk, banjar.pk])
    assert after[:2] == before[:2]
    assert after[2] != before[2]
