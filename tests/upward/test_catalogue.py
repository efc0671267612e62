"""Revising the SPM catalogue: a BNPB admin copies the newest version into a draft, edits it and
publishes it; weights that do not add up to 100 are refused with nothing saved; a published
version never changes; reports keep their version and new ones take the newest published."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kencana.accounts.models import Role
from kencana.upward import catalogue_services as catalogue
from kencana.upward import services
from kencana.upward.models import SpmQualityComponent, SpmService, SpmSubActivity, SpmVersion

from ..factories import UserFactory, rows_unchanged, today

ROWS = [SpmVersion, SpmService, SpmSubActivity, SpmQualityComponent]
THREE = [catalogue.ComponentInput("M1", "Sesuai standar", 50), catalogue.ComponentInput("M2", "Ada SK", 50)]


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the UI default is Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture
def bnpb_admin(db):
    return UserFactory(username="bnpb.admin", district=None, role=Role.NATIONAL_ADMIN)


@pytest.fixture
def draft(bnpb_admin):
    return catalogue.spm_version_new_draft(by=bnpb_admin)


def test_v1_holds_the_three_services_and_twelve_sub_activities_with_weights_of_100(db):
    v1 = SpmVersion.objects.get(number=1)
    assert v1.published and v1.services.count() == 3
    subs = SpmSubActivity.objects.filter(service__version=v1)
    assert subs.count() == 12
    assert all(sum(c.weight for c in sub.components.all()) == 100 for sub in subs)


def test_a_draft_is_a_copy_of_the_newest_version(draft, bnpb_admin):
    assert (draft.number, draft.published, draft.created_by) == (2, False, bnpb_admin)
    copied = SpmSubActivity.objects.filter(service__version=draft)
    assert sorted(copied.values_list("code", flat=True)) == sorted(
        SpmSubActivity.objects.filter(service__version__number=1).values_list("code", flat=True)
    )
    assert SpmQualityComponent.objects.filter(sub_activity__service__version=draft).count() == 36


def test_only_one_draft_at_a_time(draft, bnpb_admin):
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="Publish or discard"):
        catalogue.spm_version_new_draft(by=bnpb_admin)


def test_only_a_bnpb_admin_revises_the_catalogue(db, staff, national_staff, province_staff, bnpb_admin):
    for user in (staff, national_staff, province_staff):
        with rows_unchanged(ROWS), pytest.raises(PermissionDenied, match="Only BNPB admins revise"):
            catalogue.spm_version_new_draft(by=user)


def test_a_sub_activity_and_its_components_are_saved_together(draft, bnpb_admin):
    sub = SpmSubActivity.objects.get(service__version=draft, code="1.2")
    catalogue.spm_sub_activity_update(
        sub_activity=sub,
        by=bnpb_admin,
        name="KIE rawan bencana",
        unit="orang",
        source="",
        target_note="Penduduk di kawasan rawan",
        components=THREE,
    )
    sub.refresh_from_db()
    assert (sub.name, sub.unit, sub.target_note) == ("KIE rawan bencana", "orang", "Penduduk di kawasan rawan")
    assert list(sub.components.values_list("code", "weight")) == [("M1", 50), ("M2", 50)]


def test_weights_that_do_not_add_up_to_100_are_refused_and_nothing_is_saved(draft, bnpb_admin):
    sub = SpmSubActivity.objects.get(service__version=draft, code="1.2")
    wrong = [catalogue.ComponentInput("M1", "Sesuai standar", 50), catalogue.ComponentInput("M2", "Ada SK", 40)]
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="add up to 90, not 100"):
        catalogue.spm_sub_activity_update(
            sub_activity=sub, by=bnpb_admin, name="Baru", unit="jiwa", source="", target_note="", components=wrong
        )
    sub.refresh_from_db()
    assert sub.name != "Baru"


def test_a_published_version_never_changes(db, bnpb_admin):
    v1 = SpmVersion.objects.get(number=1)
    sub = SpmSubActivity.objects.filter(service__version=v1).first()
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="never changes"):
        catalogue.spm_sub_activity_update(
            sub_activity=sub, by=bnpb_admin, name="X", unit="jiwa", source="", target_note="", components=THREE
        )
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="never changes"):
        catalogue.spm_service_update(service=v1.services.first(), by=bnpb_admin, name="X")
    with rows_unchanged(ROWS), pytest.raises(ValidationError, match="never changes"):
        catalogue.spm_version_publish(version=v1, by=bnpb_admin)


def test_reports_keep_their_version_and_new_ones_take_the_newest_published(
    draft, bnpb_admin, balangan, banjar, paringin, aluh_aluh, staff, partner_staff
):
    year, quarter = services.last_quarter(today())
    before = services.spm_report_open(district=balangan, year=year, quarter=quarter, by=staff)
    assert before.version.number == 1  # the draft is not used
    published = catalogue.spm_version_publish(version=draft, by=bnpb_admin)
    assert (published.published, published.published_by) == (True, bnpb_admin) and published.published_at
    after = services.spm_report_open(district=banjar, year=year, quarter=quarter, by=partner_staff)
    before.refresh_from_db()
    assert (before.version.number, after.version.number) == (1, 2)
    assert published.history.filter(history_user=bnpb_admin, published=True).exists()


def test_a_draft_is_discarded_with_everything_in_it(draft, bnpb_admin):
    catalogue.spm_version_discard(version=draft, by=bnpb_admin)
    assert not SpmVersion.objects.filter(number=2).exists()
    assert not SpmSubActivity.objects.filter(service__version__number=2).exists()


# --- Pages -----------------------------------------------------------------------------------


def test_the_pages_show_the_versions_and_a_bnpb_admin_edits_a_draft(bnpb_admin, client_for):
    client = client_for(bnpb_admin)
    page = client.get("/upward/catalogue/")
    assert page.status_code == 200 and "v1" in page.text
    response = client.post("/upward/catalogue/new/")
    assert response.status_code == 302 and response.url == "/upward/catalogue/2/"
    sub = SpmSubActivity.objects.get(service__version__number=2, code="2.2")
    form = {
        "name": "Pelatihan pencegahan",
        "unit": "jiwa",
        "source": "",
        "target_note": "Aparat dan relawan",
        "c-TOTAL_FORMS": "3",
        "c-INITIAL_FORMS": "0",
        "c-0-code": "M1",
        "c-0-name": "Sesuai standar",
        "c-0-weight": "60",
        "c-1-code": "M2",
        "c-1-name": "Ada SK",
        "c-1-weight": "30",
        "c-2-code": "",
        "c-2-name": "",
        "c-2-weight": "",
    }
    refused = client.post(f"/upward/catalogue/sub-activity/{sub.pk}/", form)
    assert refused.status_code == 200 and "90" in refused.text
    assert sub.components.count() == 3  # nothing saved
    saved = client.post(f"/upward/catalogue/sub-activity/{sub.pk}/", {**form, "c-1-weight": "40"})
    assert saved.status_code == 302
    assert list(sub.components.values_list("weight", flat=True)) == [60, 40]
    service = sub.service
    client.post(f"/upward/catalogue/service/{service.pk}/", {f"s{service.pk}-name": "Pencegahan"})
    service.refresh_from_db()
    assert service.name == "Pencegahan"
    assert client.post("/upward/catalogue/2/publish/").status_code == 302
    assert SpmVersion.objects.get(number=2).published
    listed = client.get("/upward/catalogue/")
    assert [v.number for v in listed.context["versions"]] == [2, 1] and listed.context["in_use"].number == 2
    assert bnpb_admin.get_full_name() in listed.text or "bnpb.admin" in listed.text


def test_a_reader_sees_the_catalogue_but_may_not_change_it(staff, national_staff, client_for, draft):
    for user in (staff, national_staff):
        client = client_for(user)
        assert client.get("/upward/catalogue/2/").status_code == 200
        assert client.post("/upward/catalogue/2/publish/").status_code == 403
        assert client.post("/upward/catalogue/new/").status_code == 403
    assert not SpmVersion.objects.get(number=2).published


def test_an_officer_does_not_see_the_catalogue(officer, client_for):
    assert client_for(officer).get("/upward/catalogue/").status_code == 403


def test_a_published_version_is_refused_on_its_pages_with_the_reason(bnpb_admin, client_for):
    sub = SpmSubActivity.objects.filter(service__version__number=1).first()
    client = client_for(bnpb_admin)
    with rows_unchanged(ROWS):
        refused = client.post(f"/upward/catalogue/sub-activity/{sub.pk}/", {"name": "X", "unit": "jiwa"}, follow=True)
        renamed = client.post("/upward/catalogue/1/", {"title": "X"}, follow=True)
    assert "tidak pernah berubah" in refused.text and "tidak pernah berubah" in renamed.text  # in Indonesian
