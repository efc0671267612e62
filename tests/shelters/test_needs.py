"""One source of norms: the logistics needs calculator counts a head count as a shelter's needs
table does, under the district's default needs profile."""

from decimal import Decimal

import pytest

from kencana.shelters import selectors, services
from logistics import selectors as logistics_selectors
from logistics import services as logistics_services
from logistics.models import NeedsProfile
from logistics.needs import Headcount

from .conftest import an_hour_ago, count_values


@pytest.fixture
def counted(staff, shelter):
    services.shelter_count_file(by=staff, shelter=shelter, as_of=an_hour_ago(), values=count_values())
    return shelter


def calculator(kecamatan, days: int) -> dict[str, Decimal]:
    # The count of ``count_values()``: 40 people in 10 households, 5 under five, 3 pregnant or breastfeeding.
    headcount = Headcount(people=40, households=10, under_five=5, pregnant_breastfeeding=3)
    _profile, rows = logistics_selectors.needs_scenario(kecamatan=kecamatan, headcount=headcount, days=days)
    return {row.item.code: row.required for row in rows}


def shelters_table(shelter, profile, days: int) -> dict[str, Decimal]:
    return {row.item.code: row.needed for row in selectors.needs_table(shelters=[shelter], profile=profile, days=days)}


@pytest.mark.parametrize("days", [1, 3, 7, 10])
def test_the_calculator_gives_the_shelters_needs_for_the_same_people_days_and_profile(counted, paringin, days):
    profile = logistics_selectors.district_profile(paringin.district_id)
    assert profile.code == "perka-bnpb-7-2008"
    figures = calculator(paringin, days)
    assert figures == shelters_table(counted, profile, days)
    assert figures["MPASI"] == 5 * days and figures["KIT-HYG"] == 10  # a line per child under 5, per household


def test_switching_the_districts_default_profile_changes_the_calculators_figures(
    counted, admin_user, balangan, paringin
):
    perka = calculator(paringin, 3)
    sphere = NeedsProfile.objects.get(code="sphere-2018")
    logistics_services.district_needs_profile_set(by=admin_user, district=balangan, profile=sphere)
    switched = calculator(paringin, 3)
    assert (perka["AIR"], switched["AIR"]) == (300, 840)  # 40 × 17.5 L a week × 3/7 week; 40 × 7 L × 3 days
    assert (perka["TLT"], switched["TLT"]) == (2, 1)  # a toilet per 20 people; per 50
    assert switched == shelters_table(counted, sphere, 3)
    assert selectors.event_profile(counted.event) == sphere  # an event without its own choice follows the district
