"""Every change of the response phase, by sub-domain: events and decrees, tasks, impact, sitreps."""

from .events import (
    alert_event_defaults,
    chronology_add,
    decree_record,
    event_close,
    event_open,
    event_update,
    response_settings_update,
)
from .impact import casualty_save, impact_report_return, impact_report_save, impact_report_submit, impact_report_verify
from .sitreps import sitrep_issue
from .tasks import card_activate, items_pull, task_act

__all__ = [
    "alert_event_defaults",
    "card_activate",
    "casualty_save",
    "chronology_add",
    "decree_record",
    "event_close",
    "event_open",
    "event_update",
    "impact_report_return",
    "impact_report_save",
    "impact_report_submit",
    "impact_report_verify",
    "items_pull",
    "response_settings_update",
    "sitrep_issue",
    "task_act",
]
