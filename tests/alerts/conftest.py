import datetime

import pytest
from django.utils import translation

from kecamatan.geometry import geometry_fields
from kecamatan.models import Kecamatan
from kencana.accounts.models import Role
from kencana.celery import app as celery_app
from tests.factories import UserFactory, square

from .factories import policy


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English here; the Indonesian catalogue is checked by core's tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def bounded(paringin, awayan):
    """Paringin and Awayan with square boundaries under the polygons of the CAP fixtures."""
    from shapely.geometry import shape

    for kecamatan, (lon, lat) in ((paringin, (115.45, -2.30)), (awayan, (115.55, -2.45))):
        Kecamatan.objects.filter(pk=kecamatan.pk).update(**geometry_fields(shape(square(lon, lat))))
        kecamatan.refresh_from_db()
    return paringin, awayan


@pytest.fixture
def three_step_policy(balangan):
    """Officers at once, BPBD staff after 10 minutes, the head of BPBD 20 minutes later."""
    return policy(
        balangan,
        (0, Role.OFFICER, ["inbox", "email"]),
        (10, Role.BPBD_STAFF, ["inbox", "email", "webhook"]),
        (20, Role.BPBD_ADMIN, ["inbox"]),
    )


@pytest.fixture
def people(staff, admin_user, officer, awayan_officer):
    """Everyone in Balangan has an email address."""
    for user in (staff, admin_user, officer, awayan_officer):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return {"staff": staff, "admin": admin_user, "officer": officer, "awayan_officer": awayan_officer}


@pytest.fixture
def second_staff(balangan):
    return UserFactory(username="kabid.balangan", district=balangan, role=Role.BPBD_STAFF, email="kabid@example.org")


@pytest.fixture
def eager_celery():
    """Tasks run in-process when enqueued (for sweeper tests; the broker tests use a real worker).
    Tasks are enqueued by name: the apps' task modules are imported first, or a task not yet
    registered would go to the broker even when eager."""
    celery_app.loader.import_default_modules()
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)
