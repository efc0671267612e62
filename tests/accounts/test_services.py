"""Account changes that touch the desa facilitator and school focal person roles."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kencana.accounts import services
from kencana.accounts.models import Role, User


def test_a_facilitator_cannot_be_created_without_their_desa(admin_user):
    with pytest.raises(ValidationError, match="satu desa: pilih desanya"):
        services.user_create(
            by=admin_user, username="fasilitator.baru", password="x-Y-z-12345678", role=Role.DESA_FACILITATOR
        )


def test_an_officer_cannot_become_a_facilitator_without_a_desa(admin_user, awayan_officer, awayan):
    with pytest.raises(ValidationError, match="satu desa: pilih desanya"):
        services.user_update(by=admin_user, user=awayan_officer, role=Role.DESA_FACILITATOR, kecamatan=[awayan])


def test_a_facilitator_edited_keeps_their_desa_and_loses_it_with_the_role(
    admin_user, facilitator, lasung_batu, paringin
):
    kept = services.user_update(
        by=admin_user, user=facilitator, role=Role.DESA_FACILITATOR, desa=lasung_batu, first_name="Rina"
    )
    assert kept.desa == lasung_batu and kept.first_name == "Rina"
    officer = services.user_update(by=admin_user, user=facilitator, role=Role.OFFICER, kecamatan=[paringin])
    assert officer.desa is None and list(officer.kecamatan.all()) == [paringin]


def test_an_admin_creates_a_school_focal_person_for_a_school_of_their_district(admin_user, sd_balang):
    focal = services.user_create(
        by=admin_user, username="spab.baru", password="x-Y-z-12345678", role=Role.SCHOOL_FOCAL, school=sd_balang
    )
    assert focal.school == sd_balang and focal.desa is None and not focal.kecamatan.exists()


def test_a_focal_person_cannot_be_created_without_their_school(admin_user):
    with pytest.raises(ValidationError, match="satu sekolah: pilih sekolahnya"):
        services.user_create(by=admin_user, username="spab.baru", password="x-Y-z-12345678", role=Role.SCHOOL_FOCAL)
    assert not User.objects.filter(username="spab.baru").exists()


def test_a_school_or_desa_of_another_district_cannot_be_chosen(admin_user, banjar):
    from ..factories import DesaFactory, KecamatanFactory, SchoolFactory

    elsewhere = DesaFactory(kecamatan=KecamatanFactory(district=banjar, code="63.03.01"), code="63.03.01.2001")
    with pytest.raises(ValidationError, match="sekolah di kabupaten pengguna sendiri"):
        services.user_create(
            by=admin_user,
            username="spab.luar",
            password="x-Y-z-12345678",
            role=Role.SCHOOL_FOCAL,
            school=SchoolFactory(desa=elsewhere),
        )
    with pytest.raises(ValidationError, match="desa di kabupaten pengguna sendiri"):
        services.user_create(
            by=admin_user, username="desa.luar", password="x-Y-z-12345678", role=Role.DESA_FACILITATOR, desa=elsewhere
        )
    assert not User.objects.filter(username__in=["spab.luar", "desa.luar"]).exists()


def test_an_officer_made_focal_person_loses_their_kecamatan_and_back(admin_user, awayan_officer, awayan, sd_balang):
    focal = services.user_update(by=admin_user, user=awayan_officer, role=Role.SCHOOL_FOCAL, school=sd_balang)
    assert focal.school == sd_balang and not focal.kecamatan.exists()
    officer = services.user_update(by=admin_user, user=focal, role=Role.OFFICER, kecamatan=[awayan], school=sd_balang)
    assert officer.school is None and list(officer.kecamatan.all()) == [awayan]


def test_the_user_page_creates_a_focal_person_and_explains_a_missing_school(client_for, admin_user, sd_balang):
    client = client_for(admin_user)
    page = client.get(reverse("accounts:user_create")).content.decode()
    assert "SD Negeri Balang (99110603, Balang)" in page
    data = {"username": "spab.web", "password": "x-Y-z-12345678", "role": Role.SCHOOL_FOCAL}
    refused = client.post(reverse("accounts:user_create"), data)
    assert refused.status_code == 200 and "bekerja untuk satu sekolah" in refused.content.decode()
    assert not User.objects.filter(username="spab.web").exists()
    created = client.post(reverse("accounts:user_create"), {**data, "school": sd_balang.pk})
    assert created.status_code == 302
    assert User.objects.get(username="spab.web").school == sd_balang
