"""Named domain events: subscribers hear each announcement once, with its facts."""

import pytest

from kencana.core import events
from kencana.core.events import Event


@pytest.fixture
def heard():
    return []


def test_a_subscriber_hears_every_announcement_with_its_facts(heard):
    changed = Event("changed", "district_id")
    changed.subscribe(lambda **facts: heard.append(facts))
    changed.announce(district_id=7)
    changed.announce(district_id=8)
    assert heard == [{"event": changed, "district_id": 7}, {"event": changed, "district_id": 8}]


def test_subscribing_twice_is_hearing_once(heard):
    changed = Event("changed", "district_id")

    def subscriber(**facts):
        heard.append(facts["district_id"])

    changed.subscribe(subscriber)
    changed.subscribe(subscriber)
    changed.announce(district_id=7)
    assert heard == [7]


def test_an_unsubscribed_function_hears_nothing_more(heard):
    changed = Event("changed", "district_id")

    def subscriber(**facts):
        heard.append(facts["district_id"])

    changed.subscribe(subscriber)
    changed.announce(district_id=7)
    changed.unsubscribe(subscriber)
    changed.announce(district_id=8)
    assert heard == [7]


def test_every_event_says_which_facts_it_carries():
    assert all(event.facts and event.name for event in events.ALL)
    assert len({event.name for event in events.ALL}) == len(events.ALL)
