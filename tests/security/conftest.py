import pytest

from .world import build_world


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence and proofs of each test go to its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(balangan, banjar, paringin, awayan, aluh_aluh, admin_user, staff, officer, awayan_officer):
    return build_world(
        balangan=balangan,
        banjar=banjar,
        paringin=paringin,
        awayan=awayan,
        aluh_aluh=aluh_aluh,
        admin_user=admin_user,
        staff=staff,
        officer=officer,
        awayan_officer=awayan_officer,
    )
