import pytest
from django.urls import reverse

from kencana.accounts.models import Role, User


def test_it_requires_login_for_the_dashboard(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_login_page_is_in_indonesian_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="id"' in response.text
    assert "Masuk" in response.text


def test_a_user_logs_in_with_the_password(client, staff):
    from tests.factories import TEST_PASSWORD

    response = client.post(reverse("login"), {"username": "staff.balangan", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff.balangan", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "staff.balangan", "password": "wrong"})
    assert response.status_code == 429
    assert "terkunci" in response.text.lower() or "gagal" in response.text.lower()


def test_the_admin_creates_an_officer_for_a_kecamatan_of_the_district(client_for, admin_user, paringin):
    response = client_for(admin_user).post(
        reverse("accounts:user_create"),
        {
            "username": "camat.baru",
            "password": "sebuah-sandi-yang-panjang",
            "role": Role.OFFICER,
            "kecamatan": [paringin.pk],
        },
    )
    assert response.status_code == 302, response.content
    user = User.objects.get(username="camat.baru")
    assert user.district == admin_user.district
    assert list(user.kecamatan.all()) == [paringin]
    assert user.check_password("sebuah-sandi-yang-panjang")


def test_it_refuses_an_officer_without_kecamatan(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("accounts:user_create"),
        {"username": "camat.baru", "password": "sebuah-sandi-yang-panjang", "role": Role.OFFICER},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="camat.baru").exists()


def test_it_refuses_a_kecamatan_of_another_district(client_for, admin_user, aluh_aluh):
    response = client_for(admin_user).post(
        reverse("accounts:user_create"),
        {
            "username": "camat.baru",
            "password": "sebuah-sandi-yang-panjang",
            "role": Role.OFFICER,
            "kecamatan": [aluh_aluh.pk],
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="camat.baru").exists()


def test_the_admin_deactivates_and_changes_a_role(client_for, admin_user, officer, paringin):
    response = client_for(admin_user).post(
        reverse("accounts:user_edit", args=[officer.pk]),
        {"role": Role.BPBD_STAFF, "is_active": "", "kecamatan": [paringin.pk]},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.role == Role.BPBD_STAFF
    assert not officer.is_active
    assert not officer.kecamatan.exists()
    assert officer.history.count() >= 2


def test_the_admin_cannot_lock_themselves_out(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("accounts:user_edit", args=[admin_user.pk]), {"role": Role.BPBD_STAFF, "is_active": "on"}
    )
    assert response.status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.role == Role.BPBD_ADMIN


def test_a_user_of_another_district_is_not_found(client_for, admin_user, partner_staff):
    response = client_for(admin_user).get(reverse("accounts:user_edit", args=[partner_staff.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["accounts:user_list", "accounts:user_create"])
def test_staff_cannot_manage_users(client_for, staff, name):
    assert client_for(staff).get(reverse(name)).status_code == 403


def test_indonesian_stays_the_default_whatever_the_browser_prefers(client_for, staff):
    response = client_for(staff).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Dasbor" in response.text


def test_the_language_switch_turns_the_ui_to_english(client_for, staff):
    client = client_for(staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Dashboard" in client.get(reverse("home")).text


def test_the_account_page_shows_who_changed_the_role_and_when(client_for, admin_user, officer, paringin):
    client = client_for(admin_user)
    client.post(
        reverse("accounts:user_edit", args=[officer.pk]),
        {"role": Role.BPBD_STAFF, "is_active": "on", "first_name": "Siti"},
    )
    page = client.get(reverse("accounts:user_edit", args=[officer.pk])).text
    assert "admin.balangan" in page
    assert "Petugas kecamatan → Staf BPBD" in page, page[page.find("card history") :][:2500]
