"""Plans become work: activating a quick-response card, pulling in action items, moving tasks on.

Activating a kecamatan's card for an event turns each step into a task due at the activation
time plus the step's "within", assigned to the people whose job title names the step's role in
that kecamatan or district (else to the kecamatan's officers), each told once in their inbox.
Tasks are acknowledged, started, done or found not possible (with a reason), each with its time.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kencana.accounts import permissions
from kencana.accounts.models import Role, User
from kencana.accounts.permissions import require
from kencana.alerts.models import Channel, Severity
from kencana.alerts.notifications.outbox import notify_users
from kencana.plans.models import ActionItem, QuickResponseCard
from kencana.plans.services import card_mark_used

from ..models import Activation, Event, Task, TaskState
from ..moments import shown
from ..selectors import pullable_items
from .common import announce_tasks, check_moment, lock_event, next_event_number, require_open

ACTIONS = ("acknowledge", "start", "done", "not_possible")
# "Kapolsek dan Danramil", "Camat / Sekcam": each part of a role names people on its own.
ROLE_PARTS = re.compile(r"\s*(?:,|/|&|\bdan\b|\band\b)\s*", re.IGNORECASE)


def assignees_for(*, role: str, kecamatan_id: int | None, district_id: int) -> list[User]:
    """Active people of the district whose job title names the role (BPBD, or officers of the
    kecamatan); when nobody does, the kecamatan's officers."""
    officers = Q(role=Role.OFFICER, kecamatan=kecamatan_id) if kecamatan_id else Q(pk__in=[])
    people = list(
        User.objects.filter(is_active=True, district_id=district_id)
        .filter(Q(role__in=[Role.BPBD_STAFF, Role.BPBD_ADMIN]) | officers)
        .distinct()
        .order_by("pk")
    )
    # Whole words only: "Camat" names a camat, not every "Kasi Trantib Kecamatan …".
    parts = [
        re.compile(rf"\b{re.escape(part)}\b", re.IGNORECASE) for part in ROLE_PARTS.split(role or "") if part.strip()
    ]
    named = [u for u in people if u.job_title and any(part.search(u.job_title) for part in parts)]
    if named:
        return named
    return [u for u in people if u.role == Role.OFFICER]


def _tell_assignees(event: Event, tasks: list[Task], assigned: dict[int, list[User]], source: str) -> None:
    """One inbox message per person, listing their new tasks."""
    per_user: dict[int, list[Task]] = defaultdict(list)
    users: dict[int, User] = {}
    for task in tasks:
        for user in assigned[task.pk]:
            per_user[user.pk].append(task)
            users[user.pk] = user
    for user_id, mine in per_user.items():
        lines = [
            _("#%(number)s %(title)s (due %(due)s)")
            % {"number": t.number, "title": t.title, "due": shown(t.due_at, event.district.timezone)}
            for t in mine
        ]
        notify_users(
            users=[users[user_id]],
            title=ngettext(
                "%(count)s new task for %(event)s from %(source)s",
                "%(count)s new tasks for %(event)s from %(source)s",
                len(mine),
            )
            % {"count": len(mine), "event": event.number, "source": source},
            body="\n".join(lines),
            link=reverse("response:my_tasks"),
            channels=[Channel.INBOX, Channel.EMAIL],
            severity=Severity.SEVERE,
        )


def _new_task(event: Event, **values) -> Task:
    return Task.objects.create(event=event, number=next_event_number(event, "last_task_number"), **values)


@transaction.atomic
def card_activate(*, event: Event, card: QuickResponseCard, by, at: datetime.datetime | None = None) -> Activation:
    """Turn each step of the kecamatan's card into a task of the event (once per card and event)."""
    require(
        permissions.may_record_events(by, event.district_id),
        _("Only BPBD staff of the district activate quick-response cards."),
    )
    event = lock_event(event)
    require_open(event, _("Event %(number)s is closed: no card can be activated.") % {"number": event.number})
    if card.hazard_id != event.hazard_id:
        raise ValidationError(
            _("This card is for %(card)s; the event is %(event)s.")
            % {"card": card.hazard.name, "event": event.hazard.name}
        )
    if not event.kecamatan.filter(pk=card.kecamatan_id).exists():
        raise ValidationError(
            _("Kecamatan %(name)s is not affected by event %(number)s.")
            % {"name": card.kecamatan.name, "number": event.number}
        )
    at = check_moment(at or timezone.now(), field="at", event=event, label=_("The activation"))
    steps = list(card.steps.select_related("agency").order_by("order"))
    if not steps:
        raise ValidationError(_("The card has no steps to turn into tasks."))
    try:
        with transaction.atomic():
            activation = Activation.objects.create(
                event=event, card=card, kecamatan_id=card.kecamatan_id, activated_at=at, activated_by=by
            )
    except IntegrityError:
        raise ValidationError(
            _("The %(hazard)s card of %(name)s is already active in this event.")
            % {"hazard": card.hazard.name, "name": card.kecamatan.name}
        ) from None
    tasks, assigned = [], {}
    for step in steps:
        task = _new_task(
            event,
            kecamatan_id=card.kecamatan_id,
            activation=activation,
            step=step,
            title=step.action,
            role=step.role,
            agency=step.agency,
            due_at=at + datetime.timedelta(minutes=step.within_minutes),
            created_at=at,
        )
        people = assignees_for(role=step.role, kecamatan_id=card.kecamatan_id, district_id=event.district_id)
        task.assignees.set(people)
        tasks.append(task)
        assigned[task.pk] = people
    card_mark_used(card=card, by=by, at=at, used_for=f"{event.number} {event.title}")
    _tell_assignees(
        event,
        tasks,
        assigned,
        _("the %(hazard)s card of %(name)s") % {"hazard": card.hazard.name, "name": card.kecamatan.name},
    )
    announce_tasks(event)
    return activation


@transaction.atomic
def items_pull(*, event: Event, by, items: Iterable[ActionItem], due_at: datetime.datetime) -> list[Task]:
    """Bring open action items for the event's hazard into its task list, due at ``due_at``."""
    require(
        permissions.may_record_events(by, event.district_id),
        _("Only BPBD staff of the district pull action items into an event."),
    )
    event = lock_event(event)
    require_open(event)
    items = list(items)
    if not items:
        raise ValidationError({"items": _("Choose at least one action item.")})
    if due_at is None or due_at <= timezone.now():
        raise ValidationError({"due_at": _("The tasks must be due in the future.")})
    allowed = set(
        pullable_items(event=event, user=by).filter(pk__in=[i.pk for i in items]).values_list("pk", flat=True)
    )
    refused = [i.title for i in items if i.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "items": _("Not open items for %(hazard)s in this event's plans, or already pulled: %(titles)s.")
                % {"hazard": event.hazard.name, "titles": "; ".join(refused)}
            }
        )
    tasks, assigned = [], {}
    for item in sorted(items, key=lambda i: (i.due_date or datetime.date.max, i.pk)):
        kecamatan_id = item.plan.kecamatan_id
        task = _new_task(
            event,
            kecamatan_id=kecamatan_id,
            action_item=item,
            title=item.title[:300],
            role=item.owner_person[:120],
            agency=item.owner_agency,
            due_at=due_at,
        )
        people = assignees_for(role=item.owner_person, kecamatan_id=kecamatan_id, district_id=event.district_id)
        task.assignees.set(people)
        tasks.append(task)
        assigned[task.pk] = people
    _tell_assignees(event, tasks, assigned, _("the action plans"))
    announce_tasks(event)
    return tasks


def _state_label(state: str) -> str:
    return str(TaskState(state).label).lower()


@transaction.atomic
def task_act(*, task: Task, by, action: str, reason: str = "", at: datetime.datetime | None = None) -> Task:
    """Acknowledge, start, finish or give up a task, at ``at`` (now by default; a phone that was
    offline may say when it really happened). Finishing implies the earlier steps."""
    task = Task.objects.select_for_update().select_related("event__district").get(pk=task.pk)
    require(permissions.may_work_on_task(by, task), _("Only BPBD or the kecamatan's officers work on this task."))
    require_open(task.event, _("Event %(number)s is closed.") % {"number": task.event.number})
    if action not in ACTIONS:
        raise ValidationError({"action": _("Choose acknowledge, start, done or not possible.")})
    if task.is_finished:
        raise ValidationError(
            _("Task #%(number)s is already %(state)s.") % {"number": task.number, "state": _state_label(task.state)}
        )
    order = [TaskState.OPEN, TaskState.ACKNOWLEDGED, TaskState.STARTED]
    target = {"acknowledge": TaskState.ACKNOWLEDGED, "start": TaskState.STARTED}.get(action)
    if target is not None and order.index(task.state) >= order.index(target):
        raise ValidationError(
            _("Task #%(number)s is already %(state)s.") % {"number": task.number, "state": _state_label(task.state)}
        )
    reason = (reason or "").strip()
    if action == "not_possible" and not reason:
        raise ValidationError({"reason": _("Say why the task cannot be done.")})
    at = check_moment(at or timezone.now(), field="at", label=_("The time"))
    if at < task.created_at:
        raise ValidationError({"at": _("The time cannot be before the task was given.")})
    if task.acknowledged_at is None:
        task.acknowledged_at, task.acknowledged_by = at, by
    if action in ("start", "done") and task.started_at is None:
        task.started_at = at
    if action == "acknowledge":
        task.state = TaskState.ACKNOWLEDGED
    elif action == "start":
        task.state = TaskState.STARTED
    else:
        task.state = TaskState.DONE if action == "done" else TaskState.NOT_POSSIBLE
        task.finished_at, task.finished_by, task.reason = at, by, reason
    task._history_user = by
    task.save()
    announce_tasks(task.event)
    return task
