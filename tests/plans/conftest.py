import datetime

import pytest

from kencana.plans.selectors import district_today

from .factories import ActionItemFactory, ActionPlanFactory, AgencyFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files of each test go to its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def today(balangan):
    return district_today(balangan.timezone)


@pytest.fixture
def puskesmas(paringin):
    return AgencyFactory(kecamatan=paringin, name="Puskesmas Paringin")


@pytest.fixture
def paringin_item(paringin, today):
    plan = ActionPlanFactory(kecamatan=paringin)
    return ActionItemFactory(plan=plan, title="Sosialisasi peta rawan", due_date=today + datetime.timedelta(days=30))


@pytest.fixture
def awayan_item(awayan, today):
    plan = ActionPlanFactory(kecamatan=awayan)
    return ActionItemFactory(plan=plan, title="Simulasi evakuasi Awayan", due_date=today + datetime.timedelta(days=30))
