"""The standing cast: two partner districts like the demo's, their people, and an outsider."""

import pytest

from kencana.accounts.models import Role

from .factories import DistrictFactory, KecamatanFactory, UserFactory


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (row locks, real concurrency) are skipped on SQLite; CI runs them."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); runs in CI")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached pages must not outlive the test whose rows they describe: ids are reused after a
    rollback, and factories write rows without the services' announcements."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def balangan(db):
    district = DistrictFactory(code="63.11", name="Balangan")
    return district


@pytest.fixture
def banjar(db, balangan):
    district = DistrictFactory(code="63.03", name="Banjar")
    balangan.partners.add(district)
    district.partners.add(balangan)
    return district


@pytest.fixture
def outsider_district(db):
    """A district that is nobody's partner."""
    return DistrictFactory(code="64.01", name="Paser")


@pytest.fixture
def paringin(balangan):
    return KecamatanFactory(district=balangan, code="63.11.06", name="Paringin")


@pytest.fixture
def awayan(balangan):
    return KecamatanFactory(district=balangan, code="63.11.03", name="Awayan")


@pytest.fixture
def aluh_aluh(banjar):
    return KecamatanFactory(district=banjar, code="63.03.01", name="Aluh Aluh")


@pytest.fixture
def admin_user(balangan):
    return UserFactory(username="admin.balangan", district=balangan, role=Role.BPBD_ADMIN)


@pytest.fixture
def staff(balangan):
    return UserFactory(username="staff.balangan", district=balangan, role=Role.BPBD_STAFF)


@pytest.fixture
def officer(paringin):
    return UserFactory(username="camat.paringin", district=paringin.district, role=Role.OFFICER, kecamatan=[paringin])


@pytest.fixture
def awayan_officer(awayan):
    return UserFactory(username="camat.awayan", district=awayan.district, role=Role.OFFICER, kecamatan=[awayan])


@pytest.fixture
def partner_staff(banjar):
    return UserFactory(username="staff.banjar", district=banjar, role=Role.BPBD_STAFF)


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user."""

    def login(user):
        client.force_login(user)
        return client

    return login


def pytest_report_header(config):
    from django.conf import settings

    return [
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}",
        f"broker: {settings.CELERY_BROKER_URL.split('://', 1)[0]}",
    ]


@pytest.fixture
def reference_data(transactional_db):
    """The rows data migrations create, for tests that run outside a rolled-back transaction.

    A transactional test empties every table when it ends, so each one that needs the
    provinces, hazards or the logistics catalogue loads them again (idempotently).
    """
    from kecamatan.models import Hazard, Province
    from kecamatan.reference import load_reference_data as load_territory
    from logistics.models import AdjustmentReason, Item, Norm
    from logistics.reference import load_reference_data as load_logistics

    load_territory(Province, Hazard)
    load_logistics(Item, Norm, AdjustmentReason, Hazard)
