import datetime

import pytest
import time_machine
from django.urls import reverse

from kecamatan.models import Hazard
from kecamatan.services import risk_profile_save
from kencana.dashboard import timeline
from kencana.plans.services import action_item_update, card_mark_reviewed
from tests.plans.factories import ActionItemFactory, ActionPlanFactory, CardFactory


@pytest.fixture
def paringin_item(paringin):
    return ActionItemFactory(plan=ActionPlanFactory(kecamatan=paringin), title="Sosialisasi peta rawan")


@pytest.fixture
def awayan_item(awayan):
    return ActionItemFactory(plan=ActionPlanFactory(kecamatan=awayan), title="Simulasi evakuasi Awayan")


def at(day: int, hour: int):
    return time_machine.travel(datetime.datetime(2026, 3, day, hour, 0, tzinfo=datetime.UTC), tick=False)


def test_events_from_every_source_come_newest_first(staff, officer, paringin):
    with at(1, 8):
        item = ActionItemFactory(plan=ActionPlanFactory(kecamatan=paringin))
    with at(2, 8):
        risk_profile_save(
            by=staff,
            kecamatan=paringin,
            hazard=Hazard.objects.get(code="karhutla"),
            hazard_index="0.6",
            vulnerability_index="0.5",
            capacity_index="0.4",
        )
    with at(3, 8):
        card = CardFactory(kecamatan=paringin)
    with at(4, 8):
        action_item_update(by=officer, item=item, progress=30)
    with at(5, 8):
        card_mark_reviewed(by=officer, card=card)
    events, cursor = timeline.kecamatan_timeline(paringin)
    assert [e.kind for e in events] == ["card", "plan", "card", "risk", "plan"]
    assert [e.when.day for e in events] == [5, 4, 3, 2, 1]
    assert events[1].actor == "camat.paringin" and "30%" in events[1].detail
    assert cursor is None


def test_the_timeline_pages_with_a_cursor_without_repeating(officer, paringin):
    with at(1, 9):
        paringin_item = ActionItemFactory(plan=ActionPlanFactory(kecamatan=paringin))
    for day in range(1, 8):
        with at(day + 1, 9):
            action_item_update(by=officer, item=paringin_item, progress=day * 10)
    first, cursor = timeline.kecamatan_timeline(paringin, limit=3)
    second, cursor2 = timeline.kecamatan_timeline(paringin, before=cursor, limit=3)
    third, cursor3 = timeline.kecamatan_timeline(paringin, before=cursor2, limit=3)
    seen = [e.when for e in first + second + third]
    assert len(seen) == len(set(seen)) == 8  # 7 updates + the creation
    assert cursor3 is None and seen == sorted(seen, reverse=True)


def test_another_kecamatans_events_are_not_mixed_in(officer, paringin, awayan_item, staff):
    action_item_update(by=staff, item=awayan_item, progress=50)
    events, _cursor = timeline.kecamatan_timeline(paringin)
    assert events == []


def test_the_timeline_page_is_scoped(client_for, officer, paringin_item):
    client = client_for(officer)
    response = client.get(reverse("plans:timeline", args=["63.11.06"]))
    assert response.status_code == 200 and paringin_item.title in response.text
    assert client.get(reverse("plans:timeline", args=["63.11.03"])).status_code == 404


def test_every_provider_has_the_registry_signature(paringin):
    for provider in timeline.PROVIDERS:
        assert provider(paringin, since=None, before=None, limit=5) == []


def test_reports_and_alerts_of_the_kecamatan_join_the_timeline(officer, staff, paringin, balangan):
    from kencana.alerts.models import Alert
    from kencana.core.clock import local_today
    from kencana.readiness import services as readiness
    from kencana.readiness.periods import period_bounds
    from tests.readiness.conftest import fill_and_submit
    from tests.readiness.factories import make_assignment, make_version

    assignment = make_assignment(make_version(balangan), [paringin])
    start = period_bounds("quarter", local_today(balangan.timezone))[0]
    report = readiness.report_open(assignment=assignment, kecamatan=paringin, period_start=start, by=officer)
    fill_and_submit(report, officer)
    alert = Alert.objects.create(
        rule="manual",
        severity="warning",
        title="Muka air Siaga",
        dedupe_key="t1",
        district=balangan,
        kecamatan=paringin,
    )
    Alert.objects.filter(pk=alert.pk).update(
        acknowledged_at=alert.opened_at + datetime.timedelta(minutes=5), acknowledged_by=staff
    )
    events, _cursor = timeline.kecamatan_timeline(paringin)
    kinds = [(e.kind, e.title) for e in events]
    assert kinds[0][0] == "alert" and "Muka air Siaga" in kinds[0][1] and events[0].actor == "staff.balangan"
    assert any(kind == "report" for kind, _title in kinds)
