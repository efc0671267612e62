"""The response phase's alert rules, registered in the alerts registry: a task nobody acknowledged
by its due time (escalated by the district's policies like any alert), and an emergency period
about to end with no extension or closure."""

from collections.abc import Iterable

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kencana.alerts.models import Severity
from kencana.alerts.rules import Condition, Rule, register

from .models import EmergencyLevel
from .moments import shown
from .selectors import ending_decrees, unacknowledged_tasks

TASK_RULE = "response_task_unacknowledged"
DECREE_RULE = "emergency_period_ending"


@register
class TaskUnacknowledgedRule(Rule):
    code = TASK_RULE
    label = gettext_lazy("Response task not acknowledged in time")
    resolution_note = gettext_lazy("The task was acknowledged, finished, or its event closed.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        for task in unacknowledged_tasks(district_ids=district_ids):
            event = task.event
            yield Condition(
                key=f"{self.code}:{task.pk}",
                district_id=event.district_id,
                kecamatan_id=task.kecamatan_id,
                title=_("Task #%(number)s not acknowledged: %(title)s") % {"number": task.number, "title": task.title},
                severity=Severity.SEVERE,
                detail=_("%(event)s. Due %(due)s; who: %(role)s.")
                % {
                    "event": f"{event.number} {event.title}",
                    "due": shown(task.due_at, event.district.timezone),
                    "role": task.role or "—",
                },
                subject=task,
                subject_label=f"{event.number} #{task.number}",
                hazard_id=event.hazard_id,
            )


@register
class EmergencyPeriodEndingRule(Rule):
    code = DECREE_RULE
    label = gettext_lazy("Emergency period ending")
    resolution_note = gettext_lazy("A new decree extends or changes the emergency, or the event is closed.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        for decree, days_left in ending_decrees(district_ids=district_ids):
            event = decree.event
            level = EmergencyLevel(decree.level).label
            if days_left < 0:
                when = ngettext("ended %(days)s day ago", "ended %(days)s days ago", -days_left) % {"days": -days_left}
            elif days_left == 0:
                when = _("ends today")
            else:
                when = ngettext("ends in %(days)s day", "ends in %(days)s days", days_left) % {"days": days_left}
            yield Condition(
                key=f"{self.code}:{decree.pk}",
                district_id=event.district_id,
                title=_("%(level)s for %(event)s %(when)s") % {"level": level, "event": event.title, "when": when},
                severity=Severity.SEVERE,
                detail=_("Decree %(number)s runs until %(end)s. Record an extension or close the event (%(event)s).")
                % {"number": decree.number, "end": date_format(decree.period_end, "j F Y"), "event": event.number},
                subject=decree,
                subject_label=decree.number,
                hazard_id=event.hazard_id,
            )

    def refresh_fields(self) -> tuple[str, ...]:
        return ("title", "detail")
