"""BPBD Provinsi and BNPB: what they see (scope) and that they act on no district's data.

Kalimantan Selatan's staff (``province_staff``) oversee Balangan and Banjar; BNPB
(``national_staff``) every district; a province's staff see nothing of another province's.
"""

import pytest
from django.core.exceptions import ValidationError

from kecamatan.models import Province
from kencana.accounts import permissions, services
from kencana.accounts.models import Role, User
from kencana.accounts.scope import districts_for, kecamatan_for, library_districts_for, users_for

from ..factories import DistrictFactory, KecamatanFactory, UserFactory, rows_unchanged
from .test_permissions import ADMIN_RULES, DISTRICT_RULES


@pytest.fixture
def kapuas(db):
    """A district of Kalimantan Tengah, another province."""
    return DistrictFactory(code="62.03", name="Kapuas", province=Province.objects.get(code="62"))


@pytest.fixture
def province_admin(db):
    return UserFactory(
        username="admin.prov.kalsel", district=None, province=Province.objects.get(code="63"), role=Role.PROVINCE_ADMIN
    )


def test_a_province_sees_every_district_and_kecamatan_of_its_province_and_no_other(
    province_staff, balangan, banjar, paringin, aluh_aluh, kapuas
):
    KecamatanFactory(district=kapuas, code="62.03.01")
    assert set(districts_for(province_staff)) == {balangan, banjar}
    assert set(library_districts_for(province_staff)) == {balangan, banjar}
    assert set(kecamatan_for(province_staff)) == {paringin, aluh_aluh}


def test_bnpb_sees_every_district(national_staff, balangan, banjar, kapuas):
    assert set(districts_for(national_staff)) == {balangan, banjar, kapuas}


# What overseers read as the district's BPBD do (the rest of DISTRICT_RULES is acting in a district).
OVERSEERS_READ = ("read_sitreps",)


@pytest.mark.parametrize("name", [name for name in DISTRICT_RULES + ADMIN_RULES if name not in OVERSEERS_READ])
def test_overseers_act_on_no_districts_data(province_staff, province_admin, national_staff, balangan, name):
    rule = permissions.PREDICATES[name]
    for user in (province_staff, province_admin, national_staff):
        assert not rule(user, balangan.pk), user.username
    assert not rule(province_staff) and not rule(national_staff)


def test_overseers_read_what_bpbd_read(province_staff, national_staff, officer):
    for name in ("read_templates", "see_report_progress", "see_deliveries"):
        rule = permissions.PREDICATES[name]
        assert rule(province_staff) and rule(national_staff) and not rule(officer), name
    assert permissions.is_overseer(province_staff) and not permissions.is_bpbd(province_staff)


def test_overseers_read_the_sitreps_of_the_districts_they_oversee_only(
    province_staff, national_staff, officer, balangan, kapuas
):
    rule = permissions.PREDICATES["read_sitreps"]
    assert rule(province_staff, balangan.pk) and not rule(province_staff, kapuas.pk)
    assert rule(national_staff, balangan.pk) and rule(national_staff, kapuas.pk)
    assert not rule(officer, balangan.pk)


def test_a_province_admin_manages_the_province_offices_accounts_only(province_admin, province_staff, admin_user, staff):
    assert set(users_for(province_admin)) == {province_admin, province_staff}
    assert permissions.may_manage_account(province_admin, province_staff)
    assert not permissions.may_manage_account(province_admin, staff)
    assert not permissions.may_manage_account(admin_user, province_staff)
    assert province_staff not in users_for(admin_user)


def test_a_province_admin_creates_province_staff_in_their_province(province_admin):
    user = services.user_create(
        by=province_admin, username="staf.prov", password="x-Y-z-12345678", role=Role.PROVINCE_STAFF
    )
    assert user.province.code == "63" and user.district is None


def test_a_province_admin_cannot_create_a_district_account(province_admin):
    with rows_unchanged([User]), pytest.raises(ValidationError, match="tidak dapat memberikan peran ini"):
        services.user_create(by=province_admin, username="camat.x", password="x-Y-z-12345678", role=Role.OFFICER)


def test_a_district_admin_cannot_give_a_province_or_national_role(admin_user, staff):
    with rows_unchanged([User]), pytest.raises(ValidationError, match="tidak dapat memberikan peran ini"):
        services.user_update(by=admin_user, user=staff, role=Role.NATIONAL_STAFF)


def test_a_province_role_needs_its_province_and_no_district(balangan):
    user = User(username="salah", role=Role.PROVINCE_STAFF, district=balangan)
    with pytest.raises(ValidationError, match="user_province_only_for_province_roles"):
        user.full_clean()
