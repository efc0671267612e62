import pytest
import time_machine
from django.db import transaction
from django.test import override_settings

from .. import cast
from ..conftest import caches_of_its_own, early_morning
from ..seeded import load_reference_rows
from .world import build_world


@pytest.fixture(autouse=True, scope="module")
def rendered_plainly(plain_rendering):
    """No test of these modules reads ``response.context``."""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Evidence and proofs of each test go to its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def whole_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every part of the world and a session for each role, made once for the module in an outer
    transaction that is rolled back at its end. Each test runs in a savepoint on top (``world``),
    so whatever a request wrote is gone before the next test; the world's files live in a
    directory of the module's own, and what it cached under a key prefix of its own."""
    moment = early_morning()
    caches = caches_of_its_own("world")
    media = tmp_path_factory.mktemp("world-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, CACHES=caches),
        time_machine.travel(moment, tick=False),
        transaction.atomic(),
    ):
        load_reference_rows()  # a transactional test that ran before in this process emptied the tables
        world = build_world(**cast.everyone()).build_all()
        world.log_in_everyone()
        world["moment"], world["media"] = moment, media
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(whole_world, db, settings):
    """The module's world, at the moment it was made, for one test (in a savepoint)."""
    settings.MEDIA_ROOT = whole_world["media"]
    with time_machine.travel(whole_world["moment"], tick=True):
        yield whole_world
