from django.urls import reverse

from ..factories import square


def test_officers_open_their_own_kecamatan(client_for, officer, paringin):
    paringin.boundary_simplified = square(115.4, -2.3)
    paringin.save()
    response = client_for(officer).get(reverse("kecamatan:detail", args=[paringin.code]))
    assert response.status_code == 200
    assert "Paringin" in response.text
    assert 'id="kecamatan-feature"' in response.text


def test_another_kecamatan_is_not_found_for_an_officer(client_for, officer, awayan):
    assert client_for(officer).get(reverse("kecamatan:detail", args=[awayan.code])).status_code == 404


def test_a_partner_district_cannot_open_a_kecamatan(client_for, partner_staff, paringin):
    assert client_for(partner_staff).get(reverse("kecamatan:detail", args=[paringin.code])).status_code == 404


def test_the_list_shows_only_the_users_scope(client_for, officer, paringin, awayan):
    response = client_for(officer).get(reverse("kecamatan:list"))
    assert "Paringin" in response.text
    assert "Awayan" not in response.text


def test_imported_names_are_escaped(client_for, staff, paringin):
    paringin.name = "<img src=x onerror=alert(1)>"
    paringin.boundary_simplified = square(115.4, -2.3)
    paringin.save()
    response = client_for(staff).get(reverse("kecamatan:detail", args=[paringin.code]))
    assert "<img src=x" not in response.text
    assert "&lt;img src=x" in response.text
