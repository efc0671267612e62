"""The rows tests start from: the data migrations' reference rows, and the demo, seeded once per
test process and copied back for each test that needs it.

Seeding the whole demo takes seconds (reports, plans, stock, alerts, the response); dozens of
tests start from it. The first test in a process that asks for it seeds it for real with the same
commands `make run` uses and keeps a copy of every table's rows and of the evidence files; each
later test empties the tables and inserts those rows again, with their ids, in a fraction of the
time. Tests of the seeding itself (idempotence, what it creates) still call the commands.

The copy is taken on the day the test clock shows (every test starts at the same minute, so the
rows' times read the same to each test) and taken again if that day changes. On SQLite, outside a
transaction, the copy is also of the whole database file (SQLite's backup, into memory) and is
written back the same way: a hundredth of the time the rows take.

The rows and files are also kept between runs, in a file under ``var/test-seeded/`` named by the
day and a digest of what the seeding reads: the apps' files (code, migrations, data), the pinned
requirements and the source of the module that defines the seed. The next run's processes start
from that file instead of seeding; any change to the apps, the requirements or the seed, or a new
day, seeds for real again.
"""

import hashlib
import inspect
import io
import os
import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone


@dataclass
class _Copy:
    day: object
    rows: list[tuple[type, list]]
    media: Path
    database: sqlite3.Connection | None = None  # the whole SQLite database, once taken


_copies: dict[str, _Copy] = {}


def _models() -> list[type]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _take(media_root: Path) -> tuple[list, Path]:
    rows = [(model, list(model._base_manager.order_by())) for model in _models()]
    media = Path(tempfile.mkdtemp(prefix="kencana-demo-media-"))
    if media_root.exists():
        shutil.copytree(media_root, media, dirs_exist_ok=True)
    return rows, media


def _whole_database() -> sqlite3.Connection | None:
    """The SQLite database as it is committed, copied into memory; None on other databases and
    inside a transaction (what it has not committed is not the file's)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    connection.ensure_connection()
    database = sqlite3.connect(":memory:")
    connection.connection.backup(database)
    return database


def _put_back(copy: _Copy, media_root: Path) -> None:
    if copy.database is not None and not connection.in_atomic_block:
        connection.ensure_connection()
        copy.database.backup(connection.connection)
    else:
        _put_back_rows(copy)
        copy.database = copy.database or _whole_database()
    ContentType.objects.clear_cache()
    shutil.copytree(copy.media, media_root, dirs_exist_ok=True)


def _put_back_rows(copy: _Copy) -> None:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic():
        connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
        for model, objects in copy.rows:
            fields = model._meta.local_concrete_fields
            size = connection.ops.bulk_batch_size(fields, objects) or len(objects) or 1
            for start in range(0, len(objects), size):
                model._base_manager._insert(objects[start : start + size], fields=fields, raw=True)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in copy.rows]):
                cursor.execute(statement)


def restore(name: str, seed: Callable[[], None]) -> None:
    """The database as ``seed()`` leaves it (with the evidence files under MEDIA_ROOT): seeded
    for real the first time in this process (and on a new test day) unless an earlier run kept
    it, copied back afterwards."""
    media_root = Path(settings.MEDIA_ROOT)
    day = timezone.now().date()
    copy = _copies.get(name)
    if copy is None or copy.day != day:
        copy = _kept(name, seed, day)
    if copy is None:
        seed()
        rows, media = _take(media_root)
        _copies[name] = _Copy(day=day, rows=rows, media=media, database=_whole_database())
        _keep(name, seed, _copies[name])
        return
    _copies[name] = copy
    _put_back(copy, media_root)


# --- Kept between runs -------------------------------------------------------------------------

APPS = ("kencana", "kecamatan", "logistics")


@cache
def _apps_digest() -> str:
    """A digest of every file of the apps (code, migrations, data, templates), not their caches,
    and of the pinned requirements (rows are kept as pickled model instances of one Django)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    files = [root / "requirements.txt", *(path for app in APPS for path in sorted((root / app).rglob("*")))]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _slug(name: str) -> str:
    return name.replace(" ", "-")


def _kept_path(name: str, seed: Callable[[], None], day) -> Path:
    digest = hashlib.sha256(
        "\0".join(
            [_apps_digest(), inspect.getsource(inspect.getmodule(seed)), seed.__name__, connection.vendor]
        ).encode()
    ).hexdigest()[:16]
    return Path(settings.VAR_DIR) / "test-seeded" / f"{_slug(name)}-{day:%Y%m%d}-{digest}.pickle"


def _kept(name: str, seed: Callable[[], None], day) -> _Copy | None:
    """The copy an earlier run kept for this day and these sources, with its files unpacked."""
    path = _kept_path(name, seed, day)
    if not path.exists():
        return None
    with path.open("rb") as kept:
        labels, files = pickle.load(kept)  # noqa: S301 - a file this suite wrote under var/
    media = Path(tempfile.mkdtemp(prefix="kencana-demo-media-"))
    for relative, content in files.items():
        (media / relative).parent.mkdir(parents=True, exist_ok=True)
        (media / relative).write_bytes(content)
    return _Copy(day=day, rows=[(apps.get_model(label), objects) for label, objects in labels], media=media)


def _keep(name: str, seed: Callable[[], None], copy: _Copy) -> None:
    """Write the copy for the next runs (atomically: parallel processes may write it at once) and
    remove what earlier days or sources left for this name."""
    path = _kept_path(name, seed, copy.day)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"{_slug(name)}-????????-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    rows = [(model._meta.label, objects) for model, objects in copy.rows]
    files = {str(p.relative_to(copy.media)): p.read_bytes() for p in copy.media.rglob("*") if p.is_file()}
    partial = path.with_suffix(f".{os.getpid()}.part")
    with partial.open("wb") as kept:
        pickle.dump((rows, files), kept, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)


def load_reference_rows() -> None:
    """The rows data migrations create (provinces, hazards, the logistics catalogue, the SPM
    catalogue, the beat schedule), loaded again idempotently."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from kecamatan.models import Hazard, Province
    from kecamatan.reference import load_reference_data as load_territory
    from kencana.alerts.schedule import ensure_beat_schedule
    from kencana.upward import catalogue as spm_catalogue
    from kencana.upward.models import SpmQualityComponent, SpmService, SpmSubActivity, SpmVersion
    from logistics.models import AdjustmentReason, Item, NeedsProfile, NeedsProfileLine
    from logistics.reference import load_needs_profiles
    from logistics.reference import load_reference_data as load_logistics

    load_territory(Province, Hazard)
    load_logistics(Item, AdjustmentReason)
    load_needs_profiles(NeedsProfile, NeedsProfileLine, Item)
    spm_catalogue.load(
        version_model=SpmVersion,
        service_model=SpmService,
        sub_activity_model=SpmSubActivity,
        component_model=SpmQualityComponent,
    )
    ensure_beat_schedule(IntervalSchedule, PeriodicTask)


def seed_everything() -> None:
    from django.core.management import call_command

    load_reference_rows()
    call_command("seed_demo", stdout=io.StringIO())
