"""The API for warehouses, minimum stock and district settings: the same services as the pages."""

import pytest
from rest_framework.test import APIClient

from logistics import services
from logistics.models import LogisticsSettings, MinimumStock, Warehouse

from .factories import item
from .test_planning import BALANGAN_OUTLINE

WAREHOUSES = "/api/v1/logistics/warehouses/"
MINIMUMS = "/api/v1/logistics/minimums/"
SETTINGS = "/api/v1/logistics/settings/"


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def body(**overrides) -> dict:
    return {
        "code": "GDL",
        "name": "Gudang Distribusi Lampihong",
        "kind": "distribution",
        "lat": -2.3,
        "lon": 115.5,
        "kecamatan_served": ["63.11.06"],
        "keeper": "staff.balangan",
        **overrides,
    }


def test_staff_create_a_warehouse_in_their_district(api, staff, paringin):
    api.force_authenticate(staff)
    response = api.post(WAREHOUSES, body(), format="json")
    assert response.status_code == 201
    data = response.json()
    assert (data["district"], data["kecamatan_served"], data["keeper"]) == ("63.11", ["63.11.06"], "staff.balangan")
    assert Warehouse.objects.get().history.latest().history_user == staff


def test_a_location_outside_the_district_is_a_400_on_lat(api, staff, balangan, paringin):
    balangan.boundary = BALANGAN_OUTLINE
    balangan.save()
    api.force_authenticate(staff)
    response = api.post(WAREHOUSES, body(lat=-3.4, lon=114.8), format="json")
    assert response.status_code == 400 and "outside" in response.json()["lat"][0]
    assert not Warehouse.objects.exists()


def test_a_kecamatan_of_another_district_does_not_exist_for_the_api(api, staff, balangan, aluh_aluh):
    api.force_authenticate(staff)
    response = api.post(WAREHOUSES, body(kecamatan_served=["63.03.01"]), format="json")
    assert response.status_code == 400 and "kecamatan_served" in response.json()
    assert not Warehouse.objects.exists()


def test_patch_changes_only_the_fields_sent(api, staff, main_warehouse, paringin):
    api.force_authenticate(staff)
    response = api.patch(f"{WAREHOUSES}{main_warehouse.pk}/", {"name": "Gudang Utama BPBD"}, format="json")
    assert response.status_code == 200
    main_warehouse.refresh_from_db()
    assert (main_warehouse.name, main_warehouse.code) == ("Gudang Utama BPBD", "GU")
    assert list(main_warehouse.kecamatan_served.all()) == [paringin]


def test_a_warehouse_cannot_move_to_another_district(api, staff, main_warehouse, banjar):
    api.force_authenticate(staff)
    response = api.patch(f"{WAREHOUSES}{main_warehouse.pk}/", {"district": "63.03"}, format="json")
    assert response.status_code == 400
    assert Warehouse.objects.get().district.code == "63.11"


def test_officers_get_403_and_partner_districts_404(api, awayan_officer, partner_staff, main_warehouse, awayan_store):
    api.force_authenticate(awayan_officer)
    assert api.post(WAREHOUSES, body(), format="json").status_code == 403
    assert api.patch(f"{WAREHOUSES}{awayan_store.pk}/", {"name": "X"}, format="json").status_code == 403
    assert api.patch(f"{WAREHOUSES}{main_warehouse.pk}/", {"name": "X"}, format="json").status_code == 404
    api.force_authenticate(partner_staff)
    assert api.put(f"{WAREHOUSES}{main_warehouse.pk}/", body(), format="json").status_code == 404
    assert set(Warehouse.objects.values_list("name", flat=True)) == {"Gudang Utama Paringin", "Gudang Kecamatan Awayan"}


def test_warehouse_ids_are_numbers(api, staff, main_warehouse):
    api.force_authenticate(staff)
    assert api.patch(f"{WAREHOUSES}GU/", {"name": "X"}, format="json").status_code == 404


# --- Minimums --------------------------------------------------------------------------------


def test_staff_set_replace_and_remove_a_minimum(api, staff, main_warehouse):
    api.force_authenticate(staff)
    created = api.post(MINIMUMS, {"warehouse": main_warehouse.pk, "item": "BRS", "mode": "derived"}, format="json")
    assert created.status_code == 201
    listed = api.get(MINIMUMS, {"warehouse": main_warehouse.pk}).json()["results"]
    assert [(row["item"], row["quantity"], row["on_hand"]) for row in listed] == [("BRS", "600.000", "0.000")]
    replaced = api.post(
        MINIMUMS,
        {"warehouse": main_warehouse.pk, "item": "BRS", "mode": "fixed", "fixed_quantity": "250"},
        format="json",
    )
    assert replaced.status_code == 200 and replaced.json()["quantity"] == "250.000"
    assert api.delete(f"{MINIMUMS}{created.json()['id']}/").status_code == 204
    assert not MinimumStock.objects.exists()


def test_a_bad_minimum_is_a_400_with_the_reason(api, staff, main_warehouse):
    api.force_authenticate(staff)
    response = api.post(MINIMUMS, {"warehouse": main_warehouse.pk, "item": "GNST", "mode": "derived"}, format="json")
    assert response.status_code == 400 and "has no line per person for Generator 5 kVA" in response.json()["mode"][0]
    assert not MinimumStock.objects.exists()


def test_minimums_are_scoped_and_officers_cannot_change_them(
    api, staff, awayan_officer, partner_staff, main_warehouse, awayan_store
):
    seen = services.minimum_set(by=staff, warehouse=awayan_store, item=item("TRPL"), mode="fixed", fixed_quantity=20)
    unseen = services.minimum_set(by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=5)
    api.force_authenticate(awayan_officer)
    assert [row["id"] for row in api.get(MINIMUMS).json()["results"]] == [seen.pk]
    assert api.delete(f"{MINIMUMS}{seen.pk}/").status_code == 403
    assert api.delete(f"{MINIMUMS}{unseen.pk}/").status_code == 404
    body = {"warehouse": awayan_store.pk, "item": "SLMT", "mode": "fixed", "fixed_quantity": "5"}
    assert api.post(MINIMUMS, body, format="json").status_code == 403
    api.force_authenticate(partner_staff)
    assert api.get(MINIMUMS).json()["results"] == []
    assert api.delete(f"{MINIMUMS}{seen.pk}/").status_code == 404
    assert api.post(MINIMUMS, body, format="json").status_code == 400
    assert MinimumStock.objects.count() == 2


# --- Settings --------------------------------------------------------------------------------------


def test_everyone_in_the_district_reads_the_settings_and_only_the_admin_changes_them(
    api, admin_user, staff, officer, partner_staff, balangan
):
    api.force_authenticate(officer)
    assert api.get(f"{SETTINGS}63.11/").json() == {
        "district": "63.11",
        "buffer_days": 3,
        "planning_share_percent": "5.00",
    }
    for user in (officer, staff):
        api.force_authenticate(user)
        assert api.patch(f"{SETTINGS}63.11/", {"buffer_days": 9}, format="json").status_code == 403
    api.force_authenticate(partner_staff)
    assert api.patch(f"{SETTINGS}63.11/", {"buffer_days": 9}, format="json").status_code == 404
    assert not LogisticsSettings.objects.exists()
    api.force_authenticate(admin_user)
    assert api.patch(f"{SETTINGS}63.11/", {"buffer_days": 0}, format="json").status_code == 400
    response = api.patch(f"{SETTINGS}63.11/", {"buffer_days": 9}, format="json")
    assert response.status_code == 200 and response.json()["buffer_days"] == 9
    assert LogisticsSettings.objects.get().planning_share_percent == 5
