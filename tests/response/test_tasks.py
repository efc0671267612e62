"""Activated cards become numbered tasks, given to the people their roles name; tasks move on with
a time for each; a task nobody acknowledges in time escalates like any alert."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kencana.accounts.models import Role
from kencana.alerts.engine import rules_run
from kencana.alerts.escalation import escalation_tick
from kencana.alerts.models import Alert, Notification
from kencana.dashboard.timeline import kecamatan_timeline
from kencana.plans.models import ActionItem
from kencana.response import services
from kencana.response.models import TaskState
from kencana.response.rules import TASK_RULE

from ..alerts.factories import policy
from ..factories import UserFactory
from ..plans.factories import ActionItemFactory, ActionPlanFactory
from . import factories


@pytest.fixture
def card(paringin):
    return factories.flood_card(paringin)


@pytest.fixture
def puskesmas_head(paringin):
    return UserFactory(
        username="kapus.paringin",
        district=paringin.district,
        role=Role.OFFICER,
        kecamatan=[paringin],
        job_title="Kepala Puskesmas Paringin",
    )


def test_each_step_becomes_a_task_due_at_activation_plus_its_time(event, card, staff):
    at = timezone.now() - datetime.timedelta(hours=1)
    activation = services.card_activate(event=event, card=card, by=staff, at=at)
    tasks = list(activation.tasks.order_by("number"))
    assert [t.number for t in tasks] == [1, 2, 3, 4]
    assert [t.due_at - at for t in tasks] == [datetime.timedelta(minutes=m) for m in (0, 30, 120, 1440)]
    assert tasks[0].title == "Sebarkan peringatan ke kepala desa"
    assert all(t.kecamatan_id == card.kecamatan_id and t.state == TaskState.OPEN for t in tasks)


def test_editing_the_card_keeps_its_live_tasks_linked_to_the_steps_still_on_it(event, card, staff):
    """The card is edited while its tasks are under way: a step moved or given more time keeps the
    tasks made from it; only a step taken off leaves its task without one."""
    from kencana.plans.services import card_save

    activation = services.card_activate(event=event, card=card, by=staff)
    steps = {step.action: step for step in card.steps.all()}

    def as_entered(step, **changed):
        return {
            "action": step.action,
            "role": step.role,
            "within_minutes": step.within_minutes,
            "agency": step.agency,
            **changed,
        }

    warning, post, health, decree = (steps[action] for _minutes, action, _role in factories.FLOOD_STEPS)
    new = {"action": "Hubungi relawan desa", "role": "Kepala Desa", "within_minutes": 60, "agency": None}
    card_save(
        by=staff,
        kecamatan=card.kecamatan,
        hazard=card.hazard,
        trigger=card.trigger,
        steps=[new, as_entered(post, within_minutes=45), as_entered(warning), as_entered(health)],
    )
    assert [(s.order, s.action, s.within_minutes) for s in card.steps.all()] == [
        (1, "Hubungi relawan desa", 60),
        (2, post.action, 45),
        (3, warning.action, 0),
        (4, health.action, 120),
    ]
    linked = {task.title: task.step_id for task in activation.tasks.all()}
    assert linked == {warning.action: warning.pk, post.action: post.pk, health.action: health.pk, decree.action: None}


def test_tasks_go_to_the_people_their_role_names_else_to_the_kecamatan_officers(
    event, card, staff, officer, admin_user, puskesmas_head
):
    officer.job_title = "Kasi Trantib Kecamatan Paringin"
    officer.save()
    admin_user.job_title = "Kepala Pelaksana BPBD Balangan"
    admin_user.save()
    activation = services.card_activate(event=event, card=card, by=staff)
    given = {t.role: sorted(u.username for u in t.assignees.all()) for t in activation.tasks.all()}
    assert given == {
        "Kasi Trantib": ["camat.paringin"],
        "Camat": ["camat.paringin", "kapus.paringin"],  # nobody is "Camat": the kecamatan's officers
        "Kepala Puskesmas": ["kapus.paringin"],
        "Kepala Pelaksana": ["admin.balangan"],
    }


def test_each_person_is_told_once_of_all_their_new_tasks(event, card, staff, officer):
    services.card_activate(event=event, card=card, by=staff)
    notes = Notification.objects.filter(user=officer)
    assert notes.count() == 1
    assert "4 tugas baru" in notes.get().title or "4 new tasks" in notes.get().title
    assert "#1 Sebarkan peringatan" in notes.get().body


def test_activation_shows_on_the_card_and_in_the_kecamatan_timeline(event, card, staff, paringin):
    services.card_activate(event=event, card=card, by=staff)
    card.refresh_from_db()
    assert card.last_used_at is not None and card.last_used_for.startswith(event.number)
    events, _cursor = kecamatan_timeline(paringin)
    titles = [e.title for e in events if e.kind == "response"]
    assert "Quick-response card activated: Flood" in titles
    assert f"Disaster event recorded: {event.title}" in titles


def test_a_card_is_activated_once_per_event_and_only_for_its_hazard_and_kecamatan(
    event, card, staff, aluh_aluh, unchanged
):
    services.card_activate(event=event, card=card, by=staff)
    with unchanged(), pytest.raises(ValidationError, match="already active"):
        services.card_activate(event=event, card=card, by=staff)
    from kecamatan.models import Hazard

    landslide = factories.flood_card(event.kecamatan.get(name="Awayan"))
    landslide.hazard = Hazard.objects.get(code="tanah-longsor")
    landslide.save()
    with unchanged(), pytest.raises(ValidationError, match="This card is for"):
        services.card_activate(event=event, card=landslide, by=staff)
    foreign = factories.flood_card(aluh_aluh)
    with unchanged(), pytest.raises(ValidationError, match="not affected by event"):
        services.card_activate(event=event, card=foreign, by=staff)


def test_officers_and_partners_do_not_activate_cards(event, card, officer, partner_staff, unchanged):
    for user in (officer, partner_staff):
        with unchanged(), pytest.raises(PermissionDenied, match="activate"):
            services.card_activate(event=event, card=card, by=user)


def test_a_task_is_acknowledged_started_and_done_with_a_time_for_each(event, card, staff, officer):
    task = services.card_activate(event=event, card=card, by=staff).tasks.get(number=2)
    acknowledged = services.task_act(task=task, by=officer, action="acknowledge")
    assert acknowledged.state == TaskState.ACKNOWLEDGED and acknowledged.acknowledged_by == officer
    started = services.task_act(task=task, by=officer, action="start")
    done = services.task_act(task=task, by=officer, action="done")
    assert done.state == TaskState.DONE
    assert acknowledged.acknowledged_at <= started.started_at <= done.finished_at
    assert done.finished_by == officer


def test_done_at_once_fills_in_the_earlier_steps_at_the_time_given(event, card, staff, officer):
    task = services.card_activate(event=event, card=card, by=staff, at=timezone.now() - datetime.timedelta(hours=2))
    task = task.tasks.get(number=1)
    when = timezone.now() - datetime.timedelta(minutes=90)
    done = services.task_act(task=task, by=officer, action="done", at=when)
    assert done.acknowledged_at == done.started_at == done.finished_at == when


def test_wrong_task_moves_are_refused_and_change_nothing(event, card, staff, officer, awayan_officer, unchanged):
    task = services.card_activate(event=event, card=card, by=staff).tasks.get(number=1)
    with unchanged(), pytest.raises(ValidationError, match="Say why"):
        services.task_act(task=task, by=officer, action="not_possible")
    with unchanged(), pytest.raises(PermissionDenied, match="officers work on this task"):
        services.task_act(task=task, by=awayan_officer, action="acknowledge")
    with unchanged(), pytest.raises(ValidationError, match="cannot be in the future"):
        services.task_act(task=task, by=officer, action="done", at=timezone.now() + datetime.timedelta(hours=1))
    with unchanged(), pytest.raises(ValidationError, match="before the task was given"):
        services.task_act(task=task, by=officer, action="done", at=task.created_at - datetime.timedelta(minutes=1))
    services.task_act(task=task, by=officer, action="not_possible", reason="Jalan terputus")
    with unchanged(), pytest.raises(ValidationError, match="already not possible"):
        services.task_act(task=task, by=officer, action="done")


def test_tasks_of_a_closed_event_do_not_move(event, card, staff, officer, unchanged):
    task = services.card_activate(event=event, card=card, by=staff).tasks.get(number=1)
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    with unchanged(), pytest.raises(ValidationError, match="closed"):
        services.task_act(task=task, by=officer, action="acknowledge")


def test_open_action_items_for_the_hazard_can_be_pulled_in(event, staff, paringin, aluh_aluh, unchanged):
    plan = ActionPlanFactory(kecamatan=paringin)
    flood, other = factories.flood(), None
    wanted = ActionItemFactory(plan=plan, hazard=flood, title="Bersihkan drainase", owner_person="Kasi Trantib")
    done = ActionItemFactory(plan=plan, hazard=flood, status=ActionItem.Status.DONE)
    elsewhere = ActionItemFactory(plan=ActionPlanFactory(kecamatan=aluh_aluh), hazard=flood)
    due = timezone.now() + datetime.timedelta(hours=12)
    for refused in (done, elsewhere, other):
        if refused is None:
            continue
        with unchanged(), pytest.raises(ValidationError, match="Not open items"):
            services.items_pull(event=event, by=staff, items=[refused], due_at=due)
    with unchanged(), pytest.raises(ValidationError, match="due in the future"):
        services.items_pull(event=event, by=staff, items=[wanted], due_at=timezone.now())
    [task] = services.items_pull(event=event, by=staff, items=[wanted], due_at=due)
    assert (task.title, task.action_item, task.kecamatan, task.due_at) == ("Bersihkan drainase", wanted, paringin, due)
    with unchanged(), pytest.raises(ValidationError, match="already pulled"):
        services.items_pull(event=event, by=staff, items=[wanted], due_at=due)


def test_task_numbers_run_on_across_cards_and_pulled_items(event, card, staff, awayan, paringin):
    services.card_activate(event=event, card=card, by=staff)
    services.card_activate(event=event, card=factories.flood_card(awayan), by=staff)
    item = ActionItemFactory(plan=ActionPlanFactory(kecamatan=paringin), hazard=factories.flood())
    [pulled] = services.items_pull(
        event=event, by=staff, items=[item], due_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert sorted(event.tasks.values_list("number", flat=True)) == list(range(1, 10))
    assert pulled.number == 9


def test_a_task_not_acknowledged_by_its_due_time_escalates_until_acknowledged(event, card, staff, officer, balangan):
    policy(balangan, (0, Role.OFFICER, ["inbox"]), (10, Role.BPBD_STAFF, ["inbox"]), name="Tugas", rule=TASK_RULE)
    activation = services.card_activate(
        event=event, card=card, by=staff, at=timezone.now() - datetime.timedelta(hours=1)
    )
    rules_run(codes=[TASK_RULE])
    alerts = Alert.objects.filter(rule=TASK_RULE).exclude(state=Alert.State.RESOLVED)
    # Steps due within 0 and 30 minutes of an activation an hour ago are late; 120 and 1440 are not yet.
    assert sorted(a.subject_label for a in alerts) == [f"{event.number} #1", f"{event.number} #2"]
    first = alerts.get(subject_label=f"{event.number} #1")
    assert first.kecamatan_id == card.kecamatan_id and first.escalation["name"] == "Tugas"
    assert Notification.objects.filter(alert=first, user=officer).exists()
    escalation_tick(now=timezone.now() + datetime.timedelta(minutes=11))
    assert Notification.objects.filter(alert=first, user=staff).exists()
    services.task_act(task=activation.tasks.get(number=1), by=officer, action="acknowledge")
    rules_run(codes=[TASK_RULE])
    first.refresh_from_db()
    assert first.state == Alert.State.RESOLVED
    assert Alert.objects.filter(rule=TASK_RULE).exclude(state=Alert.State.RESOLVED).count() == 1


def test_a_closed_event_raises_no_task_alerts(event, card, staff):
    services.card_activate(event=event, card=card, by=staff, at=timezone.now() - datetime.timedelta(hours=1))
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    rules_run(codes=[TASK_RULE])
    assert not Alert.objects.filter(rule=TASK_RULE).exclude(state=Alert.State.RESOLVED).exists()
