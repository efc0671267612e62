import datetime
import zoneinfo

import time_machine

from kencana.plans.models import ActionItem
from kencana.plans.selectors import overdue_action_items, stale_cards
from kencana.plans.services import plan_settings_update

from ..factories import DistrictFactory, KecamatanFactory
from .factories import ActionItemFactory, ActionPlanFactory, CardFactory

WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def test_overdue_items_are_past_due_and_not_closed(paringin, awayan):
    plan = ActionPlanFactory(kecamatan=paringin)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=WITA), tick=False):
        late = ActionItemFactory(plan=plan, due_date=datetime.date(2026, 3, 9))
        ActionItemFactory(plan=plan, due_date=datetime.date(2026, 3, 10))  # due today: not yet late
        ActionItemFactory(plan=plan, due_date=datetime.date(2026, 3, 1), status=ActionItem.Status.DONE)
        ActionItemFactory(plan=plan, due_date=datetime.date(2026, 3, 1), status=ActionItem.Status.CANCELLED)
        ActionItemFactory(plan=plan, due_date=None)
        blocked = ActionItemFactory(plan=plan, due_date=datetime.date(2026, 2, 1), status=ActionItem.Status.BLOCKED)
        assert list(overdue_action_items()) == [blocked, late]


def test_overdue_follows_each_districts_own_midnight(paringin):
    """At 23:30 WIB on the 9th it is already the 10th in WITA: a WITA item due on the 9th is late, a WIB one is not."""
    wib_district = DistrictFactory(code="31.71", name="Jakarta Pusat", timezone="Asia/Jakarta")
    wib_plan = ActionPlanFactory(kecamatan=KecamatanFactory(district=wib_district, code="31.71.01"))
    wita_plan = ActionPlanFactory(kecamatan=paringin)
    wib_item = ActionItemFactory(plan=wib_plan, due_date=datetime.date(2026, 3, 9))
    wita_item = ActionItemFactory(plan=wita_plan, due_date=datetime.date(2026, 3, 9))
    with time_machine.travel(
        datetime.datetime(2026, 3, 9, 23, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta")), tick=False
    ):
        overdue = set(overdue_action_items())
    assert wita_item in overdue and wib_item not in overdue


def test_overdue_can_be_limited_to_districts(paringin, aluh_aluh):
    ours = ActionItemFactory(plan=ActionPlanFactory(kecamatan=paringin), due_date=datetime.date(2020, 1, 1))
    ActionItemFactory(plan=ActionPlanFactory(kecamatan=aluh_aluh), due_date=datetime.date(2020, 1, 1))
    assert list(overdue_action_items(district_ids=[paringin.district_id])) == [ours]


def test_cards_are_stale_after_the_districts_review_period(admin_user, paringin, aluh_aluh):
    with time_machine.travel(datetime.datetime(2026, 6, 30, 10, 0, tzinfo=WITA), tick=False):
        fresh = CardFactory(kecamatan=paringin, last_reviewed_on=datetime.date(2026, 3, 1))  # 121 days
        old = CardFactory(kecamatan=aluh_aluh, last_reviewed_on=datetime.date(2025, 12, 1))  # 211 days
        assert set(stale_cards()) == {old}
        plan_settings_update(by=admin_user, district=paringin.district, card_review_days=90)
        assert set(stale_cards()) == {old, fresh}
        assert set(stale_cards(district_ids=[aluh_aluh.district_id])) == {old}


def test_a_card_never_reviewed_is_stale(paringin):
    from kecamatan.models import Hazard

    card = CardFactory(kecamatan=paringin, hazard=Hazard.objects.get(code="karhutla"), last_reviewed_on=None)
    assert list(stale_cards()) == [card]


def test_one_cards_staleness_on_its_page_agrees_with_the_list_at_every_boundary(admin_user, paringin):
    from kecamatan.models import Hazard
    from kencana.plans.models import QuickResponseCard
    from kencana.plans.selectors import card_is_stale

    plan_settings_update(by=admin_user, district=paringin.district, card_review_days=90)
    hazards = iter(Hazard.objects.order_by("pk"))
    with time_machine.travel(datetime.datetime(2026, 6, 30, 0, 30, tzinfo=WITA), tick=False):  # early, local day
        for reviewed in (None, datetime.date(2026, 4, 1), datetime.date(2026, 4, 2), datetime.date(2026, 3, 31)):
            CardFactory(kecamatan=paringin, hazard=next(hazards), last_reviewed_on=reviewed)
        cards = QuickResponseCard.objects.select_related("kecamatan__district__plan_settings")
        stale = set(stale_cards())
        assert {card for card in cards if card_is_stale(card)} == stale
        assert {card.last_reviewed_on for card in stale} == {None, datetime.date(2026, 3, 31)}
