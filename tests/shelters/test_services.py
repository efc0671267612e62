"""Shelters, counts and distribution: what is accepted, and bad input refused with nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from kencana.shelters import services
from kencana.shelters.models import ShelterCount
from logistics.ledger_check import ledger_differences
from logistics.models import Warehouse
from logistics.services.documents import IssueLine
from tests.logistics.factories import WarehouseFactory, item, receive

from ..factories import today as districts_today
from .conftest import an_hour_ago, count_values, local_today, shelter_values


def test_opening_a_shelter_opens_its_posko_store_serving_its_kecamatan(shelter, paringin):
    assert shelter.store.kind == Warehouse.Kind.POSKO
    assert list(shelter.store.kecamatan_served.all()) == [paringin]
    assert shelter.kecamatan == paringin and shelter.district_id == paringin.district_id


def test_an_officer_may_not_open_a_shelter(officer, event, lasung_batu):
    with pytest.raises(PermissionDenied, match="Only BPBD staff"):
        services.shelter_save(by=officer, event=event, desa=lasung_batu, values=shelter_values())


def test_it_refuses_a_shelter_outside_the_district_in_indonesian_and_saves_nothing(
    staff, event, lasung_batu, unchanged_shelters
):
    from tests.logistics.test_planning import BALANGAN_OUTLINE

    event.district.boundary = BALANGAN_OUTLINE
    event.district.save()
    with (
        unchanged_shelters(),
        translation.override("id"),
        pytest.raises(ValidationError, match="berada di luar") as error,
    ):
        services.shelter_save(by=staff, event=event, desa=lasung_batu, values=shelter_values(lat=-6.2, lon=106.8))
    assert "lat" in error.value.message_dict


def test_an_officer_files_a_count_for_a_shelter_of_his_kecamatan(officer, shelter):
    count = services.shelter_count_file(by=officer, shelter=shelter, as_of=an_hour_ago(), values=count_values())
    assert (count.people, count.under_five, count.females, count.over_capacity) == (40, 5, 14, False)


def test_an_officer_of_another_kecamatan_may_not_file_a_count(awayan_officer, shelter, unchanged_shelters):
    with unchanged_shelters(), pytest.raises(PermissionDenied, match="officer of the kecamatan"):
        services.shelter_count_file(by=awayan_officer, shelter=shelter, as_of=an_hour_ago(), values=count_values())


def test_over_capacity_is_allowed_and_flagged(staff, shelter):
    count = services.shelter_count_file(
        by=staff, shelter=shelter, as_of=an_hour_ago(), values=count_values(people=150, households=40)
    )
    assert count.over_capacity


def test_it_refuses_parts_larger_than_the_total_in_indonesian(staff, shelter, unchanged_shelters):
    with (
        unchanged_shelters(),
        translation.override("id"),
        pytest.raises(ValidationError, match=r"tidak boleh melebihi total \(20\)") as error,
    ):
        services.shelter_count_file(by=staff, shelter=shelter, as_of=an_hour_ago(), values=count_values(people=20))
    assert "people" in error.value.message_dict


def test_it_refuses_a_group_larger_than_the_total(staff, shelter, unchanged_shelters):
    with unchanged_shelters(), pytest.raises(ValidationError, match="cannot be larger than the total"):
        services.shelter_count_file(by=staff, shelter=shelter, as_of=an_hour_ago(), values=count_values(disabled=41))


def test_it_refuses_negative_counts_in_indonesian(staff, shelter, unchanged_shelters):
    with (
        unchanged_shelters(),
        translation.override("id"),
        pytest.raises(ValidationError, match="Jumlah tidak boleh negatif") as error,
    ):
        services.shelter_count_file(by=staff, shelter=shelter, as_of=an_hour_ago(), values=count_values(sick=-1))
    assert list(error.value.message_dict) == ["sick"]


def test_it_refuses_a_count_before_the_shelter_opened_in_indonesian(staff, shelter, unchanged_shelters):
    shelter.opened_on = local_today()
    shelter.save()
    before = timezone.now() - datetime.timedelta(days=2)
    shelter.event.started_at = before - datetime.timedelta(days=1)
    shelter.event.save()
    with (
        unchanged_shelters(),
        translation.override("id"),
        pytest.raises(ValidationError, match="sebelum tempat pengungsian dibuka"),
    ):
        services.shelter_count_file(by=staff, shelter=shelter, as_of=before, values=count_values())


def test_it_refuses_a_count_after_the_shelter_closed_in_indonesian(staff, shelter, unchanged_shelters):
    shelter.event.started_at = timezone.now() - datetime.timedelta(days=3)
    shelter.event.save()
    shelter.opened_on = local_today() - datetime.timedelta(days=2)
    shelter.closed_on = local_today() - datetime.timedelta(days=1)
    shelter.save()
    with (
        unchanged_shelters(),
        translation.override("id"),
        pytest.raises(ValidationError, match="setelah tempat pengungsian ditutup"),
    ):
        services.shelter_count_file(by=staff, shelter=shelter, as_of=an_hour_ago(), values=count_values())


def test_it_refuses_a_count_in_the_future(staff, shelter, unchanged_shelters):
    later = timezone.now() + datetime.timedelta(hours=2)
    with unchanged_shelters(), pytest.raises(ValidationError, match="cannot be in the future"):
        services.shelter_count_file(by=staff, shelter=shelter, as_of=later, values=count_values())


def test_every_count_is_kept(staff, shelter):
    services.shelter_count_file(by=staff, shelter=shelter, as_of=an_hour_ago(), values=count_values())
    services.shelter_count_file(by=staff, shelter=shelter, as_of=timezone.now(), values=count_values(people=45))
    assert list(ShelterCount.objects.filter(shelter=shelter).values_list("people", flat=True)) == [45, 40]


def _stocked_shelter(staff, shelter, paringin, quantity=50):
    main = WarehouseFactory(district=shelter.district, serves=[paringin])
    receive(staff, main, "BRS", 100, expiry=districts_today() + datetime.timedelta(days=200))
    dispatch = services.shelter_dispatch(
        by=staff,
        shelter=shelter,
        warehouse=main,
        lines=[IssueLine(item("BRS"), Decimal(quantity))],
        business_date=districts_today(),
    )
    from logistics.services.documents import shipment_receive

    shipment_receive(
        by=staff,
        document=dispatch,
        received={line.pk: line.quantity for line in dispatch.lines.all()},
        received_date=districts_today(),
    )
    return dispatch


def test_a_dispatch_to_a_shelter_carries_the_event_number(staff, shelter, paringin):
    dispatch = _stocked_shelter(staff, shelter, paringin)
    assert dispatch.destination_warehouse == shelter.store and dispatch.reference == shelter.event.number


def test_distribution_to_households_leaves_the_ledger_from_the_shelter_store(staff, shelter, paringin):
    _stocked_shelter(staff, shelter, paringin)
    document = services.shelter_distribute(
        by=staff,
        shelter=shelter,
        lines=[IssueLine(item("BRS"), Decimal(20))],
        business_date=districts_today(),
        households_reached=8,
    )
    assert document.kind == "distribution" and document.households_reached == 8
    assert shelter.store.balances.get().quantity == Decimal(30)
    assert ledger_differences() == []


def test_it_refuses_a_distribution_beyond_the_store_balance_in_indonesian(staff, shelter, paringin, unchanged_shelters):
    _stocked_shelter(staff, shelter, paringin)
    with unchanged_shelters(), translation.override("id"), pytest.raises(ValidationError, match="hanya menyimpan 50"):
        services.shelter_distribute(
            by=staff,
            shelter=shelter,
            lines=[IssueLine(item("BRS"), Decimal(60))],
            business_date=districts_today(),
            households_reached=8,
        )
