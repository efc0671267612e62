import datetime

import pytest
from django.utils import timezone, translation

from kencana.core import clock
from kencana.shelters import services
from tests.factories import rows_unchanged
from tests.response import factories as response_factories


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English unless a test says Indonesian."""
    with translation.override("en"):
        yield


def local_today():
    return clock.local_today("Asia/Makassar")


def shelter_values(**overrides) -> dict:
    today = local_today()
    values = {
        "name": "SDN Lasung Batu",
        "kind": "school",
        "lat": -2.33,
        "lon": 115.47,
        "capacity": 100,
        "toilets": 2,
        "water_points": 1,
        "kitchen": True,
        "health_post": False,
        "friendly_space": False,
        "manager": "Pak Rahman",
        "phone": "0812",
        "opened_on": today,
        "closed_on": None,
    }
    return {**values, **overrides}


@pytest.fixture
def lasung_batu(paringin):
    return response_factories.desa(paringin, 7, "Lasung Batu")


@pytest.fixture
def event(staff, paringin, awayan, lasung_batu):
    """A flood in Paringin and Awayan, six hours old."""
    return response_factories.open_event(staff, [paringin, awayan], [lasung_batu])


@pytest.fixture
def shelter(staff, event, lasung_batu):
    return services.shelter_save(by=staff, event=event, desa=lasung_batu, values=shelter_values())


def count_values(**overrides) -> dict:
    values = {
        "households": 10,
        "people": 40,
        "male_0_5": 3,
        "female_0_5": 2,
        "male_18_59": 10,
        "female_18_59": 12,
        "pregnant": 1,
        "breastfeeding": 2,
    }
    return {**values, **overrides}


def an_hour_ago() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=1)


@pytest.fixture
def unchanged_shelters():
    """``with unchanged_shelters():`` fails unless every shelter, count, store and ledger row is as before."""
    from django.apps import apps

    from logistics.models import Balance, Document, Movement, Warehouse

    models = [*apps.get_app_config("shelters").get_models(), Warehouse, Document, Movement, Balance]
    return lambda: rows_unchanged(models)
