"""The API actions an officer's outbox sends (docs/offline.md): each applied once per
Idempotency-Key, whatever the retries; a refusal changes nothing and records nothing."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kencana.core.models import AppliedRequest
from kencana.response import services
from kencana.response.models import ImpactReport, TaskState

from ..factories import local_input
from . import factories


@pytest.fixture
def outbox():
    """An officer's phone: multipart posts (as the outbox sends them) with an Idempotency-Key, in
    the session he logged in with."""

    def client_for(user):
        client = APIClient()
        client.force_login(user)
        client.credentials(HTTP_ACCEPT_LANGUAGE="en")

        def send(url, data, key, method="post"):
            return getattr(client, method)(url, data, format="multipart", HTTP_IDEMPOTENCY_KEY=key)

        return send

    return client_for


@pytest.fixture
def task(staff, event, paringin):
    return services.card_activate(event=event, card=factories.flood_card(paringin), by=staff).tasks.get(number=1)


def key() -> str:
    return str(uuid.uuid4())


def test_a_task_acknowledged_twice_with_one_key_is_acknowledged_once(outbox, officer, task):
    send = outbox(officer)
    url = reverse("response-task-acknowledge", args=[task.pk])
    same = key()
    first = send(url, {"at": ""}, same)  # an empty "when": now
    assert first.status_code == 200 and first.json()["state"] == "acknowledged", first.json()
    task.refresh_from_db()
    acknowledged_at = task.acknowledged_at
    again = send(url, {}, same)  # the answer was lost on its way back: the phone sends it again
    assert again.status_code == 200 and again.json() == first.json()
    task.refresh_from_db()
    assert task.acknowledged_at == acknowledged_at
    assert AppliedRequest.objects.filter(user=officer, key=same, action="response.task.acknowledge").count() == 1
    # A new key is a new act: acknowledging an acknowledged task is refused.
    refused = send(url, {}, key())
    assert refused.status_code == 400 and "already acknowledged" in refused.json()["detail"][0]


def test_a_task_done_by_someone_else_meanwhile_is_refused_with_the_reason_and_nothing_changes(
    outbox, officer, staff, task, unchanged
):
    services.task_act(task=task, by=staff, action="done")
    refused_key = key()
    with unchanged():
        refused = outbox(officer)(reverse("response-task-acknowledge", args=[task.pk]), {}, refused_key)
    assert refused.status_code == 400 and refused.json() == {"detail": [f"Task #{task.number} is already done."]}
    assert not AppliedRequest.objects.filter(key=refused_key).exists()
    task.refresh_from_db()
    assert task.state == TaskState.DONE and task.finished_by == staff


def test_not_possible_travels_with_its_reason_once(outbox, officer, task):
    url = reverse("response-task-not-possible", args=[task.pk])
    same = key()
    for _ in range(2):
        answer = outbox(officer)(url, {"reason": "Jembatan putus"}, same)
        assert answer.status_code == 200 and answer.json()["state"] == "not_possible"
    task.refresh_from_db()
    assert task.reason == "Jembatan putus"


def test_an_impact_report_filed_twice_with_one_key_is_one_report(outbox, officer, event, lasung_batu):
    send = outbox(officer)
    body = {
        "event": event.pk,
        "desa": lasung_batu.code,
        "as_of": local_input(),  # as the phone's form has it: local time
        "dead": 1,
        "displaced_shelter_people": 30,
        "submit": "1",
    }
    same = key()
    first = send(reverse("response-impact-report-list"), body, same)
    assert first.status_code == 201 and first.json()["state"] == "submitted", first.json()
    again = send(reverse("response-impact-report-list"), body, same)
    assert again.status_code == 201 and again.json() == first.json()
    assert ImpactReport.objects.filter(event=event, desa=lasung_batu).count() == 1
    # Filed again with a new key (a second phone): the desa already has a report being worked on.
    other = send(reverse("response-impact-report-list"), body, key())
    assert other.status_code == 400 and "already has a report being worked on" in other.json()["detail"][0]
    assert ImpactReport.objects.filter(event=event, desa=lasung_batu).count() == 1


def test_changes_to_an_impact_report_verified_or_of_a_closed_event_are_refused(
    outbox, officer, staff, event, lasung_batu, unchanged
):
    report = services.impact_report_save(
        by=officer, event=event, desa=lasung_batu, as_of=timezone.now(), values={"dead": 1}, submit=True
    )
    services.impact_report_verify(report=report, by=staff)
    url = reverse("response-impact-report-detail", args=[report.pk])
    with unchanged():
        refused = outbox(officer)(url, {"dead": 2}, key(), method="patch")
    assert refused.status_code == 400 and "verified and cannot be changed" in refused.json()["detail"][0]
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    body = {"event": event.pk, "desa": lasung_batu.code, "as_of": timezone.now().isoformat(), "dead": 3}
    closed_key = key()
    with unchanged():
        closed = outbox(officer)(reverse("response-impact-report-list"), body, closed_key)
    assert closed.status_code == 400 and "is closed" in closed.json()["detail"][0]
    assert not AppliedRequest.objects.filter(key=closed_key).exists()


def test_another_kecamatans_task_is_a_404_with_a_key_too(outbox, awayan_officer, task, unchanged):
    with unchanged():
        response = outbox(awayan_officer)(reverse("response-task-acknowledge", args=[task.pk]), {}, key())
    assert response.status_code == 404
    assert not AppliedRequest.objects.exists()


def test_a_malformed_key_is_a_400_and_changes_nothing(outbox, officer, task, unchanged):
    with unchanged():
        response = outbox(officer)(reverse("response-task-acknowledge", args=[task.pk]), {}, "x")
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["detail"][0]


# --- Forms sent online by the officer's page, with the key the outbox would use -------------------


def test_the_impact_form_sent_by_the_page_and_retried_by_the_outbox_is_one_report(
    client_for, outbox, officer, event, lasung_batu
):
    same = key()
    as_of = local_input()
    form = {"desa": lasung_batu.pk, "as_of": as_of, "dead": "1", "submit": "1"}
    client = client_for(officer)
    sent = client.post(reverse("response:impact_create", args=[event.pk]), form, headers={"Idempotency-Key": same})
    report = ImpactReport.objects.get(event=event, desa=lasung_batu)
    assert sent.status_code == 200 and sent.json() == {"location": reverse("response:impact_detail", args=[report.pk])}
    # The answer was lost on its way back: the outbox files the same press through the API.
    body = {"event": event.pk, "desa": lasung_batu.code, "as_of": as_of, "dead": 1, "submit": "1"}
    again = outbox(officer)(reverse("response-impact-report-list"), body, same)
    assert again.status_code == 201 and again.json()["id"] == report.pk and again.json()["state"] == "submitted"
    assert ImpactReport.objects.filter(event=event, desa=lasung_batu).count() == 1
    assert AppliedRequest.objects.get(user=officer).action == "response.impact.create"
    landed = client.get(sent.json()["location"])
    assert [str(m) for m in landed.context["messages"]] == ["Laporan dampak Lasung Batu diajukan ke BPBD."]


def test_the_impact_edit_sent_by_the_page_and_retried_by_the_outbox_is_applied_once(
    client_for, outbox, officer, event, lasung_batu
):
    as_of = local_input()
    draft = outbox(officer)(
        reverse("response-impact-report-list"),
        {"event": event.pk, "desa": lasung_batu.code, "as_of": as_of, "dead": 1},
        key(),
    )
    assert draft.status_code == 201, draft.json()
    report = ImpactReport.objects.get(pk=draft.json()["id"])
    same = key()
    sent = client_for(officer).post(
        reverse("response:impact_edit", args=[report.pk]),
        {"as_of": as_of, "dead": "2", "submit": "1"},
        headers={"Idempotency-Key": same},
    )
    assert sent.status_code == 200 and sent.json() == {"location": reverse("response:impact_detail", args=[report.pk])}
    changes = report.history.count()
    # The answer was lost on its way back: the outbox sends the same press through the API.
    again = outbox(officer)(
        reverse("response-impact-report-detail", args=[report.pk]), {"dead": 2, "submit": "1"}, same, method="patch"
    )
    assert again.status_code == 200 and again.json()["state"] == "submitted" and again.json()["dead"] == 2
    assert report.history.count() == changes
    assert AppliedRequest.objects.get(user=officer, key=same).action == "response.impact.update"


def test_a_task_acted_on_by_the_page_and_retried_by_the_outbox_is_acted_on_once(client_for, outbox, officer, task):
    same = key()
    client = client_for(officer)
    sent = client.post(
        reverse("response:task_act", args=[task.pk]), {"action": "acknowledge"}, headers={"Idempotency-Key": same}
    )
    assert sent.status_code == 200 and sent.json() == {"location": reverse("response:my_tasks")}
    again = outbox(officer)(reverse("response-task-acknowledge", args=[task.pk]), {"action": "acknowledge"}, same)
    assert again.status_code == 200 and again.json()["state"] == "acknowledged"
    assert AppliedRequest.objects.get(user=officer).action == "response.task.acknowledge"
    # The same press once more from the page: the task is acknowledged already, nothing changes.
    client.post(
        reverse("response:task_act", args=[task.pk]), {"action": "acknowledge"}, headers={"Idempotency-Key": same}
    )
    landed = client.get(reverse("response:my_tasks"))
    assert all("sudah" not in str(m) for m in landed.context["messages"])
    task.refresh_from_db()
    assert task.state == TaskState.ACKNOWLEDGED
