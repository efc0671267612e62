import datetime

import pytest

from kecamatan.models import Hazard
from kencana.accounts.models import Role
from kencana.core.clock import local_today
from tests.factories import UserFactory

from .factories import (
    ActionItemFactory,
    ActionPlanFactory,
    AgencyFactory,
    published_card_template,
    published_plan_template,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence files of each test go to its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def today(balangan):
    return local_today(balangan.timezone)


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


@pytest.fixture
def partner_admin(banjar):
    return UserFactory(username="admin.banjar", district=banjar, role=Role.BPBD_ADMIN)


@pytest.fixture
def outsider_admin(outsider_district):
    return UserFactory(username="admin.luar", district=outsider_district, role=Role.BPBD_ADMIN)


@pytest.fixture
def flood():
    return Hazard.objects.get(code="banjir")


@pytest.fixture
def card_template(admin_user, flood):
    """Balangan's flood card template, published (v1) and shared with partners."""
    return published_card_template(admin_user, flood)


@pytest.fixture
def plan_template(admin_user, flood):
    """Balangan's basic plan template, published (v1) and shared with partners."""
    return published_plan_template(admin_user, flood)
