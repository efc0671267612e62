"""Services that keep warehouses, minimum stock and the district's planning settings."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kencana.accounts.models import Role
from logistics import selectors, services
from logistics.models import DistrictNeedsProfile, LogisticsSettings, MinimumStock, NeedsProfile, Warehouse
from tests.factories import UserFactory

from .factories import item, receive

# A square around Balangan's warehouses in these tests (lon 115.2–115.9, lat −2.6 to −2.0).
BALANGAN_OUTLINE = {
    "type": "Polygon",
    "coordinates": [[[115.2, -2.6], [115.9, -2.6], [115.9, -2.0], [115.2, -2.0], [115.2, -2.6]]],
}


@pytest.fixture
def outlined(balangan):
    balangan.boundary = BALANGAN_OUTLINE
    balangan.save()
    return balangan


def new_warehouse(by, district, **overrides):
    values = {
        "code": "gd-1",
        "name": "Gudang Distribusi Lampihong",
        "kind": Warehouse.Kind.DISTRIBUTION,
        "lat": -2.3,
        "lon": 115.5,
        "kecamatan_served": [],
        "address": "Jl. A. Yani",
        **overrides,
    }
    return services.warehouse_save(by=by, district=district, **values)


def test_staff_create_a_warehouse_inside_their_district(staff, outlined, paringin):
    warehouse = new_warehouse(staff, outlined, kecamatan_served=[paringin], keeper=staff)
    assert (warehouse.code, warehouse.district, warehouse.keeper) == ("GD-1", outlined, staff)
    assert list(warehouse.kecamatan_served.all()) == [paringin]
    assert warehouse.history.latest().history_user == staff


def test_it_refuses_a_location_outside_the_district_and_creates_nothing(staff, outlined):
    with pytest.raises(ValidationError, match="is outside Kabupaten Balangan") as error:
        new_warehouse(staff, outlined, lat=-3.4, lon=114.8)
    assert "outside" in error.value.message_dict["lat"][0]
    assert not Warehouse.objects.exists()


def test_it_refuses_kecamatan_and_keepers_of_another_district(staff, balangan, aluh_aluh, partner_staff):
    with pytest.raises(ValidationError, match="Only kecamatan of the same district can be served") as error:
        new_warehouse(staff, balangan, kecamatan_served=[aluh_aluh], keeper=partner_staff)
    assert set(error.value.message_dict) == {"kecamatan_served", "keeper"}
    assert not Warehouse.objects.exists()


def test_it_refuses_an_inactive_keeper(staff, balangan):
    retired = UserFactory(username="pensiun", district=balangan, role=Role.BPBD_STAFF, is_active=False)
    with pytest.raises(ValidationError, match="The keeper must be an active user of the same district") as error:
        new_warehouse(staff, balangan, keeper=retired)
    assert "keeper" in error.value.message_dict


def test_it_refuses_a_code_already_used_in_the_district(staff, balangan, main_warehouse):
    with pytest.raises(ValidationError, match="Another warehouse of the district already uses code GU") as error:
        new_warehouse(staff, balangan, code="gu")
    assert "already uses code GU" in error.value.message_dict["code"][0]
    assert Warehouse.objects.count() == 1


def test_the_same_code_may_be_used_by_another_district(partner_staff, banjar, main_warehouse):
    assert new_warehouse(partner_staff, banjar, code="GU", lat=-3.4, lon=114.8).district == banjar


def test_officers_and_partner_districts_cannot_create_or_change_warehouses(
    officer, partner_staff, balangan, main_warehouse
):
    for user in (officer, partner_staff):
        with pytest.raises(
            PermissionDenied, match="Only BPBD staff of the district manage its warehouses and minimum stock"
        ):
            new_warehouse(user, balangan)
        with pytest.raises(
            PermissionDenied, match="Only BPBD staff of the district manage its warehouses and minimum stock"
        ):
            new_warehouse(user, balangan, code="GU", warehouse=main_warehouse)
    main_warehouse.refresh_from_db()
    assert main_warehouse.name == "Gudang Utama Paringin"
    assert Warehouse.objects.count() == 1


def test_an_edit_is_recorded_in_the_history_with_who_changed_what(admin_user, balangan, main_warehouse, awayan):
    services.warehouse_save(
        by=admin_user,
        district=balangan,
        warehouse=main_warehouse,
        code="GU",
        name="Gudang Utama BPBD Balangan",
        kind="main",
        lat=-2.31,
        lon=115.49,
        kecamatan_served=[awayan],
    )
    main_warehouse.refresh_from_db()
    assert main_warehouse.name == "Gudang Utama BPBD Balangan"
    assert list(main_warehouse.kecamatan_served.all()) == [awayan]
    latest = main_warehouse.history.latest()
    assert latest.history_user == admin_user


def test_a_warehouse_holding_stock_cannot_close(staff, balangan, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 10)
    with pytest.raises(
        ValidationError, match="Gudang Utama Paringin still holds stock: transfer or adjust it out first"
    ) as error:
        services.warehouse_save(
            by=staff,
            district=balangan,
            warehouse=main_warehouse,
            code="GU",
            name=main_warehouse.name,
            kind="main",
            lat=main_warehouse.lat,
            lon=main_warehouse.lon,
            kecamatan_served=[],
            is_active=False,
        )
    assert "still holds stock" in error.value.message_dict["is_active"][0]
    main_warehouse.refresh_from_db()
    assert main_warehouse.is_active and main_warehouse.kecamatan_served.exists()


def test_an_empty_warehouse_can_close(staff, balangan, awayan_store):
    closed = services.warehouse_save(
        by=staff,
        district=balangan,
        warehouse=awayan_store,
        code=awayan_store.code,
        name=awayan_store.name,
        kind=awayan_store.kind,
        lat=awayan_store.lat,
        lon=awayan_store.lon,
        kecamatan_served=list(awayan_store.kecamatan_served.all()),
        is_active=False,
    )
    assert not closed.is_active


# --- Minimums ------------------------------------------------------------------------------------


def test_staff_set_a_fixed_minimum_and_a_second_set_replaces_it(staff, main_warehouse):
    services.minimum_set(by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=50)
    minimum = services.minimum_set(
        by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=Decimal("80")
    )
    assert MinimumStock.objects.get() == minimum and minimum.fixed_quantity == 80
    assert minimum.history.latest().history_user == staff


def test_a_derived_minimum_follows_the_served_population_and_the_district_settings(
    staff, admin_user, balangan, main_warehouse
):
    services.minimum_set(by=staff, warehouse=main_warehouse, item=item("BRS"), mode="derived")
    # Paringin: 10,000 people × 5 % × 2.8 kg a week (Perka BNPB 7/2008, the default profile) × 3 days.
    [row] = selectors.minimum_rows(warehouses=Warehouse.objects.all())
    assert row.minimum == 600
    services.settings_update(by=admin_user, district=balangan, buffer_days=7, planning_share_percent=Decimal("10"))
    [row] = selectors.minimum_rows(warehouses=Warehouse.objects.all())
    assert row.minimum == 2800


@pytest.mark.parametrize(
    ("code", "mode", "quantity", "field", "message"),
    [
        ("SLMT", "fixed", None, "fixed_quantity", "Give the minimum quantity"),
        ("SLMT", "fixed", 0, "fixed_quantity", "must be more than zero"),
        ("SLMT", "fixed", -5, "fixed_quantity", "must be more than zero"),
        ("GNST", "fixed", "1.5", "fixed_quantity", "count whole units"),
        ("GNST", "derived", None, "mode", "Perka BNPB 7/2008 has no line per person for Generator 5 kVA"),
        ("KIT-HYG", "derived", None, "mode", "has no line per person for Hygiene kit"),
        ("SLMT", "weekly", None, "mode", "Choose fixed or derived"),
    ],
)
def test_it_refuses_a_bad_minimum_and_changes_nothing(staff, main_warehouse, code, mode, quantity, field, message):
    with pytest.raises(ValidationError, match=message) as error:
        services.minimum_set(by=staff, warehouse=main_warehouse, item=item(code), mode=mode, fixed_quantity=quantity)
    assert message in error.value.message_dict[field][0]
    assert not MinimumStock.objects.exists()


def test_a_derived_minimum_follows_the_districts_default_needs_profile(staff, admin_user, balangan, main_warehouse):
    services.minimum_set(by=staff, warehouse=main_warehouse, item=item("AIR"), mode="derived")
    [row] = selectors.minimum_rows(warehouses=Warehouse.objects.all())
    assert row.minimum == 3750  # 500 people × 17.5 L a week × 3 days (Perka BNPB 7/2008)
    sphere = NeedsProfile.objects.get(code="sphere-2018")
    services.district_needs_profile_set(by=admin_user, district=balangan, profile=sphere)
    [row] = selectors.minimum_rows(warehouses=Warehouse.objects.all())
    assert row.minimum == 10500  # 500 people × 7 L a day, the first 3 days (Sphere 2018)


def test_only_the_districts_admin_chooses_its_default_needs_profile(staff, balangan):
    sphere = NeedsProfile.objects.get(code="sphere-2018")
    with pytest.raises(PermissionDenied, match="Only the district's admin chooses its default needs profile"):
        services.district_needs_profile_set(by=staff, district=balangan, profile=sphere)
    assert not DistrictNeedsProfile.objects.exists()
    assert selectors.district_profile(balangan.pk).code == "perka-bnpb-7-2008"


def test_a_derived_minimum_needs_a_served_population(staff, balangan):
    unserving = new_warehouse(staff, balangan)
    with pytest.raises(
        ValidationError,
        match="Gudang Distribusi Lampihong serves no kecamatan with a known population: a derived minimum would be zero",
    ) as error:
        services.minimum_set(by=staff, warehouse=unserving, item=item("BRS"), mode="derived")
    assert "would be zero" in error.value.message_dict["mode"][0]


def test_officers_and_partner_districts_cannot_set_or_remove_minimums(officer, partner_staff, staff, main_warehouse):
    minimum = services.minimum_set(
        by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=5
    )
    for user in (officer, partner_staff):
        with pytest.raises(
            PermissionDenied, match="Only BPBD staff of the district manage its warehouses and minimum stock"
        ):
            services.minimum_set(by=user, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=9)
        with pytest.raises(
            PermissionDenied, match="Only BPBD staff of the district manage its warehouses and minimum stock"
        ):
            services.minimum_remove(by=user, minimum=minimum)
    minimum.refresh_from_db()
    assert minimum.fixed_quantity == 5


def test_staff_remove_a_minimum_and_the_removal_is_recorded(staff, main_warehouse):
    minimum = services.minimum_set(
        by=staff, warehouse=main_warehouse, item=item("SLMT"), mode="fixed", fixed_quantity=5
    )
    services.minimum_remove(by=staff, minimum=minimum)
    assert not MinimumStock.objects.exists()
    removal = MinimumStock.history.latest()
    assert (removal.history_type, removal.history_user) == ("-", staff)


# --- District settings ---------------------------------------------------------------------------


def test_only_the_district_admin_changes_the_settings(admin_user, staff, officer, partner_staff, balangan):
    for user in (staff, officer, partner_staff):
        with pytest.raises(PermissionDenied, match="Only a BPBD admin of the district changes its logistics settings"):
            services.settings_update(by=user, district=balangan, buffer_days=5, planning_share_percent=Decimal("5"))
    assert not LogisticsSettings.objects.exists()
    saved = services.settings_update(
        by=admin_user, district=balangan, buffer_days=5, planning_share_percent=Decimal("8")
    )
    assert (saved.buffer_days, saved.planning_share_percent) == (5, Decimal("8"))
    assert saved.history.latest().history_user == admin_user


@pytest.mark.parametrize(("days", "share", "field"), [(0, "5", "buffer_days"), (3, "120", "planning_share_percent")])
def test_it_refuses_settings_out_of_range_and_keeps_the_old_ones(admin_user, balangan, days, share, field):
    services.settings_update(by=admin_user, district=balangan, buffer_days=4, planning_share_percent=Decimal("6"))
    with pytest.raises(ValidationError, match="Ensure this value is") as error:
        services.settings_update(
            by=admin_user, district=balangan, buffer_days=days, planning_share_percent=Decimal(share)
        )
    assert field in error.value.message_dict
    row = LogisticsSettings.objects.get()
    assert (row.buffer_days, row.planning_share_percent) == (4, Decimal("6"))
