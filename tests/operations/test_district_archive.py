"""District export and restore: the demo district out of one database and into an empty one, unchanged."""

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kecamatan.models import District, Hazard, Province
from kecamatan.reference import load_reference_data as load_territory
from kencana.accounts.demo import DEMO_PASSWORD
from kencana.accounts.models import Role
from kencana.operations import archive
from kencana.plans.models import Agency
from kencana.readiness.models import Template
from logistics.ledger_check import ledger_differences
from logistics.models import AdjustmentReason, Item, NeedsProfile, NeedsProfileLine
from logistics.reference import load_needs_profiles
from logistics.reference import load_reference_data as load_logistics
from tests.factories import UserFactory
from tests.readiness.factories import make_version
from tests.seeded import restore, seed_everything


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def data_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("data.json")


def media_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith("media/")}


def snapshot(media_root: Path) -> tuple[dict[str, int], list[str]]:
    """Row counts of every archived model and the files under MEDIA_ROOT: what a refused restore must not change."""
    counts = {m._meta.label_lower: m._base_manager.count() for m in archive.archived_models()}
    files = sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())
    return counts, files


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# Balangan's archive of the demo, made once per test process and test day (the export of the
# same rows is the same file: a test below holds it to that).
_EXPORTED: dict[object, bytes] = {}


@pytest.fixture
def exported(reference_data, media_root, tmp_path):
    """The full demo seeded, Balangan exported, then an empty installation: tables flushed, reference data reloaded."""
    path = tmp_path / "balangan.zip"
    day = timezone.now().date()
    if day in _EXPORTED:
        path.write_bytes(_EXPORTED[day])
    else:
        restore("everything", seed_everything)
        run("export_district", "63.11", "--output", str(path))
        _EXPORTED[day] = path.read_bytes()
    # TRUNCATE (PostgreSQL) passes the ledger's append-only trigger, which refuses DELETE.
    call_command("flush", interactive=False, verbosity=0)
    load_territory(Province, Hazard)
    load_logistics(Item, AdjustmentReason)
    load_needs_profiles(NeedsProfile, NeedsProfileLine, Item)
    shutil.rmtree(media_root, ignore_errors=True)
    media_root.mkdir()
    return path


def test_a_restored_district_exports_again_exactly_as_it_was_exported(exported, tmp_path, media_root, client):
    output = run("restore_district", str(exported))

    again = tmp_path / "again.zip"
    run("export_district", "63.11", "--output", str(again))
    assert data_of(again) == data_of(exported)
    assert media_of(again) == media_of(exported)
    manifest = json.loads(zipfile.ZipFile(exported).read("manifest.json"))
    assert manifest["counts"]["readiness.evidence"] == len(media_of(exported)) > 0
    assert manifest["counts"]["logistics.movement"] > 0 and manifest["counts"]["alerts.alert"] > 0
    # Banjar is not in the new database: the partnership is reported, not fatal.
    assert manifest["links"] == {"partners": ["63.03"], "partner_of": ["63.03"]}
    assert "not in this database (links skipped): 63.03" in output


def test_restored_balances_agree_with_the_ledger_and_restored_people_can_log_in(exported, client):
    from kencana.core import generations as map_cache

    kept_before = map_cache.generations([])[-1]
    run("restore_district", str(exported))
    assert map_cache.generations([])[-1] > kept_before  # maps and dashboards kept for these ids are dropped

    assert ledger_differences() == []
    assert "agree" in run("check_ledger", "--district", "63.11")
    response = client.post(reverse("login"), {"username": "staff.balangan", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user.username == "staff.balangan"


def test_a_restore_writes_no_history_twice_and_raises_no_alert_or_notification(exported):
    from kencana.accounts.models import User
    from kencana.alerts.models import Alert, Delivery, Notification

    run("restore_district", str(exported))

    counts = json.loads(zipfile.ZipFile(exported).read("manifest.json"))["counts"]
    assert User.history.count() == counts["accounts.historicaluser"]
    m2m_history = apps.get_model("accounts.historicaluser_kecamatan")
    assert m2m_history.objects.count() == counts["accounts.historicaluser_kecamatan"]
    assert Alert.objects.count() == counts["alerts.alert"]
    assert Notification.objects.count() == counts["alerts.notification"]
    assert Delivery.objects.count() == counts["alerts.delivery"]


def test_restoring_the_same_archive_twice_is_refused_and_changes_nothing(exported, media_root):
    run("restore_district", str(exported))
    before = snapshot(media_root)

    with pytest.raises(CommandError, match="District 63.11 already exists"):
        run("restore_district", str(exported))
    assert snapshot(media_root) == before


def test_a_username_already_taken_refuses_the_restore_and_changes_nothing(exported, media_root):
    UserFactory(username="staff.balangan", district=None, role=Role.BPBD_STAFF)
    before = snapshot(media_root)

    with pytest.raises(CommandError, match="accounts.user username staff.balangan"):
        run("restore_district", str(exported))
    assert snapshot(media_root) == before
    assert not District.objects.filter(code="63.11").exists()


def test_missing_reference_data_refuses_the_restore_and_names_it(exported, media_root):
    Hazard.objects.filter(code="karhutla").delete()
    before = snapshot(media_root)

    with pytest.raises(CommandError, match="needs kecamatan.hazard karhutla"):
        run("restore_district", str(exported))
    assert snapshot(media_root) == before


def test_a_damaged_file_in_the_archive_restores_nothing_not_even_the_files_before_it(exported, tmp_path, media_root):
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(damaged, "w") as target:
        names = source.namelist()
        last_file = max(n for n in names if n.startswith("media/"))
        for name in names:
            target.writestr(name, b"tampered" if name == last_file else source.read(name))

    with pytest.raises(CommandError, match="damaged"):
        run("restore_district", str(damaged))
    assert snapshot(media_root) == ({m._meta.label_lower: 0 for m in archive.archived_models()}, [])


def test_a_row_refused_midway_through_the_load_restores_nothing_at_all(exported, tmp_path, media_root):
    """Every refusal above is caught before the load; this one is refused by the database itself,
    after thousands of rows have been written: the transaction must take them all back."""
    rows = json.loads(data_of(exported))
    order = [archive._label(m) for m in archive.archived_models()]
    balances = [row for row in rows if row["model"] == "logistics.balance"]
    assert balances and 0 < order.index("logistics.balance") < len(order) - 1
    balances[-1]["fields"]["quantity"] = "-1"  # the CHECK constraint refuses it at insert
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(exported) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            target.writestr(name, json.dumps(rows).encode() if name == "data.json" else source.read(name))

    with pytest.raises(CommandError, match="nothing was restored"):
        run("restore_district", str(broken))
    assert snapshot(media_root) == ({m._meta.label_lower: 0 for m in archive.archived_models()}, [])


@pytest.mark.postgres
def test_a_restored_database_hands_out_new_ids_after_the_restored_ones(exported):
    run("restore_district", str(exported))
    district = District.objects.get(code="63.11")
    highest = Agency.objects.order_by("-pk").first().pk
    highest_history = Agency.history.order_by("-history_id").first().history_id

    agency = Agency.objects.create(district=district, kind=Agency.Kind.OTHER, name="Agency added after the restore")

    assert agency.pk > highest
    assert agency.history.latest().history_id > highest_history


def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return path


def manifest(**changes) -> bytes:
    return json.dumps({"format": archive.FORMAT, "format_version": archive.FORMAT_VERSION, **changes}).encode()


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (None, "not a zip archive"),
        ({"data.json": b"[]"}, "has no manifest.json"),
        ({"manifest.json": b"{not json"}, "not valid JSON"),
        ({"manifest.json": b'{"format": "something-else"}', "data.json": b"[]"}, "not a Kencana district archive"),
        ({"manifest.json": manifest(format_version=99), "data.json": b"[]"}, "format version 99"),
        (
            {
                "manifest.json": manifest(district={"code": "63.11"}),
                "data.json": b'[{"model": "auth.group", "pk": 1, "fields": {}}]',
            },
            "rows a district archive cannot: auth.group",
        ),
    ],
)
def test_a_file_that_is_not_a_district_archive_is_refused(db, tmp_path, entries, message):
    path = tmp_path / "upload.zip"
    if entries is None:
        path.write_bytes(b"PK but not really a zip")
    else:
        write_zip(path, entries)

    with pytest.raises(CommandError, match=message):
        run("restore_district", str(path))


def test_every_model_that_refers_to_a_district_is_archived_reference_data_or_left_out_on_purpose():
    assert archive.unclassified_models() == []


def test_export_refuses_while_a_model_linked_to_districts_is_not_accounted_for(balangan, tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "LEFT_OUT", {k: v for k, v in archive.LEFT_OUT.items() if k != "admin.logentry"})

    with pytest.raises(CommandError, match="admin.logentry"):
        run("export_district", "63.11", "--output", str(tmp_path / "out.zip"))
    assert not (tmp_path / "out.zip").exists()


def test_a_template_adopted_from_a_partner_is_exported_without_its_provenance_and_says_so(balangan, banjar, tmp_path):
    source = make_version(banjar, name="Instrumen Banjar")
    adopted = make_version(
        balangan, template=Template.objects.create(district=balangan, name="Diadopsi", source_template=source.template)
    )
    adopted.source_version = source
    adopted.save()
    path = tmp_path / "balangan.zip"

    run("export_district", "63.11", "--output", str(path))

    manifest_data = json.loads(zipfile.ZipFile(path).read("manifest.json"))
    dropped = {(d["model"], d["field"]) for d in manifest_data["dropped"]}
    assert {("readiness.template", "source_template"), ("readiness.templateversion", "source_version")} <= dropped
    rows = [json.loads(line.rstrip(",")) for line in data_of(path).decode().splitlines()[1:-1]]
    templates = [r for r in rows if r["model"] == "readiness.template"]
    assert [(t["fields"]["name"], t["fields"]["source_template"]) for t in templates] == [("Diadopsi", None)]
    assert not [r for r in rows if r["model"] == "readiness.template" and r["fields"]["district"] != balangan.pk]


def test_export_refuses_to_overwrite_an_existing_file(balangan, tmp_path):
    path = tmp_path / "exists.zip"
    path.write_bytes(b"keep me")

    with pytest.raises(CommandError, match="already exists"):
        run("export_district", "63.11", "--output", str(path))
    assert path.read_bytes() == b"keep me"


def test_export_of_an_unknown_district_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="No district with code 99.99"):
        run("export_district", "99.99", "--output", str(tmp_path / "out.zip"))
