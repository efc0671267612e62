from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kencana.accounts.models import Role
from kencana.library.selectors import adopters_of, newer_source_version, versions_diff
from kencana.readiness import selectors, services
from kencana.readiness.models import Template
from kencana.readiness.spec import SPEC
from tests.factories import UserFactory
from tests.readiness.factories import make_version


@pytest.fixture
def banjar_admin(banjar):
    return UserFactory(username="admin.banjar", district=banjar, role=Role.BPBD_ADMIN)


@pytest.fixture
def outsider_admin(outsider_district):
    return UserFactory(username="admin.paser", district=outsider_district, role=Role.BPBD_ADMIN)


def test_partners_see_shared_published_templates_only(version, balangan, partner_staff, outsider_admin):
    hidden = make_version(balangan, name="Internal")
    hidden.template.shared_with_partners = False
    hidden.template.save()
    make_version(balangan, name="Masih draf", state="draft")
    assert [t.name for t in selectors.library_list(user=partner_staff)] == ["Instrumen Uji"]
    assert not selectors.library_list(user=outsider_admin).exists()


def test_a_district_sees_its_own_published_templates_in_the_library_even_unshared(version, staff):
    version.template.shared_with_partners = False
    version.template.save()
    assert list(selectors.library_list(user=staff)) == [version.template]


def test_adopting_copies_the_published_version_as_a_draft_with_provenance(version, banjar, banjar_admin):
    adopted = services.template_adopt(source=version, by=banjar_admin, name="Instrumen Banjar")
    draft = adopted.versions.get()
    assert (adopted.district, adopted.source_template, adopted.shared_with_partners) == (
        banjar,
        version.template,
        False,
    )
    assert (draft.state, draft.number, draft.source_version) == ("draft", 1, version)
    assert versions_diff(spec=SPEC, old=version, new=draft).is_empty
    assert adopters_of(version.template) == [banjar]
    assert version.template.versions.count() == 1  # the source is untouched


def test_staff_who_are_not_admins_cannot_adopt(version, partner_staff):
    with pytest.raises(
        PermissionDenied,
        match="Only a BPBD admin of your district may adopt a template, and your district has none yet",
    ):
        services.template_adopt(source=version, by=partner_staff)
    assert Template.objects.count() == 1


def test_a_district_that_is_not_a_partner_cannot_adopt(version, outsider_admin):
    with pytest.raises(PermissionDenied, match="This template is not shared with your district"):
        services.template_adopt(source=version, by=outsider_admin)
    assert Template.objects.count() == 1


def test_adopters_see_a_newer_source_version_and_pull_it_into_a_draft(version, admin_user, banjar_admin):
    adopted = services.template_adopt(source=version, by=banjar_admin)
    services.version_publish(version=adopted.draft_version(), by=banjar_admin)
    assert newer_source_version(adopted) is None

    draft = services.version_edit(template=version.template, by=admin_user)
    section = draft.sections.get(title="Kebijakan")
    services.indicator_save(
        section=section,
        by=admin_user,
        data=services.IndicatorInput(code="Y2", text_id="Ada FPRB", answer_type="yes_no"),
    )
    y1 = draft.indicators.get(code="Y1")
    y1.weight = Decimal(3)
    y1.save()
    draft.indicators.get(code="C1").delete()
    v2 = services.version_publish(version=draft, by=admin_user)

    assert newer_source_version(adopted) == v2
    diff = versions_diff(spec=SPEC, old=version, new=v2)
    assert [key for key, _ in diff.added] == ["Y2"]
    assert [key for key, _ in diff.removed] == ["C1"]
    assert diff.changed == [("Y1", [("weight", "2", "3")])]

    pulled = services.template_pull_source(template=adopted, by=banjar_admin)
    assert (pulled.number, pulled.source_version) == (2, v2)
    assert newer_source_version(adopted) is None
    assert sorted(pulled.indicators.values_list("code", flat=True)) == ["L1", "N1", "S1", "Y1", "Y2"]


def test_the_diff_shows_threshold_changes(version, admin_user):
    draft = services.version_edit(template=version.template, by=admin_user)
    services.thresholds_set(version=draft, by=admin_user, thresholds=[("Pratama", Decimal(0)), ("Madya", Decimal(60))])
    diff = versions_diff(spec=SPEC, old=version, new=draft)
    assert diff.changed == [("tier:Madya", [("lower_bound", "55", "60")])]
    assert [key for key, _ in diff.removed] == ["tier:Utama"]


def test_only_the_owning_districts_admin_edits_or_publishes(version, staff, banjar_admin):
    for user in (staff, banjar_admin):
        with pytest.raises(PermissionDenied, match="Only a BPBD admin of the owning district may change this template"):
            services.version_edit(template=version.template, by=user)
    assert version.template.versions.count() == 1


def test_partners_never_see_reports_scores_or_evidence(submitted, partner_staff, banjar_admin, client_for):
    assert not selectors.report_list(user=partner_staff).exists()
    assert not selectors.report_list(user=banjar_admin).exists()
    client = client_for(partner_staff)
    assert client.get(f"/readiness/reports/{submitted.pk}/").status_code == 404
    assert client.get(f"/readiness/reports/{submitted.pk}/print/").status_code == 404
    assert client.get(f"/api/v1/readiness/reports/{submitted.pk}/").status_code == 404
    assert client.get("/api/v1/readiness/reports/").json()["count"] == 0
    assert client.get(f"/readiness/trend/{submitted.kecamatan.code}/").status_code == 404
    response = client.get("/readiness/library/")
    assert response.status_code == 200
    assert b"Instrumen Uji" in response.content


def test_a_partner_does_not_see_that_a_draft_exists_nor_its_notes(version, admin_user, partner_staff, staff):
    from rest_framework.test import APIClient

    draft = services.version_edit(template=version.template, by=admin_user)
    draft.notes = "Rahasia: indikator baru untuk rapat Bupati"
    draft.save(update_fields=["notes"])
    partner = APIClient()
    partner.force_authenticate(partner_staff)
    listed = partner.get("/api/v1/readiness/templates/library/").json()["results"]
    assert [[v["state"] for v in t["versions"]] for t in listed] == [["published"]]
    assert "Rahasia" not in str(listed)
    own = APIClient()
    own.force_authenticate(staff)
    mine = own.get("/api/v1/readiness/templates/library/").json()["results"]
    assert sorted(v["state"] for v in mine[0]["versions"]) == ["draft", "published"]


def test_the_library_page_tells_staff_who_may_adopt_and_a_direct_post_changes_nothing(
    version, partner_staff, banjar_admin, client_for
):
    client = client_for(partner_staff)
    page = client.get(f"/readiness/library/{version.template.pk}/")
    assert 'data-adoption="refused"' in page.text and "admin.banjar" in page.text
    assert f"/readiness/library/{version.template.pk}/adopt/" not in page.text
    before = Template.objects.count()
    response = client.post(f"/readiness/library/{version.template.pk}/adopt/", {"name": "Salinan"})
    assert response.status_code == 403 and "admin.banjar" in response.text
    assert Template.objects.count() == before


def test_a_partner_admin_is_offered_the_adoption(version, banjar_admin, client_for):
    page = client_for(banjar_admin).get(f"/readiness/library/{version.template.pk}/")
    assert f"/readiness/library/{version.template.pk}/adopt/" in page.text and "data-adoption" not in page.text
