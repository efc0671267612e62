from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kecamatan.models import Hazard, RiskProfile
from kecamatan.services import risk_settings_update


@pytest.fixture
def fire_profile(paringin):
    return RiskProfile.objects.create(
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="karhutla"),
        hazard_index="0.6",
        vulnerability_index="0.5",
        capacity_index="0.4",
        season_months=[5, 6, 7, 8, 9, 10],
        source="Kajian Risiko Bencana 2022",
    )


def test_the_kecamatan_page_shows_the_risk_table_matrix_and_season(client_for, officer, fire_profile):
    response = client_for(officer).get(reverse("kecamatan:detail", args=["63.11.06"]))
    assert response.status_code == 200
    text = response.text
    assert "Kebakaran Hutan dan Lahan" in text and "0,565" in text and "risk-badge risk-sedang" in text
    assert 'class="risk-matrix"' in text and "Mei–Okt" in text
    # officers read the profile but are not offered the edit links
    assert reverse("kecamatan:risk_edit", args=["63.11.06", "karhutla"]) not in text


def test_staff_edit_a_profile_and_the_class_is_recomputed(client_for, staff, fire_profile):
    url = reverse("kecamatan:risk_edit", args=["63.11.06", "karhutla"])
    response = client_for(staff).post(
        url,
        {"hazard_index": "0.9", "vulnerability_index": "0.9", "capacity_index": "0.1", "season": "6-9", "year": "2024"},
    )
    assert response.status_code == 302
    fire_profile.refresh_from_db()
    assert fire_profile.risk_class == "tinggi" and fire_profile.season_months == [6, 7, 8, 9]
    assert fire_profile.history.first().history_user == staff


def test_a_bad_index_is_refused_and_nothing_changes(client_for, staff, fire_profile):
    url = reverse("kecamatan:risk_edit", args=["63.11.06", "karhutla"])
    response = client_for(staff).post(
        url, {"hazard_index": "1.5", "vulnerability_index": "0.5", "capacity_index": "0.4", "season": "5-10"}
    )
    assert response.status_code == 200 and "has-error" in response.text
    fire_profile.refresh_from_db()
    assert fire_profile.hazard_index == Decimal("0.600")


def test_staff_add_a_profile_for_a_new_hazard(client_for, staff, paringin):
    flood = Hazard.objects.get(code="banjir")
    response = client_for(staff).post(
        reverse("kecamatan:risk_create", args=["63.11.06"]),
        {
            "hazard": flood.pk,
            "hazard_index": "0.3",
            "vulnerability_index": "0.3",
            "capacity_index": "0.6",
            "season": "11-3",
        },
    )
    assert response.status_code == 302
    assert RiskProfile.objects.get(kecamatan=paringin, hazard=flood).risk_class == "rendah"


def test_adding_a_hazard_that_has_a_profile_is_refused_with_a_link_to_edit_it(client_for, staff, fire_profile):
    fire_profile.exposed_population = 1200
    fire_profile.save()
    before = list(RiskProfile.objects.values())
    response = client_for(staff).post(
        reverse("kecamatan:risk_create", args=["63.11.06"]),
        {
            "hazard": fire_profile.hazard_id,
            "hazard_index": "0.1",
            "vulnerability_index": "0.1",
            "capacity_index": "0.9",
        },
    )
    assert response.status_code == 200
    assert "sudah memiliki profil risiko untuk Kebakaran Hutan dan Lahan" in response.text
    assert reverse("kecamatan:risk_edit", args=["63.11.06", "karhutla"]) in response.text
    assert list(RiskProfile.objects.values()) == before


def test_the_api_refuses_to_create_a_second_profile_for_a_hazard(staff, fire_profile):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(staff)
    before = list(RiskProfile.objects.values())
    response = client.post(
        "/api/v1/risk-profiles/",
        {
            "kecamatan": "63.11.06",
            "hazard": "karhutla",
            "hazard_index": "0.1",
            "vulnerability_index": "0.1",
            "capacity_index": "0.9",
        },
        format="json",
    )
    assert response.status_code == 400 and "hazard" in response.json()
    assert list(RiskProfile.objects.values()) == before


def test_the_risk_table_shows_a_dash_for_an_unknown_exposed_population(client_for, officer, fire_profile):
    text = client_for(officer).get(reverse("kecamatan:detail", args=["63.11.06"])).text
    assert ">None<" not in text and '<td class="num">—</td>' in text


def test_officers_may_not_edit_and_partners_do_not_find_the_profile(client_for, officer, partner_staff, fire_profile):
    url = reverse("kecamatan:risk_edit", args=["63.11.06", "karhutla"])
    assert client_for(officer).get(url).status_code == 403
    assert client_for(officer).post(reverse("kecamatan:risk_delete", args=["63.11.06", "karhutla"])).status_code == 403
    assert client_for(partner_staff).get(url).status_code == 404
    assert RiskProfile.objects.filter(pk=fire_profile.pk).exists()


def test_staff_remove_a_profile(client_for, staff, fire_profile):
    response = client_for(staff).post(reverse("kecamatan:risk_delete", args=["63.11.06", "karhutla"]))
    assert response.status_code == 302 and not RiskProfile.objects.exists()


def test_new_cut_offs_reclassify_every_profile_of_the_district(admin_user, fire_profile):
    assert fire_profile.risk_class == "sedang"
    risk_settings_update(
        by=admin_user, district=fire_profile.kecamatan.district, low_upper=Decimal("0.2"), medium_upper=Decimal("0.5")
    )
    fire_profile.refresh_from_db()
    assert fire_profile.risk_class == "tinggi"


def test_cut_offs_are_set_by_admins_in_order(client_for, admin_user, staff, fire_profile):
    url = reverse("kecamatan:risk_settings")
    assert client_for(staff).get(url).status_code == 403
    with pytest.raises(PermissionDenied, match="Hanya admin BPBD kabupaten ini yang menetapkan batas kelas risiko"):
        risk_settings_update(by=staff, district=staff.district, low_upper=Decimal("0.4"), medium_upper=Decimal("0.8"))
    response = client_for(admin_user).post(url, {"low_upper": "0.8", "medium_upper": "0.4"})
    assert response.status_code == 200 and "0 &lt; rendah/sedang" in response.text
    response = client_for(admin_user).post(url, {"low_upper": "0.4", "medium_upper": "0.8"})
    assert response.status_code == 302
    fire_profile.refresh_from_db()
    assert fire_profile.risk_class == "sedang"


def test_the_risk_matrix_shows_each_hazard_with_its_own_class_and_no_cell_claims_another(client_for, officer, paringin):
    # hazard 0.5 (medium third), vulnerability net of capacity ≈ 0.26 (low third): risk index 0,319, low
    RiskProfile.objects.create(
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="banjir"),
        hazard_index="0.5",
        vulnerability_index="0.13",
        capacity_index="0.5",
    )
    text = client_for(officer).get(reverse("kecamatan:detail", args=["63.11.06"])).text
    matrix = text[text.index('class="risk-matrix"') : text.index("</table>", text.index('class="risk-matrix"'))]
    assert '<span class="risk-badge risk-rendah">Banjir · Rendah 0,319</span>' in matrix
    assert "risk-sedang" not in matrix and "risk-tinggi" not in matrix


def test_the_kecamatan_pages_kept_blocks_follow_each_change_one_cause_at_a_time(client_for, staff, paringin):
    """Everything below the map is kept: a risk profile, a card and its review each show at once."""
    from kecamatan import services as risk_services
    from kecamatan.models import Hazard
    from kencana.plans import services as plan_services

    client = client_for(staff)
    url = f"/kecamatan/{paringin.code}/"

    def page() -> str:
        return client.get(url).content.decode()

    assert "Banjir" not in page()  # built and kept
    risk_services.risk_profile_save(
        by=staff,
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="banjir"),
        hazard_index="0.9",
        vulnerability_index="0.8",
        capacity_index="0.1",
    )
    assert "Banjir" in page()
    card = plan_services.card_save(
        by=staff,
        kecamatan=paringin,
        hazard=Hazard.objects.get(code="karhutla"),
        trigger="Retakan tanah",
        steps=[{"action": "Ungsikan warga", "role": "Camat", "agency": None, "within_minutes": 30}],
        reviewed=False,
    )
    cards = page().split("<h2>Kartu aksi cepat</h2>", 1)[1]
    assert f'href="/plans/cards/{card.pk}/"' in cards and "Perlu ditinjau" in cards
    plan_services.card_mark_reviewed(by=staff, card=card)
    assert "Perlu ditinjau" not in page().split("<h2>Kartu aksi cepat</h2>", 1)[1]
