"""One district's data as a zip archive: exported from one installation, restored into another.

The archive holds ``manifest.json`` (format version, district, counts per model, what was
left out), ``data.json`` (Django serializer output, one object per line, original primary
keys kept) and the uploaded files its rows refer to, under ``media/``.

What belongs to a district is declared in :data:`SCOPES`, one filter per model; the
simple-history rows of those models follow them. Reference data that migrations create
(provinces, hazards, the logistics catalogue, content types) is never exported: rows refer
to it by natural key (its code), and a restore looks the key up in the target database.
Every model with a foreign-key path to District must be in SCOPES, be reference data or be
left out on purpose (:data:`LEFT_OUT`, with the reason); export refuses to run otherwise, so
a model added later cannot be forgotten silently.

A reference to another district's row (a template adopted from a partner, a partner
district) is never written as a primary key, which would point at an unrelated row
elsewhere: partners become links by district code, restored when that district exists;
other references are cleared when the field allows it (and listed in the manifest under
``dropped``) or stop the export. Users of other districts are referred to by username.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.utils import timezone

from kencana.core import events

FORMAT = "kencana-district-archive"
FORMAT_VERSION = 1
MANIFEST, DATA, MEDIA_DIR = "manifest.json", "data.json", "media/"
CHUNK = 500

# What belongs to a district, parents first: model label → lookups from the model to the
# District (a row belongs when any of them matches). "pk" is the district itself.
SCOPES: dict[str, tuple[str, ...]] = {
    "kecamatan.district": ("pk",),
    "kecamatan.kecamatan": ("district",),
    "kecamatan.desa": ("kecamatan__district",),
    "kecamatan.school": ("desa__kecamatan__district",),
    "kecamatan.risksettings": ("district",),
    "kecamatan.riskprofile": ("kecamatan__district",),
    "accounts.user": ("district",),
    "readiness.template": ("district",),
    "readiness.templateversion": ("template__district",),
    "readiness.tierthreshold": ("version__template__district",),
    "readiness.section": ("version__template__district",),
    "readiness.indicator": ("version__template__district",),
    "readiness.assignment": ("district",),
    "readiness.report": ("assignment__district",),
    "readiness.answer": ("report__assignment__district",),
    "readiness.evidence": ("answer__report__assignment__district",),
    "readiness.katanacount": ("desa__kecamatan__district",),
    "plans.plansettings": ("district",),
    "plans.agency": ("district",),
    "plans.plantemplate": ("district",),
    "plans.plantemplateversion": ("template__district",),
    "plans.plantemplateitem": ("version__template__district",),
    "plans.cardtemplate": ("district",),
    "plans.cardtemplateversion": ("template__district",),
    "plans.cardtemplatestep": ("version__template__district",),
    "plans.actionplan": ("district",),
    "plans.actionitem": ("plan__district",),
    "plans.evidence": ("item__plan__district",),
    "plans.quickresponsecard": ("kecamatan__district",),
    "plans.cardstep": ("card__kecamatan__district",),
    "logistics.logisticssettings": ("district",),
    "logistics.districtneedsprofile": ("district",),
    "logistics.warehouse": ("district",),
    "logistics.lot": ("district",),
    "logistics.minimumstock": ("warehouse__district",),
    "logistics.request": ("district",),
    "logistics.requestline": ("request__district",),
    "logistics.document": ("district",),
    "logistics.documentline": ("document__district",),
    "logistics.movement": ("document__district",),
    "logistics.balance": ("warehouse__district",),
    "logistics.proof": ("document__district",),
    "logistics.counter": ("district",),
    "alerts.districtalertsettings": ("district",),
    # Channel settings name their secrets; the secrets themselves stay in the environment.
    "alerts.districtchannel": ("district",),
    "alerts.messagingcontact": ("user__district",),
    "alerts.escalationpolicy": ("district",),
    "alerts.escalationstep": ("policy__district",),
    "alerts.hazardwarning": ("district",),
    # CAP messages it imported, and those of configured sources that matched one of its kecamatan
    # (with the first message of their thread).
    "alerts.capmessage": ("district", "kecamatan__district"),
    "alerts.alert": ("district",),
    "alerts.escalationlog": ("alert__district",),
    "alerts.notificationpreference": ("user__district",),
    # A person's inbox goes with the person; an alert's outbox with the alert or the district.
    "alerts.notification": ("user__district",),
    "alerts.delivery": ("district", "alert__district", "notification__user__district"),
    "alerts.deliveryattempt": (
        "delivery__district",
        "delivery__alert__district",
        "delivery__notification__user__district",
    ),
    "response.responsesettings": ("district",),
    "response.event": ("district",),
    "response.chronologyentry": ("event__district",),
    "response.decree": ("event__district",),
    "response.activation": ("event__district",),
    "response.task": ("event__district",),
    "response.impactreport": ("event__district",),
    "response.casualty": ("event__district",),
    "response.sitrep": ("event__district",),
    "shelters.eventneedsprofile": ("event__district",),
    "shelters.shelter": ("district",),
    "shelters.sheltercount": ("shelter__district",),
    "messaging.fieldreport": ("district",),
    "upward.spmreport": ("district",),
    "upward.spmentry": ("report__district",),
    "upward.ikdassessment": ("district",),
    "upward.ikdanswer": ("assessment__district",),
}

# Reference data, referred to by natural key: label → key fields (None: the model's own natural_key()).
REFERENCE: dict[str, tuple[str, ...] | None] = {
    "kecamatan.province": ("code",),
    "kecamatan.hazard": ("code",),
    "logistics.item": ("code",),
    "logistics.adjustmentreason": ("code",),
    "logistics.needsprofile": ("code",),
    "upward.spmversion": ("number",),
    "upward.spmsubactivity": None,
    "contenttypes.contenttype": None,
    "auth.permission": None,
    "auth.group": None,
}
USER = "accounts.user"
USER_KEY = ("username",)

# Models that moved to another app since an archive may have been written: old label → new label.
MOVED: dict[str, str] = {"shelters.districtneedsprofile": "logistics.districtneedsprofile"}

# Models with a path to District that are deliberately not in the archive.
LEFT_OUT: dict[str, str] = {
    "admin.logentry": "the admin site's own log, not the district's records",
    "accounts.apitoken": "API tokens are secrets: users create new ones after a restore",
    "core.appliedrequest": "idempotency keys of filings sent from a phone's outbox: a restored district starts anew",
    "logistics.historicalitem": "history of the shared catalogue (reference data)",
    "logistics.historicalneedsprofile": "history of the shared needs profiles (reference data)",
    "logistics.historicalneedsprofileline": "history of the shared needs profiles (reference data)",
    "upward.historicalspmversion": "history of the shared SPM catalogue (reference data)",
    "upward.historicalspmservice": "history of the shared SPM catalogue (reference data)",
    "upward.historicalspmsubactivity": "history of the shared SPM catalogue (reference data)",
    "upward.historicalspmqualitycomponent": "history of the shared SPM catalogue (reference data)",
    "upward.spmservice": "the shared SPM catalogue (reference data, reached through its version's editors)",
    "upward.spmqualitycomponent": "the shared SPM catalogue (reference data, reached through its version's editors)",
}


class ArchiveError(Exception):
    """The archive cannot be written or restored; nothing was changed."""


@dataclass
class ExportResult:
    path: Path
    manifest: dict


@dataclass
class RestoreResult:
    district_code: str
    counts: dict[str, int]
    media_files: int
    partners_linked: list[str] = field(default_factory=list)
    partners_missing: list[str] = field(default_factory=list)
    users_unlinked: list[str] = field(default_factory=list)


Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


# --- Which models, which rows -----------------------------------------------------------


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


def _m2m_history_models(history: type[models.Model]) -> list[type[models.Model]]:
    """simple-history's tables for the many-to-many fields it tracks (a FK ``history`` to the history row)."""
    return [
        m
        for m in apps.get_models()
        if any(f.name == "history" and f.is_relation and f.related_model is history for f in m._meta.concrete_fields)
    ]


def archived_models() -> list[type[models.Model]]:
    """Every model the archive holds, in the order of ``data.json``: SCOPES, then their history."""
    live = [apps.get_model(label) for label in SCOPES]
    history = []
    for model in live:
        if (h := _history_model(model)) is not None:
            history += [h, *_m2m_history_models(h)]
    return live + history


def unclassified_models() -> list[str]:
    """Models with a foreign-key path to District that the archive neither holds nor leaves out on purpose."""
    district = apps.get_model("kecamatan.District")
    linked = {district}
    candidates = [m for m in apps.get_models() if not m._meta.proxy]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in linked:
                continue
            targets = {f.related_model for f in model._meta.get_fields() if f.is_relation and not f.auto_created}
            if targets & linked:
                linked.add(model)
                changed = True
    known = {_label(m) for m in archived_models()} | set(REFERENCE) | set(LEFT_OUT)
    return sorted(_label(m) for m in linked if _label(m) not in known)


def _scope_filter(label: str, district) -> Q:
    return reduce(or_, (Q(pk=district.pk) if path == "pk" else Q(**{path: district}) for path in SCOPES[label]))


def _collect(district) -> dict[str, set]:
    """The primary keys of the district's rows, per model label."""
    keys: dict[str, set] = {}
    live: dict[str, models.QuerySet] = {}
    for label in SCOPES:
        model = apps.get_model(label)
        live[label] = model._base_manager.filter(_scope_filter(label, district)).values("pk")
        keys[label] = set(live[label].values_list("pk", flat=True))
    threads = apps.get_model("alerts.CapMessage")._base_manager.filter(pk__in=keys["alerts.capmessage"])
    keys["alerts.capmessage"] |= set(threads.exclude(thread=None).values_list("thread_id", flat=True))
    for label in SCOPES:
        model = apps.get_model(label)
        history = _history_model(model)
        if history is None:
            continue
        # Rows of objects that still exist, and of deleted ones whose parent is the district's.
        rows = Q(id__in=model._base_manager.filter(pk__in=keys[label]).values("pk"))
        first_hop = SCOPES[label][0].split("__")[0]
        if first_hop != "pk":
            parent = model._meta.get_field(first_hop).related_model
            if any(f.name == first_hop for f in history._meta.concrete_fields):
                rows |= Q(**{f"{first_hop}__in": parent._base_manager.filter(pk__in=keys[_label(parent)]).values("pk")})
        keys[_label(history)] = set(history._base_manager.filter(rows).values_list("pk", flat=True))
        for m2m in _m2m_history_models(history):
            in_rows = m2m._base_manager.filter(history__in=history._base_manager.filter(rows).values("pk"))
            keys[_label(m2m)] = set(in_rows.values_list("pk", flat=True))
    return keys


# --- Export --------------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes to milliseconds; an archive keeps them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _NaturalKeys:
    """Natural keys of reference rows (and of users from other districts), looked up once."""

    def __init__(self):
        self.cache: dict[tuple[str, object], list] = {}
        self.used: dict[str, set] = defaultdict(set)

    def key(self, model: type[models.Model], pk) -> list:
        label = _label(model)
        if (label, pk) not in self.cache:
            obj = model._base_manager.get(pk=pk)
            fields = USER_KEY if label == USER else REFERENCE[label]
            self.cache[label, pk] = list(obj.natural_key()) if fields is None else [getattr(obj, f) for f in fields]
        self.used[label].add(tuple(self.cache[label, pk]))
        return self.cache[label, pk]


class _Exporter:
    def __init__(self, district, keys: dict[str, set]):
        self.district = district
        self.keys = keys
        self.natural = _NaturalKeys()
        self.dropped: Counter = Counter()
        self.media: set[str] = set()

    def _reference(self, row_label: str, field_name: str, target: type[models.Model], value, nullable: bool):
        """The value to write for a reference from an archived row to ``target``'s row ``value``."""
        target_label = _label(target)
        if target_label in REFERENCE:
            return self.natural.key(target, value)
        if value in self.keys.get(target_label, ()):
            return value
        if target_label == USER and target._base_manager.filter(pk=value).exists():
            return self.natural.key(target, value)
        if nullable:
            self.dropped[row_label, field_name, target_label] += 1
            return None
        raise ArchiveError(
            f"{row_label} {field_name} refers to {target_label} {value}, which is not {self.district.code}'s; "
            "the archive cannot hold it."
        )

    def row(self, model: type[models.Model], row: dict) -> dict:
        label, fields = _label(model), row["fields"]
        if label == "kecamatan.district":
            fields.pop("partners")
        for f in model._meta.concrete_fields:
            if f.is_relation and fields.get(f.name) is not None:
                fields[f.name] = self._reference(label, f.name, f.related_model, fields[f.name], f.null)
            elif isinstance(f, models.FileField) and fields.get(f.name):
                self.media.add(fields[f.name])
        for f in model._meta.many_to_many:
            if f.name in fields:
                values = [self._reference(label, f.name, f.related_model, v, True) for v in fields[f.name]]
                fields[f.name] = sorted((v for v in values if v is not None), key=json.dumps)
        base = getattr(model, "instance_type", model)  # a history row carries its object's generic references
        for generic in base._meta.private_fields:
            if isinstance(generic, GenericForeignKey):
                self._generic(label, fields, generic)
        return row

    def _generic(self, label: str, fields: dict, generic: GenericForeignKey) -> None:
        content_type = fields.get(generic.ct_field)
        if content_type is None:
            return
        ct_model = apps.get_model("contenttypes.ContentType")
        target = ct_model.objects.get_by_natural_key(*content_type).model_class()
        object_id = fields.get(generic.fk_field)
        pk = target._meta.pk.to_python(object_id) if target and object_id not in (None, "") else None
        if target is None or pk not in self.keys.get(_label(target), ()):
            self.dropped[label, generic.name, _label(target) if target else "?"] += 1
            fields[generic.ct_field], fields[generic.fk_field] = None, ""

    def rows(self, model: type[models.Model]) -> Iterator[dict]:
        """The model's archived rows by primary key, as serializer output ready for ``data.json``."""
        m2m = [f.name for f in model._meta.many_to_many]
        pks = sorted(self.keys[_label(model)])
        for start in range(0, len(pks), CHUNK):
            chunk = model._base_manager.filter(pk__in=pks[start : start + CHUNK]).order_by("pk").prefetch_related(*m2m)
            for row in serializers.serialize("python", chunk):
                yield self.row(model, row)


def _links(district) -> dict[str, list[str]]:
    return {
        "partners": sorted(district.partners.values_list("code", flat=True)),
        "partner_of": sorted(district.partner_of.values_list("code", flat=True)),
    }


def _applied_migrations(app_labels: Iterable[str]) -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    labels = set(app_labels)
    found = defaultdict(list)
    for app_label, name in sorted(applied):
        if app_label in labels:
            found[app_label].append(name)
    return dict(found)


def export_district(*, code: str, output: Path, progress: Progress = _quiet) -> ExportResult:
    """Write district ``code`` with its history and files to the zip ``output`` (which must not exist)."""
    District = apps.get_model("kecamatan.District")
    if unclassified := unclassified_models():
        raise ArchiveError(
            "These models refer to a district but the archive does not say what to do with them: "
            + ", ".join(unclassified)
            + ". Add them to SCOPES or LEFT_OUT in kencana/operations/archive.py."
        )
    output = Path(output)
    if output.exists():
        raise ArchiveError(f"{output} already exists; choose another file name.")
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=".export-", suffix=".zip")
    os.close(handle)
    try:
        if not connection.in_atomic_block and connection.vendor == "postgresql":
            # One snapshot for every query: rows written meanwhile do not half-appear.
            with transaction.atomic():
                connection.cursor().execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                manifest = _write(District, code, Path(temporary), progress)
        else:
            with transaction.atomic():
                manifest = _write(District, code, Path(temporary), progress)
        os.replace(temporary, output)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return ExportResult(path=output, manifest=manifest)


def _write(District, code: str, path: Path, progress: Progress) -> dict:
    district = District.objects.filter(code=code).first()
    if district is None:
        raise ArchiveError(f"No district with code {code}.")
    keys = _collect(district)
    exporter = _Exporter(district, keys)
    counts = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(DATA, "w") as data:
            data.write(b"[")
            first = True
            for model in archived_models():
                counts[_label(model)] = len(keys[_label(model)])
                for row in exporter.rows(model):
                    data.write(b"\n" if first else b",\n")
                    data.write(json.dumps(row, cls=_Encoder, ensure_ascii=False).encode())
                    first = False
                progress(f"{_label(model)}: {counts[_label(model)]}")
            data.write(b"\n]\n")
        media, missing = [], []
        for name in sorted(exporter.media):
            if not default_storage.exists(name):
                missing.append(name)
                continue
            digest, size = hashlib.sha256(), 0
            with default_storage.open(name, "rb") as source, archive.open(MEDIA_DIR + name, "w") as target:
                for chunk in iter(lambda: source.read(1 << 16), b""):
                    digest.update(chunk)
                    size += len(chunk)
                    target.write(chunk)
            media.append({"name": name, "size": size, "sha256": digest.hexdigest()})
        progress(f"media files: {len(media)}" + (f" ({len(missing)} missing on disk)" if missing else ""))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "district": {"code": district.code, "name": district.name},
            "exported_at": timezone.now().isoformat(),
            "counts": counts,
            "references": {
                label: sorted(list(k) for k in keys_used)
                for label, keys_used in sorted(exporter.natural.used.items())
                if label != USER
            },
            "external_users": sorted(k[0] for k in exporter.natural.used.get(USER, ())),
            "links": _links(district),
            "dropped": [
                {"model": m, "field": f, "target": t, "count": n, "reason": "refers outside the district"}
                for (m, f, t), n in sorted(exporter.dropped.items())
            ],
            "left_out": LEFT_OUT,
            "media": media,
            "missing_media": missing,
            "migrations": _applied_migrations({m._meta.app_label for m in archived_models()}),
        }
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


# --- Restore -------------------------------------------------------------------------------


@dataclass
class _Archive:
    manifest: dict
    rows: list[dict]
    zip: zipfile.ZipFile


def _open(path: Path) -> _Archive:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise ArchiveError(f"{path} is not a zip archive: {error}") from error
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError as error:
        raise ArchiveError(f"{path} has no {MANIFEST}: not a Kencana district archive.") from error
    except ValueError as error:
        raise ArchiveError(f"{path}: {MANIFEST} is not valid JSON.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{path} is not a Kencana district archive.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"{path} has archive format version {manifest.get('format_version')}; "
            f"this Kencana reads version {FORMAT_VERSION}."
        )
    try:
        rows = json.loads(archive.read(DATA))
    except (KeyError, ValueError) as error:
        raise ArchiveError(f"{path}: {DATA} is missing or not valid JSON.") from error
    if not isinstance(rows, list) or not all(
        isinstance(r, dict) and {"model", "pk", "fields"} <= r.keys() for r in rows
    ):
        raise ArchiveError(f"{path}: {DATA} does not hold serialized rows.")
    for row in rows:
        row["model"] = MOVED.get(row["model"], row["model"])
    return _Archive(manifest=manifest, rows=rows, zip=archive)


class _Resolver:
    """Natural keys of the archive → primary keys of this database."""

    def __init__(self):
        self.cache: dict[tuple[str, tuple], object] = {}
        self.unlinked_users: set[str] = set()

    def pk(self, model: type[models.Model], key: Iterable) -> object | None:
        label, key = _label(model), tuple(key)
        if (label, key) not in self.cache:
            fields = USER_KEY if label == USER else REFERENCE.get(label)
            manager = model._base_manager
            if fields is None:
                try:
                    found = model._default_manager.get_by_natural_key(*key).pk
                except model.DoesNotExist:
                    found = None
            else:
                found = manager.filter(**dict(zip(fields, key, strict=True))).values_list("pk", flat=True).first()
            self.cache[label, key] = found
        return self.cache[label, key]


def _resolve_rows(rows: list[dict], resolver: _Resolver) -> list[str]:
    """Natural keys replaced by this database's keys, in place; the problems that block the restore."""
    problems = []
    for row in rows:
        model = apps.get_model(row["model"])
        fields = row["fields"]
        relations = [f for f in model._meta.concrete_fields if f.is_relation] + list(model._meta.many_to_many)
        for f in relations:
            value = fields.get(f.name)
            values = value if f.many_to_many else [value]
            resolved = []
            for v in values or []:
                if not isinstance(v, list):
                    resolved.append(v)
                    continue
                pk = resolver.pk(f.related_model, v)
                if pk is None and _label(f.related_model) == USER and (f.null or f.many_to_many):
                    resolver.unlinked_users.add(v[0])
                elif pk is None:
                    what = "user" if _label(f.related_model) == USER else _label(f.related_model)
                    problems.append(f"{row['model']} {row['pk']}: {f.name} needs {what} {'/'.join(map(str, v))}")
                resolved.append(pk)
            if f.many_to_many:
                fields[f.name] = [v for v in resolved if v is not None]
            elif value is not None:
                fields[f.name] = resolved[0]
    return problems


def _conflicts(rows: list[dict], archived: set[str]) -> list[str]:
    """Rows of the archive that this database already holds: the same key, or the same unique value."""
    by_model: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_model[row["model"]].append(row)
    conflicts = []
    for label, group in by_model.items():
        model = apps.get_model(label)
        manager = model._base_manager
        pks = [model._meta.pk.to_python(r["pk"]) for r in group]
        for start in range(0, len(pks), CHUNK):
            taken = list(manager.filter(pk__in=pks[start : start + CHUNK]).values_list("pk", flat=True)[:5])
            if taken:
                conflicts.append(f"{label} with id {', '.join(map(str, taken))}")
                break
        for fields in _unique_sets(model, archived):
            for start in range(0, len(group), CHUNK):
                wanted = [
                    Q(**{f.attname: r["fields"].get(f.name) for f in fields})
                    for r in group[start : start + CHUNK]
                    if all(r["fields"].get(f.name) not in (None, "") for f in fields)
                ]
                taken = (
                    manager.filter(reduce(or_, wanted)).values_list(*(f.attname for f in fields))[:5] if wanted else []
                )
                if taken:
                    names = "/".join(f.name for f in fields)
                    conflicts.append(f"{label} {names} {', '.join('/'.join(map(str, t)) for t in taken)}")
                    break
    return conflicts


def _unique_sets(model: type[models.Model], archived: set[str]) -> list[list[models.Field]]:
    """Unique fields and unconditional unique constraints that a new district's rows could collide on.

    A set holding a reference to an archived row cannot collide once primary keys do not.
    """
    sets = [[f] for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    sets += [[model._meta.get_field(n) for n in names] for names in model._meta.unique_together]
    sets += [
        [model._meta.get_field(n) for n in c.fields]
        for c in model._meta.total_unique_constraints
        if c.fields and c.condition is None
    ]
    return [s for s in sets if not any(f.is_relation and _label(f.related_model) in archived for f in s)]


def _media_names(rows: list[dict], manifest: dict) -> list[str]:
    listed = {m["name"] for m in manifest.get("media", [])} | set(manifest.get("missing_media", []))
    names = set()
    for row in rows:
        model = apps.get_model(row["model"])
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField) and row["fields"].get(f.name):
                names.add(row["fields"][f.name])
    for name in names:
        try:
            validate_file_name(name, allow_relative_path=True)
        except SuspiciousFileOperation as error:
            raise ArchiveError(f"The archive names an unsafe file path: {name}") from error
        if name not in listed:
            raise ArchiveError(f"{name} is referred to by a row but not listed in {MANIFEST}.")
    return sorted(n for n in names if n not in set(manifest.get("missing_media", [])))


def _check(archive: _Archive, resolver: _Resolver) -> None:
    """Everything that would make the restore fail or collide, before anything is written."""
    manifest, rows = archive.manifest, archive.rows
    archived = {_label(m) for m in archived_models()}
    code = manifest.get("district", {}).get("code")
    foreign = sorted({r.get("model") for r in rows if r.get("model") not in archived}, key=str)
    if foreign:
        raise ArchiveError(f"The archive holds rows a district archive cannot: {', '.join(map(str, foreign))}.")
    districts = [r for r in rows if r["model"] == "kecamatan.district"]
    if len(districts) != 1 or districts[0]["fields"].get("code") != code:
        raise ArchiveError(f"The archive's data does not hold district {code} as its manifest says.")
    if apps.get_model("kecamatan.District").objects.filter(code=code).exists():
        raise ArchiveError(f"District {code} already exists in this database; nothing was restored.")
    applied = _applied_migrations(manifest.get("migrations", {}))
    newer = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if name not in applied.get(app, [])
    ]
    if newer:
        raise ArchiveError(
            "The archive comes from a newer Kencana; run `migrate` after upgrading first. Not applied here: "
            + ", ".join(newer[:10])
        )
    missing = _resolve_rows(rows, resolver)
    if missing:
        raise ArchiveError(
            "Reference data or accounts the archive needs are missing here: " + "; ".join(sorted(set(missing))[:20])
        )
    if conflicts := _conflicts(rows, archived):
        raise ArchiveError("This database already holds rows of the archive: " + "; ".join(conflicts[:20]))
    for name in _media_names(rows, manifest):
        if default_storage.exists(name):
            raise ArchiveError(f"The file {name} already exists in the media storage.")


def _media_bytes(archive: _Archive, name: str) -> bytes:
    expected = {m["name"]: m for m in archive.manifest.get("media", [])}[name]
    try:
        content = archive.zip.read(MEDIA_DIR + name)
    except KeyError as error:
        raise ArchiveError(f"The archive lacks the file {name} its manifest lists.") from error
    if hashlib.sha256(content).hexdigest() != expected["sha256"]:
        raise ArchiveError(f"The file {name} in the archive is damaged (checksum differs).")
    return content


def restore_district(*, path: Path, progress: Progress = _quiet) -> RestoreResult:
    """Load an archive written by :func:`export_district` into this database, all or nothing."""
    archive = _open(Path(path))
    resolver = _Resolver()
    _check(archive, resolver)
    manifest, rows = archive.manifest, archive.rows
    code = manifest["district"]["code"]
    by_model: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_model[row["model"]].append(row)
    restored = [m for m in archived_models() if _label(m) in by_model]
    counts = {label: len(group) for label, group in by_model.items()}
    media = _media_names(rows, manifest)
    written: list[str] = []
    result = RestoreResult(district_code=code, counts=counts, media_files=len(media))
    try:
        # Files first, outside the transaction (they are checked to be new names); the rows
        # follow in one transaction, and a failure there removes the files again.
        for name in media:
            content = _media_bytes(archive, name)
            saved = default_storage.save(name, ContentFile(content))
            written.append(saved)
            if saved != name:
                raise ArchiveError(f"The file {name} could not be written under its own name.")
        progress(f"media files: {len(media)}")
        with transaction.atomic():
            for model in restored:
                group = by_model[_label(model)]
                for obj in serializers.deserialize("python", group):
                    # Raw saves skip every post_save receiver that checks ``raw`` (simple-history
                    # does); its many-to-many receiver does not, so it is told to skip.
                    obj.object.skip_history_when_saving = True
                    obj.save(force_insert=True)
                progress(f"{_label(model)}: {len(group)}")
            district = apps.get_model("kecamatan.District").objects.get(code=code)
            _restore_links(district, manifest.get("links", {}), result)
            connection.check_constraints(table_names=[m._meta.db_table for m in restored])
            with connection.cursor() as cursor:
                # Keys were written explicitly: sequences must move past them (PostgreSQL).
                for statement in connection.ops.sequence_reset_sql(no_style(), restored):
                    cursor.execute(statement)
            # Rows written around the services: pages a cache kept for these ids before are dropped.
            events.records_changed.announce(district_ids=None)
    except (DatabaseError, serializers.base.DeserializationError) as error:
        _remove(written)
        raise ArchiveError(f"The archive's rows could not be loaded; nothing was restored. {error}") from error
    except BaseException:
        _remove(written)
        raise
    result.users_unlinked = sorted(resolver.unlinked_users)
    return result


def _restore_links(district, links: dict, result: RestoreResult) -> None:
    """Partnerships with districts present here; the others are reported, not fatal."""
    District = type(district)
    for direction in ("partners", "partner_of"):
        for code in links.get(direction, []):
            other = District.objects.filter(code=code).first()
            if other is None:
                result.partners_missing.append(code)
                continue
            if direction == "partners":
                district.partners.add(other)
            else:
                other.partners.add(district)
            result.partners_linked.append(code)
    result.partners_linked = sorted(set(result.partners_linked))
    result.partners_missing = sorted(set(result.partners_missing))


def _remove(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
