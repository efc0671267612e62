"""Importers for boundaries (GeoJSON) and Kemendagri region codes (CSV).

Both are all-or-nothing: every feature or row is checked first, and only a file
with no error is written, in one transaction. The first error names the feature
or row and says what is wrong with it.
"""

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kencana.core import events
from kencana.core.tables import read_csv

from .geometry import GeometryError, geometry_fields, parse_polygonal
from .models import Desa, District, Kecamatan, Province

Progress = Callable[[int, int], None]

# Property conventions seen in public boundary files: (code field, name field).
CONVENTIONS = [
    ("kode", "nama"),  # Kemendagri-keyed files
    ("ADM4_PCODE", "ADM4_EN"),  # HDX COD-AB
    ("ADM3_PCODE", "ADM3_EN"),
    ("ADM2_PCODE", "ADM2_EN"),
    ("shapeID", "shapeName"),  # geoBoundaries
]

LEVELS = {
    "kabupaten": {"model": District, "pattern": r"^\d{2}\.\d{2}$", "digits": (2, 2), "parent": Province},
    "kecamatan": {"model": Kecamatan, "pattern": r"^\d{2}\.\d{2}\.\d{2}$", "digits": (2, 2, 2), "parent": District},
    "desa": {"model": Desa, "pattern": r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", "digits": (2, 2, 2, 4), "parent": Kecamatan},
}
PARENT_FIELD = {District: "province", Kecamatan: "district", Desa: "kecamatan"}


# Every desa and kelurahan of the country fits (about 84,000).
REGION_CODES_MAX_ROWS = 150_000


class ImportRefused(Exception):
    """The file was refused; nothing was changed. The message says why."""


@dataclass
class ImportReport:
    level: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    repaired: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False


def normalize_code(raw: object, level: str) -> str | None:
    """A Kemendagri code with dots for this level, or None if ``raw`` is not one.

    Accepts the dotted form (``63.11.06``) and the bare digits (``631106``).
    """
    text = str(raw or "").strip()
    spec = LEVELS[level]
    if re.match(spec["pattern"], text):
        return text
    if text.isdigit() and len(text) == sum(spec["digits"]):
        parts, start = [], 0
        for width in spec["digits"]:
            parts.append(text[start : start + width])
            start += width
        return ".".join(parts)
    return None


def parent_code(code: str) -> str:
    return code.rsplit(".", 1)[0]


def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"^(kabupaten|kab\.?|kota|kecamatan|kec\.?)\s+", "", text.strip())
    return re.sub(r"[^a-z0-9]", "", text)


def detect_fields(features: list[dict], code_field: str | None, name_field: str | None) -> tuple[str, str]:
    if code_field and name_field:
        return code_field, name_field
    first = next((f.get("properties") or {} for f in features if isinstance(f, dict)), {})
    for code_key, name_key in CONVENTIONS:
        if (code_field or code_key) in first or (name_field or name_key) in first:
            return code_field or code_key, name_field or name_key
    keys = ", ".join(sorted(first)) or _("none")
    raise ImportRefused(
        _(
            "Cannot tell which properties hold the code and the name (properties: %(keys)s); use --code-field and --name-field."
        )
        % {"keys": keys}
    )


def _load_feature_collection(data: bytes | str | dict) -> list:
    if isinstance(data, (bytes, str)):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ImportRefused(_("The file is not JSON: %(error)s") % {"error": exc}) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportRefused(_("The file is not a GeoJSON FeatureCollection."))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ImportRefused(_("The FeatureCollection has no features."))
    return features


@dataclass
class _Row:
    code: str
    name: str
    geometry_fields: dict
    existing: object | None
    parent: object | None


def boundaries_import(
    *,
    data: bytes | str | dict,
    level: str = "kecamatan",
    code_field: str | None = None,
    name_field: str | None = None,
    district_code: str | None = None,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import polygons of one level from a GeoJSON FeatureCollection.

    Features are keyed by their Kemendagri code. Files whose codes are not
    Kemendagri codes (geoBoundaries, HDX) are matched by name to rows that already
    exist, within ``district_code`` when given; a name that matches nothing, or more
    than one row, refuses the file.
    """
    if level not in LEVELS:
        raise ImportRefused(_("Unknown level %(level)s.") % {"level": level})
    spec = LEVELS[level]
    model, parent_model = spec["model"], spec["parent"]
    features = _load_feature_collection(data)
    code_key, name_key = detect_fields(features, code_field, name_field)

    existing = _existing_by_code(model, district_code)
    by_name = _index_by_name(existing.values())
    parents = {p.code: p for p in parent_model.objects.all()}

    rows: dict[str, _Row] = {}
    report = ImportReport(level=level, dry_run=dry_run)
    total = len(features)
    for number, feature in enumerate(features, start=1):
        label = _feature_label(number, feature, code_key, name_key)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ImportRefused(_("%(feature)s is not a GeoJSON Feature.") % {"feature": label})
        props = feature.get("properties") or {}
        name = str(props.get(name_key) or "").strip()
        code = normalize_code(props.get(code_key), level)
        if code is None:
            code = _code_by_name(name, by_name, label, props.get(code_key))
        if not name:
            raise ImportRefused(
                _("%(feature)s has no name in property %(field)s.") % {"feature": label, "field": name_key}
            )
        if code in rows:
            raise ImportRefused(_("%(feature)s repeats code %(code)s.") % {"feature": label, "code": code})
        parent = parents.get(parent_code(code))
        if parent is None:
            raise ImportRefused(
                _("%(feature)s: its parent %(kind)s %(code)s is unknown; import that level first.")
                % {"feature": label, "kind": parent_model._meta.verbose_name, "code": parent_code(code)}
            )
        if district_code and not code.startswith(district_code + "."):
            raise ImportRefused(
                _("%(feature)s: code %(code)s is not in district %(district)s.")
                % {"feature": label, "code": code, "district": district_code}
            )
        try:
            geom, note = parse_polygonal(feature.get("geometry"))
        except GeometryError as exc:
            raise ImportRefused(_("%(feature)s: %(error)s.") % {"feature": label, "error": exc}) from exc
        if note:
            report.repaired.append((code, note))
        rows[code] = _Row(code, _clean_name(name, level), geometry_fields(geom), existing.get(code), parent)
        if progress:
            progress(number, total)

    for row in rows.values():
        (report.updated if row.existing else report.created).append(row.code)
    if not dry_run:
        _write_boundaries(model, rows.values(), source)
    return report


def _existing_by_code(model, district_code: str | None) -> dict:
    qs = model.objects.all()
    if district_code:
        qs = qs.filter(code__startswith=district_code + ".")
    return {obj.code: obj for obj in qs}


def _index_by_name(objects: Iterable) -> dict[str, list]:
    index: dict[str, list] = {}
    for obj in objects:
        index.setdefault(_name_key(obj.name), []).append(obj)
    return index


def _code_by_name(name: str, by_name: dict, label: str, raw_code: object) -> str:
    matches = by_name.get(_name_key(name), []) if name else []
    if len(matches) == 1:
        return matches[0].code
    if not matches:
        raise ImportRefused(
            _("%(feature)s: %(code)s is not a Kemendagri code and its name matches no known area.")
            % {"feature": label, "code": raw_code or _("(no code)")}
        )
    raise ImportRefused(
        _("%(feature)s: the name matches several areas (%(codes)s); pass --district.")
        % {"feature": label, "codes": ", ".join(m.code for m in matches)}
    )


def _feature_label(number: int, feature: object, code_key: str, name_key: str) -> str:
    props = feature.get("properties") or {} if isinstance(feature, dict) else {}
    if not isinstance(props, dict):
        props = {}
    bits = [str(props[k]) for k in (code_key, name_key) if props.get(k)]
    return _("Feature %(number)s") % {"number": number} + (f" ({' '.join(bits)})" if bits else "")


def _clean_name(name: str, level: str) -> str:
    if level == "kabupaten":
        return re.sub(r"^(Kabupaten|Kab\.|Kota)\s+", "", name.strip())
    return name.strip()


def _district_kind(name: str) -> str:
    return District.Kind.KOTA if name.strip().lower().startswith("kota") else District.Kind.KABUPATEN


@transaction.atomic
def _write_boundaries(model, rows: Iterable[_Row], source: str) -> None:
    parent_field = PARENT_FIELD[model]
    for row in rows:
        values = {**row.geometry_fields, "boundary_approximate": False, "boundary_source": source[:200]}
        if row.existing:
            for key, value in values.items():
                setattr(row.existing, key, value)
            row.existing.save()
            continue
        extra = {parent_field: row.parent}
        if model is District:
            extra["timezone"] = row.parent.timezone
        elif model is Desa:
            extra["kind"] = Desa.kind_from_code(row.code)
        model.objects.create(code=row.code, name=row.name, **values, **extra)
    events.territory_changed.announce(district_ids=None)


# --- Kemendagri region codes (CSV) ------------------------------------------------


@dataclass
class RegionCodeReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False


def _level_of(code: str) -> str | None:
    for level in LEVELS:
        if re.match(LEVELS[level]["pattern"], code):
            return level
    return None


def region_codes_import(
    *, data: bytes | str, dry_run: bool = False, progress: Progress | None = None
) -> RegionCodeReport:
    """Create or rename districts, kecamatan and desa from a ``kode,nama`` CSV.

    Rows may come in any order; a row's parent must be in the file or the database.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRefused(_("The file is not UTF-8 text: %(error)s") % {"error": exc}) from exc
    try:
        table = read_csv(data, delimiter=",", max_rows=REGION_CODES_MAX_ROWS)
    except ValidationError as exc:
        raise ImportRefused(" ".join(exc.messages)) from exc
    header = table[0] if table else []
    missing = {"kode", "nama"} - set(header)
    if missing:
        raise ImportRefused(_("The CSV lacks the columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))})
    parsed: dict[str, tuple[str, str, int]] = {}
    rows = [dict(zip(header, cells, strict=False)) for cells in table[1:]]
    for line, row in enumerate(rows, start=2):
        code, name = (row.get("kode") or "").strip(), (row.get("nama") or "").strip()
        level = _level_of(code)
        if level is None:
            raise ImportRefused(
                _("Row %(line)s: kode %(code)r is not a Kemendagri district, kecamatan or desa code.")
                % {"line": line, "code": code}
            )
        if not name:
            raise ImportRefused(_("Row %(line)s: nama is empty.") % {"line": line})
        if code in parsed:
            raise ImportRefused(_("Row %(line)s: kode %(code)s appears twice.") % {"line": line, "code": code})
        parsed[code] = (level, name, line)

    known = {
        **{p.code: p for p in Province.objects.all()},
        **{d.code: d for d in District.objects.all()},
        **{k.code: k for k in Kecamatan.objects.all()},
    }
    for code, (level, _name, line) in parsed.items():
        if level != "desa" and code in known:
            continue
        if parent_code(code) not in known and parent_code(code) not in parsed:
            raise ImportRefused(
                _("Row %(line)s: the parent %(parent)s of %(code)s is neither in the file nor known.")
                % {"line": line, "parent": parent_code(code), "code": code}
            )
    known.update({d.code: d for d in Desa.objects.filter(code__in=list(parsed))})
    report = RegionCodeReport(dry_run=dry_run)
    if not dry_run:
        _write_region_codes(parsed, known, report, progress)
    else:
        for code, (level, _name, _line) in parsed.items():
            bucket = report.updated if code in known else report.created
            bucket[level] = bucket.get(level, 0) + 1
    return report


@transaction.atomic
def _write_region_codes(parsed: dict, known: dict, report: RegionCodeReport, progress: Progress | None) -> None:
    ordered = sorted(parsed.items(), key=lambda item: (len(item[0]), item[0]))  # parents first
    total = len(ordered)
    for number, (code, (level, name, _line)) in enumerate(ordered, start=1):
        model = LEVELS[level]["model"]
        parent = known[parent_code(code)]
        defaults = {"name": _clean_name(name, level), PARENT_FIELD[model]: parent}
        if model is District:
            defaults["kind"] = _district_kind(name)
        elif model is Desa:
            defaults["kind"] = Desa.kind_from_code(code)
        obj = known.get(code)
        if obj is None:
            if model is District:
                defaults["timezone"] = parent.timezone
            known[code] = model.objects.create(code=code, **defaults)
            report.created[level] = report.created.get(level, 0) + 1
        else:
            for key, value in defaults.items():
                setattr(obj, key, value)
            obj.save()
            report.updated[level] = report.updated.get(level, 0) + 1
        if progress:
            progress(number, total)
    events.territory_changed.announce(district_ids=None)
