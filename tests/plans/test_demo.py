from django.core.management import call_command

from kecamatan.models import Kecamatan, RiskProfile
from kencana.accounts.models import User
from kencana.plans import services
from kencana.plans.models import ActionItem, Agency, CardTemplateVersion, PlanTemplateVersion, QuickResponseCard
from kencana.plans.selectors import library_template_list, overdue_action_items, stale_cards
from kencana.plans.spec import CARD_SPEC, PLAN_SPEC


def test_every_balangan_kecamatan_gets_risk_a_plan_with_an_overdue_item_and_a_flood_card(seeded_demo):
    balangan = Kecamatan.objects.filter(district__code="63.11")
    overdue_kecamatan = set(overdue_action_items().values_list("plan__kecamatan__code", flat=True))
    for kecamatan in balangan:
        assert kecamatan.risk_profiles.filter(hazard__code="karhutla", season_months=[5, 6, 7, 8, 9, 10]).exists()
        assert kecamatan.action_plan.items.count() >= 3
        assert kecamatan.code in overdue_kecamatan
        card = QuickResponseCard.objects.get(kecamatan=kecamatan, hazard__code="banjir")
        assert card.steps.count() >= 5 and card.roster
    in_balangan = RiskProfile.objects.filter(kecamatan__district__code="63.11")
    flooded = set(
        in_balangan.filter(hazard__code="banjir", risk_index__gte="0.6").values_list("kecamatan__code", flat=True)
    )
    assert flooded == {"63.11.01", "63.11.02", "63.11.03", "63.11.05", "63.11.08"}
    landslides = set(in_balangan.filter(hazard__code="tanah-longsor").values_list("kecamatan__code", flat=True))
    assert landslides == {"63.11.02", "63.11.03", "63.11.08"}
    whirlwinds = set(in_balangan.filter(hazard__code="cuaca-ekstrim").values_list("kecamatan__code", flat=True))
    assert whirlwinds == {"63.11.01", "63.11.04", "63.11.05"}
    assert RiskProfile.objects.filter(kecamatan__district__code="63.03").count() >= 5
    assert list(stale_cards().values_list("kecamatan__code", flat=True)) == ["63.11.02"]
    assert Agency.objects.filter(district__code="63.11", kind="polsek").count() == 8


def test_seeding_twice_adds_nothing(seeded_demo):
    counts = (
        RiskProfile.objects.count(),
        ActionItem.objects.count(),
        QuickResponseCard.objects.count(),
        Agency.objects.count(),
        CardTemplateVersion.objects.count(),
        PlanTemplateVersion.objects.count(),
    )
    call_command("seed_demo")
    assert counts == (
        RiskProfile.objects.count(),
        ActionItem.objects.count(),
        QuickResponseCard.objects.count(),
        Agency.objects.count(),
        CardTemplateVersion.objects.count(),
        PlanTemplateVersion.objects.count(),
    )


def test_balangan_shares_a_flood_card_and_a_basic_plan_template_that_banjar_can_apply_after_adopting(seeded_demo):
    banjar_staff = User.objects.get(username="staff.banjar")
    cards = library_template_list(spec=CARD_SPEC, user=banjar_staff)
    plans = library_template_list(spec=PLAN_SPEC, user=banjar_staff)
    assert [t.district.code for t in cards] == ["63.11"] and [t.district.code for t in plans] == ["63.11"]
    flood_card = cards.get().published_version()
    assert flood_card.hazard.code == "banjir" and flood_card.steps.count() == 7
    awayan = Kecamatan.objects.get(code="63.11.03")
    admin = User.objects.get(username="admin.balangan")
    created = services.plan_template_apply(by=admin, version=plans.get().published_version(), kecamatan=awayan)
    assert len(created) == 5 and all(item.owner_agency for item in created)
