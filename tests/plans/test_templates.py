"""Card and plan templates: publish, share, adopt with provenance, compare, pull, and apply to a kecamatan."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kencana.core.clock import local_today
from kencana.library.models import VersionState
from kencana.library.selectors import adopters_of, newer_source_version, versions_diff
from kencana.plans import services
from kencana.plans.models import ActionItem, Agency, CardTemplate, QuickResponseCard
from kencana.plans.selectors import library_template_list
from kencana.plans.spec import CARD_SPEC, PLAN_SPEC

from .factories import AgencyFactory, CardFactory, published_card_template


@pytest.fixture(autouse=True)
def english():
    """Service messages are asserted in their English msgids."""
    with translation.override("en"):
        yield


@pytest.fixture
def paringin_agencies(paringin, balangan):
    return {
        "office": AgencyFactory(kecamatan=paringin, kind=Agency.Kind.KECAMATAN, name="Kantor Kecamatan Paringin"),
        "puskesmas": AgencyFactory(kecamatan=paringin, kind=Agency.Kind.PUSKESMAS, name="Puskesmas Paringin"),
        "bpbd": AgencyFactory(district=balangan, kind=Agency.Kind.BPBD, name="BPBD Kabupaten Balangan"),
        "pusdalops": AgencyFactory(district=balangan, kind=Agency.Kind.BPBD, name="Pusdalops BPBD Balangan"),
    }


def test_publishing_needs_a_complete_card_and_keeps_one_published_version(admin_user, flood):
    template = services.template_create(by=admin_user, kind="cards", name="Kartu banjir")
    draft = template.draft_version()
    with pytest.raises(ValidationError, match="Choose the hazard of the card") as error:
        services.template_version_publish(by=admin_user, version=draft)
    assert "Choose the hazard of the card." in error.value.messages
    assert "A card needs at least one step." in error.value.messages
    draft.refresh_from_db()
    assert draft.state == VersionState.DRAFT


def test_a_partner_admin_adopts_a_shared_card_template_with_its_provenance(card_template, partner_admin, banjar):
    source = card_template.published_version()
    assert library_template_list(spec=CARD_SPEC, user=partner_admin).filter(pk=card_template.pk).exists()
    adopted = services.template_adopt(by=partner_admin, source=source, name="Kartu banjir Banjar")
    draft = adopted.draft_version()
    assert adopted.district == banjar and adopted.source_template == card_template
    assert draft.source_version == source and draft.hazard == source.hazard
    assert [s.action for s in draft.steps.all()] == [s.action for s in source.steps.all()]
    assert versions_diff(spec=CARD_SPEC, old=source, new=draft).is_empty
    assert list(adopters_of(card_template)) == [banjar]
    assert source.template.district.code == "63.11" and source.steps.count() == 3


def test_an_unshared_template_is_neither_listed_nor_adoptable_for_partners(admin_user, flood, partner_admin):
    private = published_card_template(admin_user, flood, name="Kartu internal", shared=False)
    assert not library_template_list(spec=CARD_SPEC, user=partner_admin).filter(pk=private.pk).exists()
    with pytest.raises(PermissionDenied, match="This template is not shared with your district"):
        services.template_adopt(by=partner_admin, source=private.published_version())
    assert not CardTemplate.objects.filter(district__code="63.03").exists()


def test_staff_of_an_unrelated_district_do_not_see_balangans_templates(card_template, outsider_admin):
    assert not library_template_list(spec=CARD_SPEC, user=outsider_admin).exists()
    with pytest.raises(PermissionDenied, match="This template is not shared with your district"):
        services.template_adopt(by=outsider_admin, source=card_template.published_version())


def test_the_adopter_sees_a_newer_source_version_diffs_it_and_pulls_it(plan_template, admin_user, partner_admin):
    adopted = services.template_adopt(by=partner_admin, source=plan_template.published_version())
    services.template_version_publish(by=partner_admin, version=adopted.draft_version())
    assert newer_source_version(adopted) is None

    draft = services.template_edit(by=admin_user, template=plan_template)
    items = [
        {"title": i.title, "owner_kind": i.owner_kind, "due_offset_days": i.due_offset_days, "budget_source": ""}
        for i in draft.items.all()
    ]
    items[0]["due_offset_days"] = 30
    items.append({"title": "Latih relawan", "owner_kind": "community", "due_offset_days": 90, "budget_source": "csr"})
    services.plan_template_save(by=admin_user, version=draft, items=items[:1] + items[2:])
    v2 = services.template_version_publish(by=admin_user, version=draft)

    adopted.refresh_from_db()
    assert newer_source_version(adopted) == v2
    diff = versions_diff(spec=PLAN_SPEC, old=adopted.published_version(), new=v2)
    assert [key for key, _values in diff.added] == ["Latih relawan"]
    assert [key for key, _values in diff.removed] == ["Simulasi evakuasi"]
    changed = dict(diff.changed)["Perbarui peta rawan"]
    assert ("due_offset_days", 60, 30) in changed and ("hazard", "banjir", "") in changed

    pulled = services.template_pull_source(by=partner_admin, template=adopted)
    assert pulled.number == 2 and pulled.source_version == v2
    assert sorted(pulled.items.values_list("title", flat=True)) == ["Latih relawan", "Perbarui peta rawan"]
    services.template_version_publish(by=partner_admin, version=pulled)
    assert newer_source_version(adopted) is None
    with pytest.raises(ValidationError, match="There is no newer version of the source template"):
        services.template_pull_source(by=partner_admin, template=adopted)


def test_only_the_owning_districts_admin_changes_a_template(card_template, staff, partner_admin):
    for user in (staff, partner_admin):
        with pytest.raises(PermissionDenied, match="Only a BPBD admin of the owning district may change this template"):
            services.template_edit(by=user, template=card_template)
        with pytest.raises(PermissionDenied, match="Only a BPBD admin of the owning district may change this template"):
            services.template_update(by=user, template=card_template, name="X", shared_with_partners=False)
    card_template.refresh_from_db()
    assert card_template.name == "Kartu banjir standar" and card_template.shared_with_partners


def test_a_published_version_cannot_be_edited(card_template, admin_user, flood):
    with pytest.raises(ValidationError, match="Only a draft can be edited; start a new draft from the template page"):
        services.card_template_save(
            by=admin_user, version=card_template.published_version(), hazard=flood, trigger="x", steps=[]
        )


def test_a_plan_template_refuses_duplicate_titles_and_bad_offsets(admin_user):
    template = services.template_create(by=admin_user, kind="plans", name="Rencana")
    with pytest.raises(ValidationError, match="the title simulasi is used twice") as error:
        services.plan_template_save(
            by=admin_user,
            version=template.draft_version(),
            items=[
                {"title": "Simulasi", "due_offset_days": 10},
                {"title": "simulasi", "due_offset_days": 5000},
            ],
        )
    assert len(error.value.message_dict["items"]) == 2
    assert not template.draft_version().items.exists()


# --- Apply --------------------------------------------------------------------------------------


def test_applying_a_card_template_resolves_agencies_from_the_registry(
    card_template, staff, paringin, paringin_agencies
):
    version = card_template.published_version()
    card = services.card_template_apply(by=staff, version=version, kecamatan=paringin)
    steps = list(card.steps.select_related("agency"))
    assert [s.agency for s in steps] == [
        paringin_agencies["office"],
        paringin_agencies["puskesmas"],
        paringin_agencies["pusdalops"],
    ]
    assert card.source_version == version and card.trigger == "Peringatan dini BMKG"
    assert card.last_reviewed_on is None, "a card from a template is checked locally before it counts as reviewed"
    again = services.card_template_apply(by=staff, version=version, kecamatan=paringin)
    assert again.pk == card.pk and QuickResponseCard.objects.filter(kecamatan=paringin).count() == 1


def test_a_step_without_a_matching_agency_is_left_for_staff_to_fill(card_template, staff, awayan):
    card = services.card_template_apply(by=staff, version=card_template.published_version(), kecamatan=awayan)
    assert list(card.steps.values_list("agency", flat=True)) == [None, None, None]


def test_applying_a_card_does_not_overwrite_a_kecamatans_own_card_unless_asked(card_template, staff, paringin, flood):
    own = CardFactory(kecamatan=paringin, hazard=flood, trigger="Laporan warga")
    version = card_template.published_version()
    with pytest.raises(ValidationError, match="Kecamatan Paringin already has a card for Flood") as error:
        services.card_template_apply(by=staff, version=version, kecamatan=paringin)
    assert "already has a card" in error.value.messages[0]
    own.refresh_from_db()
    assert own.trigger == "Laporan warga" and own.source_version is None
    replaced = services.card_template_apply(by=staff, version=version, kecamatan=paringin, replace=True)
    assert replaced.pk == own.pk and replaced.steps.count() == 3 and replaced.source_version == version


def test_applying_a_plan_template_adds_items_due_from_today_once(plan_template, staff, paringin, paringin_agencies):
    version = plan_template.published_version()
    created = services.plan_template_apply(by=staff, version=version, kecamatan=paringin)
    today = local_today(paringin.district.timezone)
    by_title = {item.title: item for item in created}
    assert by_title["Perbarui peta rawan"].due_date == today + datetime.timedelta(days=60)
    assert by_title["Perbarui peta rawan"].owner_agency == paringin_agencies["office"]
    assert "APBD" in by_title["Perbarui peta rawan"].description
    assert by_title["Simulasi evakuasi"].due_date == today
    assert by_title["Simulasi evakuasi"].owner_agency == paringin_agencies["puskesmas"]
    assert all(i.plan.kecamatan == paringin and i.status == "planned" and i.template_item for i in created)
    assert created[0].history.first().history_user == staff
    assert services.plan_template_apply(by=staff, version=version, kecamatan=paringin) == []
    assert ActionItem.objects.filter(plan__kecamatan=paringin).count() == 2


def test_only_district_staff_apply_and_only_their_own_published_templates(
    plan_template, card_template, officer, partner_staff, partner_admin, paringin, aluh_aluh, staff
):
    version = plan_template.published_version()
    for user in (officer, partner_staff):
        with pytest.raises(PermissionDenied, match="Only BPBD staff of the district apply templates to a kecamatan"):
            services.plan_template_apply(by=user, version=version, kecamatan=paringin)
    with pytest.raises(ValidationError, match="own templates can be applied") as error:
        services.plan_template_apply(by=partner_staff, version=version, kecamatan=aluh_aluh)
    assert "adopt a partner's template first" in error.value.messages[0]
    draft = services.template_edit(by=plan_template.created_by, template=plan_template)
    with pytest.raises(ValidationError, match="Only the published version of a template can be applied"):
        services.plan_template_apply(by=staff, version=draft, kecamatan=paringin)
    assert not ActionItem.objects.exists() and not QuickResponseCard.objects.exists()
