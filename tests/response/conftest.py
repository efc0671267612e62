import pytest

from . import factories


@pytest.fixture
def lasung_batu(paringin):
    return factories.desa(paringin, 7, "Lasung Batu")


@pytest.fixture
def balang(paringin):
    return factories.desa(paringin, 5, "Balang")


@pytest.fixture
def awayan_desa(awayan):
    return factories.desa(awayan, 7, "Awayan")


@pytest.fixture
def event(staff, paringin, awayan, lasung_batu, balang, awayan_desa):
    """A flood in Paringin and Awayan, six hours old, with three desa."""
    return factories.open_event(staff, [paringin, awayan], [lasung_batu, balang, awayan_desa])
