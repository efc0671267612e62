"""The /plans/templates/ pages: write, publish, share, browse, compare, adopt, pull and apply."""

import pytest
from django.urls import reverse

from kencana.library.models import VersionState
from kencana.plans import services
from kencana.plans.models import ActionItem, CardTemplate, PlanTemplate, QuickResponseCard

from .factories import CardFactory, published_card_template


def steps_post(rows, prefix="steps"):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{n}-{key}"] = value
    return data


def test_an_admin_writes_publishes_and_shares_a_card_template_in_the_browser(client_for, admin_user, flood):
    client = client_for(admin_user)
    response = client.post(
        reverse("plans:template_create", args=["cards"]), {"name": "Kartu banjir", "hazard": flood.pk}
    )
    template = CardTemplate.objects.get(name="Kartu banjir")
    draft = template.draft_version()
    assert response.url == reverse("plans:template_version", args=["cards", draft.pk])
    form = {"hazard": flood.pk, "trigger": "Sungai Balangan siaga", "assembly_points": "", "evacuation_routes": ""}
    rows = [
        {"action": "Sebarkan peringatan", "role": "Kasi Trantib", "agency_kind": "kecamatan", "within_minutes": "0"},
        {"action": "", "role": "", "agency_kind": "", "within_minutes": ""},
    ]
    assert (
        client.post(reverse("plans:template_version", args=["cards", draft.pk]), form | steps_post(rows)).status_code
        == 302
    )
    assert list(draft.steps.values_list("action", flat=True)) == ["Sebarkan peringatan"]
    assert client.post(reverse("plans:template_publish", args=["cards", draft.pk])).status_code == 302
    settings = {"name": "Kartu banjir", "description": "", "shared_with_partners": "on"}
    client.post(reverse("plans:template_settings", args=["cards", template.pk]), settings)
    template.refresh_from_db()
    assert template.shared_with_partners and template.published_version().pk == draft.pk
    page = client.get(reverse("plans:template_detail", args=["cards", template.pk])).text
    assert "Sebarkan peringatan" in page and reverse("plans:template_apply", args=["cards", draft.pk]) in page
    assert client.get(reverse("plans:template_index")).status_code == 200


def test_an_admin_edits_a_plan_template_draft_and_a_bad_row_changes_nothing(client_for, admin_user):
    template = services.template_create(by=admin_user, kind="plans", name="Rencana dasar")
    draft = template.draft_version()
    url = reverse("plans:template_version", args=["plans", draft.pk])
    rows = [
        {"title": "Peta rawan", "owner_kind": "kecamatan", "due_offset_days": "30", "budget_source": "apbd"},
        {"title": "peta rawan", "owner_kind": "", "due_offset_days": "10", "budget_source": ""},
    ]
    client = client_for(admin_user)
    response = client.post(url, steps_post(rows, "items"))
    assert response.status_code == 200 and "peta rawan" in response.text
    assert not draft.items.exists()
    response = client.post(url, steps_post(rows[:1], "items"))
    assert response.status_code == 302 and draft.items.get().due_offset_days == 30


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("plans:template_index", {}),
        ("plans:template_create", {"kind": "cards"}),
        ("plans:template_library", {}),
    ],
)
def test_an_officer_may_not_open_the_template_pages(client_for, officer, name, kwargs):
    assert client_for(officer).get(reverse(name, kwargs=kwargs)).status_code == 403


def test_officers_and_plain_staff_are_refused_the_admins_template_actions(client_for, officer, staff, card_template):
    version = card_template.published_version()
    # Templates and their library are BPBD's: to an officer they do not exist (404), while plain
    # staff see them and are refused the admin's actions (403).
    for user, editor_status in ((officer, 404), (staff, 403)):
        client = client_for(user)
        assert client.post(reverse("plans:template_retire", args=["cards", version.pk])).status_code == editor_status
        assert (
            client.post(reverse("plans:template_draft", args=["cards", card_template.pk])).status_code == editor_status
        )
        assert (
            client.post(reverse("plans:template_adopt", args=["cards", card_template.pk])).status_code == editor_status
        )
    assert client_for(officer).get(reverse("plans:template_apply", args=["cards", version.pk])).status_code == 403
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED and card_template.versions.count() == 1


def test_a_partner_admin_browses_compares_and_adopts_then_pulls_a_newer_version(
    client_for, partner_admin, admin_user, card_template
):
    client = client_for(partner_admin)
    assert "Kartu banjir standar" in client.get(reverse("plans:template_library")).text
    detail = client.get(reverse("plans:template_library_detail", args=["cards", card_template.pk])).text
    assert "Sebarkan peringatan" in detail
    response = client.post(reverse("plans:template_adopt", args=["cards", card_template.pk]), {"name": "Kartu Banjar"})
    adopted = CardTemplate.objects.get(district__code="63.03")
    assert response.url == reverse("plans:template_detail", args=["cards", adopted.pk])
    assert adopted.name == "Kartu Banjar" and adopted.source_template == card_template
    services.template_version_publish(by=partner_admin, version=adopted.draft_version())

    draft = services.template_edit(by=admin_user, template=card_template)
    services.card_template_save(
        by=admin_user,
        version=draft,
        hazard=draft.hazard,
        trigger="Peringatan dini BMKG atau status Siaga",
        steps=[{"action": "Sebarkan peringatan", "role": "Camat", "within_minutes": 0}],
    )
    v2 = services.template_version_publish(by=admin_user, version=draft)
    page = client.get(reverse("plans:template_detail", args=["cards", adopted.pk])).text
    assert reverse("plans:template_pull", args=["cards", adopted.pk]) in page
    compare = client.get(
        reverse("plans:template_compare", args=["cards"]),
        {"old": adopted.published_version().pk, "new": v2.pk},
    ).text
    assert "Peringatan dini BMKG atau status Siaga" in compare and "step 3" in compare
    response = client.post(reverse("plans:template_pull", args=["cards", adopted.pk]))
    pulled = adopted.draft_version()
    assert pulled.source_version == v2 and response.url == reverse("plans:template_version", args=["cards", pulled.pk])


def test_partners_never_reach_balangans_templates_outside_the_library_nor_its_plans(
    client_for, partner_admin, card_template, plan_template, paringin, paringin_item
):
    client = client_for(partner_admin)
    version = card_template.published_version()
    services.card_template_apply(by=card_template.created_by, version=version, kecamatan=paringin)
    card = QuickResponseCard.objects.get(kecamatan=paringin)
    assert client.get(reverse("plans:template_detail", args=["cards", card_template.pk])).status_code == 404
    assert client.get(reverse("plans:template_apply", args=["cards", version.pk])).status_code == 404
    assert (
        client.post(
            reverse("plans:template_apply", args=["cards", version.pk]), {"kecamatan": [paringin.pk]}
        ).status_code
        == 404
    )
    for name, args in [
        ("plans:card", [card.pk]),
        ("plans:item", [paringin_item.pk]),
        ("plans:kecamatan_plan", ["63.11.06"]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404


def test_an_unshared_template_and_drafts_are_404_for_partners(client_for, partner_admin, admin_user, flood):
    private = published_card_template(admin_user, flood, name="Internal", shared=False)
    draft = services.template_edit(by=admin_user, template=private)
    client = client_for(partner_admin)
    assert client.get(reverse("plans:template_library_detail", args=["cards", private.pk])).status_code == 404
    assert client.get(reverse("plans:template_version", args=["cards", draft.pk])).status_code == 404
    assert client.post(reverse("plans:template_adopt", args=["cards", private.pk])).status_code == 404


def test_staff_of_another_district_get_404_on_balangans_library_templates(client_for, outsider_admin, card_template):
    client = client_for(outsider_admin)
    version = card_template.published_version()
    assert client.get(reverse("plans:template_library_detail", args=["cards", card_template.pk])).status_code == 404
    assert client.get(reverse("plans:template_version", args=["cards", version.pk])).status_code == 404
    assert (
        client.get(
            reverse("plans:template_compare", args=["cards"]), {"old": version.pk, "new": version.pk}
        ).status_code
        == 404
    )
    assert client.post(reverse("plans:template_adopt", args=["cards", card_template.pk])).status_code == 404
    assert not CardTemplate.objects.filter(district=outsider_admin.district).exists()


def test_staff_apply_templates_to_kecamatan_in_the_browser(
    client_for, staff, card_template, plan_template, paringin, awayan, flood
):
    client = client_for(staff)
    CardFactory(kecamatan=awayan, hazard=flood, trigger="Kartu sendiri")
    card_version = card_template.published_version()
    response = client.post(
        reverse("plans:template_apply", args=["cards", card_version.pk]), {"kecamatan": [paringin.pk, awayan.pk]}
    )
    assert response.status_code == 200, "Awayan's own card is kept, so the page explains why"
    assert not QuickResponseCard.objects.filter(kecamatan=paringin).exists(), "one refusal: nothing is applied"
    response = client.post(
        reverse("plans:template_apply", args=["cards", card_version.pk]), {"kecamatan": [paringin.pk]}
    )
    assert response.status_code == 302
    applied = QuickResponseCard.objects.get(kecamatan=paringin)
    assert applied.source_version == card_version
    printed = client.get(reverse("plans:card", args=[applied.pk])).text
    assert f"Dari templat kartu {card_version}" in printed  # the printed card names where it came from
    own = QuickResponseCard.objects.get(kecamatan=awayan)
    assert own.trigger == "Kartu sendiri"
    assert "Dari templat kartu" not in client.get(reverse("plans:card", args=[own.pk])).text
    plan_version = plan_template.published_version()
    url = reverse("plans:template_apply", args=["plans", plan_version.pk])
    assert client.post(url, {"kecamatan": [paringin.pk]}).status_code == 302
    assert client.post(url, {"kecamatan": [paringin.pk]}).status_code == 302
    assert ActionItem.objects.filter(plan__kecamatan=paringin).count() == 2
    assert PlanTemplate.objects.count() == 1
    assert client.get(reverse("plans:template_apply", args=["plans", 999999])).status_code == 404
    assert client.get(reverse("plans:template_detail", args=["widgets", 1])).status_code == 404


def history_block(page: str) -> str:
    """The change-history card of an object page."""
    assert 'class="card history"' in page
    return page.split('class="card history"', 1)[1]


def test_a_template_and_its_version_show_who_wrote_and_published_them(client_for, staff, card_template):
    client = client_for(staff)
    page = client.get(reverse("plans:template_detail", args=["cards", card_template.pk])).text
    assert "admin.balangan" in history_block(page)
    version = card_template.published_version()
    page = client.get(reverse("plans:template_version", args=["cards", version.pk])).text
    assert "admin.balangan" in history_block(page)


def test_a_partner_reading_a_shared_version_does_not_see_its_history(client_for, partner_admin, card_template):
    version = card_template.published_version()
    page = client_for(partner_admin).get(reverse("plans:template_version", args=["cards", version.pk]))
    assert page.status_code == 200 and 'class="card history"' not in page.text
