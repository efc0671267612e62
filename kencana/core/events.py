"""Named domain events: what a service announces when others depend on what it changed.

A service that changes something shown or watched elsewhere (a cached dashboard, an alert
rule, someone's inbox) says so at the call site, ``events.stock_changed.announce(district_id=…)``,
once for the whole change, bulk or queryset ``.update()`` alike. Subscribers are connected in
their app's ``AppConfig.ready()`` and run at once, inside the announcing service's transaction:
one that does slow work (a notification, a rule sweep) defers it with ``transaction.on_commit``.

Every event names the district(s) it concerns (``district_id``, or ``district_ids`` with None
for every district), so a subscriber that only needs "something of this district changed"
(the dashboard cache) reads one fact whatever the event.
"""

from collections.abc import Callable


class Event:
    """One kind of thing that happened, with the facts each announcement carries."""

    def __init__(self, name: str, facts: str) -> None:
        self.name = name
        self.facts = facts
        self._subscribers: list[Callable] = []

    def subscribe(self, subscriber: Callable) -> Callable:
        """Call ``subscriber(**facts)`` on each announcement (once, however often subscribed)."""
        if subscriber not in self._subscribers:
            self._subscribers.append(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Callable) -> None:
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    @property
    def subscribers(self) -> tuple[Callable, ...]:
        return tuple(self._subscribers)

    def announce(self, **facts) -> None:
        for subscriber in list(self._subscribers):
            subscriber(event=self, **facts)

    def __repr__(self) -> str:
        return f"<Event {self.name}({self.facts})>"


# Territory, risk, and rows written around the services
territory_changed = Event(
    "territory_changed", "district_ids: a district or its kecamatan were added, renamed or redrawn"
)
records_changed = Event(
    "records_changed",
    "district_ids (None: all): rows written around the services (the Django admin, a seed, a restore)",
)
risk_changed = Event("risk_changed", "district_id: a risk profile or the district's risk cut-offs")

# Readiness
templates_changed = Event(
    "templates_changed", "district_id: a template, version, tier threshold or assignment of the district"
)
report_changed = Event("report_changed", "district_id, report: a report was opened, filled in or reopened")
report_submitted = Event("report_submitted", "district_id, report, by")
report_returned = Event("report_returned", "district_id, report, by, note")
report_verified = Event("report_verified", "district_id, report, by")
units_changed = Event(
    "units_changed",
    "district_id, kecamatan_ids (the school registry): a desa's Katana count or a school added or changed",
)

# Plans
plans_changed = Event("plans_changed", "district_id: an action plan or one of its items, or a quick-response card")

# Logistics
warehouses_changed = Event(
    "warehouses_changed", "district_id: a warehouse, what it serves, its minimums, lots or the district's settings"
)
stock_changed = Event("stock_changed", "district_id, warehouse_ids, item_ids: balances moved")
dispatch_received = Event("dispatch_received", "district_id, document: a dispatch or transfer arrived")

# Alerts
alert_opened = Event("alert_opened", "district_id, alert")
alert_changed = Event("alert_changed", "district_id, alert: severity, acknowledgement or escalation changed")
alert_resolved = Event("alert_resolved", "district_id, alert")

# Response
disaster_event_changed = Event(
    "disaster_event_changed", "district_id, disaster_event: an event was opened, edited, given a decree or closed"
)
response_tasks_changed = Event(
    "response_tasks_changed", "district_id, disaster_event: tasks were created from a card or plan, or one moved on"
)
impact_changed = Event(
    "impact_changed", "district_id, disaster_event: an impact report was filed, returned or verified"
)
shelters_changed = Event(
    "shelters_changed",
    "district_id, disaster_event: a shelter was opened or changed, a count filed, or the needs profile chosen",
)

ALL = (
    territory_changed,
    records_changed,
    risk_changed,
    templates_changed,
    report_changed,
    report_submitted,
    report_returned,
    report_verified,
    units_changed,
    plans_changed,
    warehouses_changed,
    stock_changed,
    dispatch_received,
    alert_opened,
    alert_changed,
    alert_resolved,
    disaster_event_changed,
    response_tasks_changed,
    impact_changed,
    shelters_changed,
)
