"""Pages that manage warehouses, minimum stock and the district's logistics settings."""

import pytest
from django.urls import reverse

from logistics import services
from logistics.models import LogisticsSettings, MinimumStock, Warehouse

from .factories import item
from .test_planning import BALANGAN_OUTLINE


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def warehouse_post(**overrides) -> dict:
    return {
        "kind": "distribution",
        "name": "Gudang Distribusi Lampihong",
        "code": "GDL",
        "address": "Jl. A. Yani",
        "lat": "-2.3",
        "lon": "115.5",
        "kecamatan_served": [],
        "keeper": "",
        "is_active": "on",
        **overrides,
    }


def test_staff_create_a_warehouse_through_the_form(client_for, staff, balangan, paringin, awayan):
    client = client_for(staff)
    form = client.get(reverse("logistics:warehouse_new"))
    assert form.status_code == 200 and "Awayan" in form.text
    response = client.post(
        reverse("logistics:warehouse_new"), warehouse_post(kecamatan_served=[paringin.pk], keeper=staff.pk)
    )
    warehouse = Warehouse.objects.get()
    assert response.status_code == 302 and response.url == reverse("logistics:warehouse_detail", args=[warehouse.pk])
    assert (warehouse.keeper, list(warehouse.kecamatan_served.all())) == (staff, [paringin])


def test_the_form_offers_only_the_districts_kecamatan_and_users(client_for, staff, balangan, aluh_aluh, partner_staff):
    text = client_for(staff).get(reverse("logistics:warehouse_new")).text
    assert "Aluh Aluh" not in text and "staff.banjar" not in text


def test_a_location_outside_the_district_is_shown_on_the_field_and_nothing_is_saved(client_for, staff, balangan):
    balangan.boundary = BALANGAN_OUTLINE
    balangan.save()
    response = client_for(staff).post(reverse("logistics:warehouse_new"), warehouse_post(lat="-3.4", lon="114.8"))
    assert response.status_code == 200
    assert "is outside" in " ".join(response.context["form"].errors["lat"])
    assert 'class="field has-error"' in response.text
    assert not Warehouse.objects.exists()


def test_a_kecamatan_of_another_district_is_not_a_valid_choice(client_for, staff, balangan, aluh_aluh):
    response = client_for(staff).post(
        reverse("logistics:warehouse_new"), warehouse_post(kecamatan_served=[aluh_aluh.pk])
    )
    assert "kecamatan_served" in response.context["form"].errors
    assert not Warehouse.objects.exists()


def test_staff_edit_a_warehouse_and_the_change_shows_in_its_history(client_for, staff, main_warehouse, paringin):
    client = client_for(staff)
    assert client.get(reverse("logistics:warehouse_edit", args=[main_warehouse.pk])).status_code == 200
    response = client.post(
        reverse("logistics:warehouse_edit", args=[main_warehouse.pk]),
        warehouse_post(kind="main", code="GU", name="Gudang Utama BPBD Balangan", kecamatan_served=[paringin.pk]),
    )
    assert response.status_code == 302
    detail = client.get(reverse("logistics:warehouse_detail", args=[main_warehouse.pk]))
    assert "Change history" in detail.text
    assert "Gudang Utama Paringin → Gudang Utama BPBD Balangan" in detail.text
    assert "staff.balangan" in detail.text


def test_a_duplicate_code_is_refused_on_the_code_field(client_for, staff, main_warehouse, awayan_store):
    response = client_for(staff).post(
        reverse("logistics:warehouse_edit", args=[awayan_store.pk]), warehouse_post(code="GU", kind="kecamatan")
    )
    assert "already uses code GU" in " ".join(response.context["form"].errors["code"])
    awayan_store.refresh_from_db()
    assert awayan_store.code == "AWY"


def test_officers_get_403_for_a_store_they_see_and_404_for_one_they_do_not(
    client_for, awayan_officer, main_warehouse, awayan_store
):
    client = client_for(awayan_officer)
    assert client.get(reverse("logistics:warehouse_new")).status_code == 403
    assert client.post(reverse("logistics:warehouse_new"), warehouse_post()).status_code == 403
    assert client.get(reverse("logistics:warehouse_edit", args=[awayan_store.pk])).status_code == 403
    assert client.post(reverse("logistics:warehouse_edit", args=[awayan_store.pk]), warehouse_post()).status_code == 403
    assert client.get(reverse("logistics:warehouse_edit", args=[main_warehouse.pk])).status_code == 404
    assert Warehouse.objects.count() == 2 and Warehouse.objects.get(pk=awayan_store.pk).code == "AWY"


def test_a_partner_district_gets_404_for_another_districts_warehouse(client_for, partner_staff, main_warehouse):
    client = client_for(partner_staff)
    assert client.get(reverse("logistics:warehouse_edit", args=[main_warehouse.pk])).status_code == 404
    assert client.get(reverse("logistics:warehouse_minimums", args=[main_warehouse.pk])).status_code == 404


# --- Minimums --------------------------------------------------------------------------------


def test_staff_set_and_remove_a_minimum(client_for, staff, main_warehouse):
    client = client_for(staff)
    url = reverse("logistics:warehouse_minimums", args=[main_warehouse.pk])
    response = client.post(url, {"item": item("BRS").pk, "mode": "derived", "fixed_quantity": ""})
    assert response.status_code == 302
    page = client.get(url)
    # Paringin: 10,000 people × 5 % × 0.4 kg × 3 days.
    assert "600 kg" in page.text and "Derived" in page.text
    minimum = MinimumStock.objects.get()
    assert client.post(reverse("logistics:minimum_remove", args=[minimum.pk])).status_code == 302
    assert not MinimumStock.objects.exists()


def test_a_bad_minimum_is_shown_on_its_field(client_for, staff, main_warehouse):
    response = client_for(staff).post(
        reverse("logistics:warehouse_minimums", args=[main_warehouse.pk]),
        {"item": item("SLMT").pk, "mode": "fixed", "fixed_quantity": "0"},
    )
    assert response.status_code == 200
    assert "more than zero" in " ".join(response.context["form"].errors["fixed_quantity"])
    assert not MinimumStock.objects.exists()


def test_officers_see_minimums_of_their_store_but_cannot_change_them(client_for, staff, awayan_officer, awayan_store):
    minimum = services.minimum_set(by=staff, warehouse=awayan_store, item=item("TRPL"), mode="fixed", fixed_quantity=20)
    client = client_for(awayan_officer)
    url = reverse("logistics:warehouse_minimums", args=[awayan_store.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Tarpaulin" in page.text and "Set a minimum" not in page.text
    assert client.post(url, {"item": item("SLMT").pk, "mode": "fixed", "fixed_quantity": "5"}).status_code == 403
    assert client.post(reverse("logistics:minimum_remove", args=[minimum.pk])).status_code == 403
    assert MinimumStock.objects.get().item.code == "TRPL"


def test_minimums_of_an_unseen_warehouse_are_not_found(
    client_for, staff, awayan_officer, partner_staff, main_warehouse
):
    minimum = services.minimum_set(
        by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=5
    )
    for user in (awayan_officer, partner_staff):
        assert client_for(user).post(reverse("logistics:minimum_remove", args=[minimum.pk])).status_code == 404
    assert MinimumStock.objects.exists()


def test_removing_a_minimum_needs_a_post(client_for, staff, main_warehouse):
    minimum = services.minimum_set(
        by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=5
    )
    assert client_for(staff).get(reverse("logistics:minimum_remove", args=[minimum.pk])).status_code == 405


# --- Settings --------------------------------------------------------------------------------------


def test_the_admin_changes_the_district_settings(client_for, admin_user, balangan):
    client = client_for(admin_user)
    page = client.get(reverse("logistics:settings"))
    assert page.status_code == 200 and 'value="3"' in page.text
    response = client.post(reverse("logistics:settings"), {"buffer_days": "7", "planning_share_percent": "10"})
    assert response.status_code == 302
    row = LogisticsSettings.objects.get(district=balangan)
    assert (row.buffer_days, row.planning_share_percent) == (7, 10)
    assert "admin.balangan" in client.get(reverse("logistics:settings")).text


def test_settings_out_of_range_are_shown_on_the_field_and_not_saved(client_for, admin_user, balangan):
    response = client_for(admin_user).post(
        reverse("logistics:settings"), {"buffer_days": "0", "planning_share_percent": "5"}
    )
    assert response.status_code == 200 and "buffer_days" in response.context["form"].errors
    assert not LogisticsSettings.objects.exists()


def test_staff_and_officers_cannot_change_the_settings(client_for, staff, officer, partner_staff):
    for user in (staff, officer, partner_staff):
        client = client_for(user)
        assert client.get(reverse("logistics:settings")).status_code == 403
        assert (
            client.post(reverse("logistics:settings"), {"buffer_days": "9", "planning_share_percent": "5"}).status_code
            == 403
        )
    assert not LogisticsSettings.objects.exists()


def test_the_warehouse_page_links_to_management_only_for_staff(client_for, staff, awayan_officer, awayan_store):
    edit = reverse("logistics:warehouse_edit", args=[awayan_store.pk])
    assert edit in client_for(staff).get(reverse("logistics:warehouse_detail", args=[awayan_store.pk])).text
    assert (
        edit not in client_for(awayan_officer).get(reverse("logistics:warehouse_detail", args=[awayan_store.pk])).text
    )
