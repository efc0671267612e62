import pytest
from django.utils import translation

from ..factories import today as districts_today
from .factories import WarehouseFactory


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the Indonesian catalogue is checked by check_translations."""
    with translation.override("en"):
        yield


@pytest.fixture
def main_warehouse(balangan, paringin, awayan):
    return WarehouseFactory(district=balangan, code="GU", name="Gudang Utama Paringin", kind="main", serves=[paringin])


@pytest.fixture
def awayan_store(balangan, awayan):
    return WarehouseFactory(district=balangan, code="AWY", name="Gudang Kecamatan Awayan", serves=[awayan])


@pytest.fixture
def banjar_warehouse(banjar, aluh_aluh):
    return WarehouseFactory(
        district=banjar, code="GU", name="Gudang Utama Martapura", kind="main", lat=-3.4, lon=114.8, serves=[aluh_aluh]
    )


@pytest.fixture
def today():
    return districts_today()
