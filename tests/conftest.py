"""The standing cast: two partner districts like the demo's, their people, and an outsider."""

import datetime
import gc
import hashlib
import uuid
from pathlib import Path

import pytest
import time_machine

from kecamatan.models import Province
from kencana.accounts.models import Role

from . import cast
from .factories import DesaFactory, DistrictFactory, SchoolFactory, UserFactory
from .seeded import load_reference_rows, restore, seed_everything


def _migrations_fingerprint() -> str:
    """A digest of every migration file: the test database is kept while it stays the same."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.glob("**/migrations/*.py")):
        if ".venv" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _fingerprint_file(config) -> Path:
    from django.conf import settings

    name = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return Path(settings.VAR_DIR) / f"test-{name}-migrations.sha256"


def _quick_test_settings() -> None:
    """Two settings that cost time in tests and prove nothing there:
    - the password hash: PBKDF2's many rounds take a third of a second per password, and the
      demo alone sets ten (log-in, lockout and reset tests check passwords the same way with MD5);
    - WhiteNoise indexing every static file when a handler loads its middleware: Django's test
      client builds a handler per client, so the index was rebuilt for each client. Looking a
      file up when it is asked for (what `make run` does) serves the same files."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


def pytest_configure(config):
    """``--reuse-db`` keeps the test database between runs (Django applies new migrations to it);
    when a migration file was edited or removed, it is built again from scratch (by every
    pytest-xdist worker too: each has a database of its own)."""
    _quick_test_settings()
    if hasattr(config, "workerinput"):
        if config.workerinput.get("kencana_create_db"):
            config.option.create_db = True
        return
    if not config.getoption("reuse_db", False):
        return
    known = _fingerprint_file(config)
    if not known.exists() or known.read_text() != _migrations_fingerprint():
        config.option.create_db = True


def pytest_collection_finish(session):
    """Python's cyclic garbage collector, tuned for a test process: what is alive once the tests
    are collected (Django, the app, the test modules) stays alive to the end, so it is frozen out
    of every later collection, and the youngest generation is collected after 50,000 new objects
    instead of 700. With the defaults the pages and dashboard tests ran 3,400 collections that took
    a twentieth of their CPU; with these, about 150 that took half as long."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist: a worker builds its database afresh when the controller decided so."""
    node.workerinput["kencana_create_db"] = bool(node.config.option.create_db)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the product's default language (Indonesian). A request handled in
    English leaves English active in the thread, and the next test on the same worker would
    read every message in English."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


def early_morning() -> datetime.datetime:
    """05:15 WITA of today's date (21:15 UTC, still the day before there): the moment tests run at."""
    now = datetime.datetime.now(datetime.UTC)
    return datetime.datetime.combine(now.date(), datetime.time(21, 15), tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def early_morning_in_the_districts(request):
    """Every test runs at 05:15 WITA, when it is still the day before in UTC: a "today" taken in
    UTC instead of the district's zone fails whatever the hour the suite runs at. (Today's date,
    so that a browser's session cookies stay valid; the clock ticks on from there.) Tests marked
    ``serial`` keep the real clock: they share the broker with worker processes that keep it too."""
    if request.node.get_closest_marker("serial"):
        yield
        return
    with time_machine.travel(early_morning(), tick=True):
        yield


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if hasattr(config, "workerinput") or not config.getoption("reuse_db", False) or session.testscollected == 0:
        return
    if exitstatus in (0, 1):  # the database was built and used
        path = _fingerprint_file(config)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_migrations_fingerprint())


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests (row locks, real concurrency) are skipped on SQLite; CI runs them."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); runs in CI")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def plain_rendering():
    """Templates render as they do in production, for the modules that walk hundreds of pages and
    read only statuses, bodies and tables. Django's test setup makes every template (each include
    and form widget too) send a signal, and the test client copies the context at each one for
    ``response.context``: about a seventh of a page's time in the authorization matrix."""
    from django.template.base import Template
    from django.test.utils import _TestState

    instrumented = Template._render
    Template._render = _TestState.saved_data.template_render
    yield
    Template._render = instrumented


def caches_of_its_own(name: str) -> dict:
    """The cache settings with a key prefix no other test, module or process uses."""
    from django.conf import settings

    return {
        cache: {**options, "KEY_PREFIX": f"{name}-{uuid.uuid4().hex}"} for cache, options in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def forget_cache(settings):
    """Each test reads and writes the cache under a key prefix of its own: cached pages never
    outlive the test whose rows they describe (ids are reused after a rollback, and factories
    write rows without the services' announcements), and tests running in parallel on one
    Redis never flush each other's keys. Call it to start again from an empty cache."""

    def forget() -> None:
        settings.CACHES = caches_of_its_own("test")

    forget()
    return forget


@pytest.fixture
def balangan(db):
    return cast.balangan()


@pytest.fixture
def banjar(db, balangan):
    return cast.banjar(balangan)


@pytest.fixture
def province_staff(db):
    """BPBD Provinsi Kalimantan Selatan's staff (prov.kalsel): oversees Balangan and Banjar."""
    return UserFactory(
        username="prov.kalsel", district=None, province=Province.objects.get(code="63"), role=Role.PROVINCE_STAFF
    )


@pytest.fixture
def national_staff(db):
    """BNPB's staff (bnpb.pusat): reads every district."""
    return UserFactory(username="bnpb.pusat", district=None, role=Role.NATIONAL_STAFF)


@pytest.fixture
def outsider_district(db):
    """A district that is nobody's partner."""
    return DistrictFactory(code="64.01", name="Paser")


@pytest.fixture
def paringin(balangan):
    return cast.paringin(balangan)


@pytest.fixture
def awayan(balangan):
    return cast.awayan(balangan)


@pytest.fixture
def aluh_aluh(banjar):
    return cast.aluh_aluh(banjar)


@pytest.fixture
def admin_user(balangan):
    return cast.admin_user(balangan)


@pytest.fixture
def staff(balangan):
    return cast.staff(balangan)


@pytest.fixture
def officer(paringin):
    return cast.officer(paringin)


@pytest.fixture
def lasung_batu(paringin):
    return DesaFactory(kecamatan=paringin, code="63.11.06.2007", name="Lasung Batu")


@pytest.fixture
def balang(paringin):
    return DesaFactory(kecamatan=paringin, code="63.11.06.2005", name="Balang")


@pytest.fixture
def facilitator(lasung_batu):
    """A desa facilitator of Lasung Batu (Paringin): one desa, nothing else."""
    return UserFactory(
        username="fasilitator.lasungbatu",
        district=lasung_batu.kecamatan.district,
        role=Role.DESA_FACILITATOR,
        desa=lasung_batu,
    )


@pytest.fixture
def sd_balang(balang):
    """SD Negeri Balang, a school of Desa Balang (Paringin)."""
    return SchoolFactory(desa=balang, npsn="99110603", name="SD Negeri Balang")


@pytest.fixture
def focal(sd_balang):
    """The SPAB focal person of SD Negeri Balang: one school, nothing else."""
    return UserFactory(
        username="spab.sdbalang", district=sd_balang.desa.kecamatan.district, role=Role.SCHOOL_FOCAL, school=sd_balang
    )


@pytest.fixture
def awayan_officer(awayan):
    return cast.awayan_officer(awayan)


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A test database kept from an earlier run may have lost the data migrations' rows (a
    transactional test empties every table when it ends): they are loaded once per session."""
    with django_db_blocker.unblock():
        load_reference_rows()


_emptied = False  # whether a transactional test of this process emptied the tables since the rows were loaded


@pytest.fixture(autouse=True)
def reference_rows_after_a_transactional_test(request, django_db_blocker):
    """pytest-django runs the transactional tests of a process after the others, since each empties
    every table when it ends; a pytest-xdist worker may still be handed other tests afterwards,
    stolen from another worker. Those find the data migrations' rows loaded again first."""
    global _emptied
    transactional = not {"transactional_db", "live_server"}.isdisjoint(request.fixturenames)
    if _emptied and not transactional and "db" in request.fixturenames:
        with django_db_blocker.unblock():
            load_reference_rows()
        _emptied = False
    yield
    _emptied = _emptied or transactional


@pytest.fixture
def reference_data(transactional_db):
    """The rows data migrations create, for tests that run outside a rolled-back transaction.

    A transactional test empties every table when it ends, so each one that needs the
    provinces, hazards or the logistics catalogue loads them again (idempotently).
    """
    load_reference_rows()


@pytest.fixture(scope="module")
def demo_seeded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as `seed_demo` leaves it, for the module, in an outer transaction rolled back at its
    end (its evidence files in a directory of the module's own, what it cached under a key prefix
    of its own): seeded for real once per process, copied back after that (see tests/seeded.py).
    Tests ask for ``seeded_demo``, which runs each in a savepoint on top."""
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    caches = caches_of_its_own("demo")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, CACHES=caches),
        time_machine.travel(early_morning(), tick=False),
        transaction.atomic(),
    ):
        restore("everything", seed_everything)
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def seeded_demo(demo_seeded_once, db, settings):
    """The demo as `seed_demo` leaves it, seeded once for the module (see ``demo_seeded_once``):
    for tests of what the seeding creates, and of seeding it again."""
    settings.MEDIA_ROOT = demo_seeded_once
    return demo_seeded_once


@pytest.fixture
def demo_everything(transactional_db, settings, tmp_path):
    """The whole demo, as `make run` loads it: districts, people, reports, plans, stock, alerts
    and the response (evidence files under a MEDIA_ROOT of the test's own)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    restore("everything", seed_everything)
