from kencana.accounts.scope import districts_for, kecamatan_for, library_districts_for, users_for

from ..factories import UserFactory


def test_staff_see_every_kecamatan_of_their_district(staff, paringin, awayan, aluh_aluh):
    assert set(kecamatan_for(staff)) == {paringin, awayan}


def test_officers_see_only_their_assigned_kecamatan(officer, paringin, awayan):
    assert list(kecamatan_for(officer)) == [paringin]


def test_an_officer_assigned_outside_their_district_sees_nothing_there(officer, aluh_aluh):
    officer.kecamatan.add(aluh_aluh)
    assert aluh_aluh not in kecamatan_for(officer)


def test_partner_staff_see_none_of_the_partners_kecamatan(partner_staff, paringin, aluh_aluh):
    assert list(kecamatan_for(partner_staff)) == [aluh_aluh]


def test_partners_browse_each_others_library_but_not_their_data(partner_staff, balangan, banjar, outsider_district):
    assert set(library_districts_for(partner_staff)) == {balangan, banjar}
    assert list(districts_for(partner_staff)) == [banjar]


def test_deactivated_users_see_nothing(staff, paringin):
    staff.is_active = False
    staff.save()
    assert not kecamatan_for(staff).exists()
    assert not districts_for(staff).exists()


def test_anonymous_users_see_nothing(paringin):
    from django.contrib.auth.models import AnonymousUser

    assert not kecamatan_for(AnonymousUser()).exists()


def test_superusers_see_every_district(balangan, banjar, outsider_district):
    root = UserFactory(username="root", district=None, is_superuser=True)
    assert districts_for(root).count() >= 3


def test_only_admins_manage_users(admin_user, staff, officer, partner_staff):
    assert set(users_for(admin_user)) == {admin_user, staff, officer}
    assert not users_for(staff).exists()
