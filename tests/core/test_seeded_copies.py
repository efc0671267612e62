"""The seeded rows a test starts from (tests/seeded.py) are the rows the seed made, whether the
seed ran in this process, earlier in it, or in an earlier run that kept them under var/."""

import datetime
from pathlib import Path

import time_machine
from django.conf import settings

from kecamatan.models import District
from tests import seeded

from ..factories import DistrictFactory

SEEDS = []


def _two_districts():
    """A seed that notes each time it runs: two districts and an evidence file."""
    SEEDS.append(1)
    seeded.load_reference_rows()  # as every seed does: a transactional test before may have emptied the tables
    DistrictFactory(code="63.91", name="Seeded Satu")
    DistrictFactory(code="63.92", name="Seeded Dua")
    folder = Path(settings.MEDIA_ROOT) / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8 a photo")


def _state(media: Path) -> tuple[list, bytes]:
    rows = list(District.objects.filter(code__startswith="63.9").order_by("code").values_list("pk", "code", "name"))
    return rows, (media / "evidence" / "photo.jpg").read_bytes()


def test_a_copy_kept_by_an_earlier_run_gives_the_seeded_rows_and_files_without_seeding(
    transactional_db, settings, tmp_path
):
    """Committed as the demo fixtures commit it: putting the rows back empties every table, which
    PostgreSQL refuses in a transaction that wrote rows with constraints still to check."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = media = tmp_path / "media"
    SEEDS.clear()
    seeded.restore("two districts", _two_districts)
    made = _state(media)
    assert len(SEEDS) == 1 and len(made[0]) == 2
    assert len(list((tmp_path / "var" / "test-seeded").glob("two-districts-*.pickle"))) == 1

    # A new run: nothing in this process's memory, the tables and files gone.
    del seeded._copies["two districts"]
    District.objects.filter(code__startswith="63.9").delete()
    (media / "evidence" / "photo.jpg").unlink()
    seeded.restore("two districts", _two_districts)
    assert _state(media) == made and len(SEEDS) == 1

    # Another day seeds for real again and keeps only that day's copy.
    del seeded._copies["two districts"]
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        seeded.restore("two districts", _two_districts)
    assert len(SEEDS) == 2
    assert len(list((tmp_path / "var" / "test-seeded").glob("two-districts-*.pickle"))) == 1
    del seeded._copies["two districts"]
