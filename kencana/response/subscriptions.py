"""The response phase re-checks its alert rules for the district right after its own changes commit
(the periodic sweep catches up if the broker is down)."""

from kencana.alerts.handoff import rules_after_commit
from kencana.core import events

from .rules import DECREE_RULE, TASK_RULE


def on_event_changed(*, district_id: int, **facts) -> None:
    rules_after_commit(codes=[TASK_RULE, DECREE_RULE], district_ids=[district_id])


def on_tasks_changed(*, district_id: int, **facts) -> None:
    rules_after_commit(codes=[TASK_RULE], district_ids=[district_id])


def subscribe() -> None:
    events.disaster_event_changed.subscribe(on_event_changed)
    events.response_tasks_changed.subscribe(on_tasks_changed)
