"""Changes to risk profiles (edits by BPBD staff, imports from CSV/XLSX, a district's class cut-offs)
and to the school registry of the desa.

Imports are all-or-nothing: every row is checked first and the errors name the row
and the column; only a file without errors is written, in one transaction.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import events
from kencana.core.tables import read_csv, read_xlsx

from .importers import normalize_code
from .models import Desa, District, Hazard, Kecamatan, RiskProfile, RiskSettings, School
from .risk import THREE_PLACES, parse_season

COLUMNS = (
    "kecamatan_code",
    "hazard_code",
    "hazard",
    "vulnerability",
    "capacity",
    "exposed_population",
    "season",
    "source",
    "year",
)
MAX_ERRORS_SHOWN = 50
YEAR_RANGE = (1990, 2100)


def _require_risk_editor(by, district_id: int) -> None:
    require(permissions.may_edit_risk(by, district_id), _("Only BPBD staff of this district edit risk profiles."))


def parse_index(value: object) -> Decimal:
    """A 0–1 index from text such as ``0.45`` or ``0,45`` (rounded to three places); ValueError otherwise."""
    text = str(value if value is not None else "").strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite() or number < 0 or number > 1:
        raise ValueError(text)
    return number.quantize(THREE_PLACES, rounding=ROUND_HALF_UP)


def _check_profile_values(
    *, hazard_index, vulnerability_index, capacity_index, exposed_population, season_months, year
) -> dict:
    errors = {}
    for field, value in (
        ("hazard_index", hazard_index),
        ("vulnerability_index", vulnerability_index),
        ("capacity_index", capacity_index),
    ):
        try:
            parse_index(value)
        except ValueError:
            errors[field] = _("An index is a number from 0 to 1.")
    if exposed_population is not None and exposed_population < 0:
        errors["exposed_population"] = _("The exposed population cannot be negative.")
    if any(not isinstance(m, int) or not 1 <= m <= 12 for m in season_months):
        errors["season_months"] = _("Months are numbers from 1 to 12.")
    if year is not None and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        errors["year"] = _("The year must be between %(first)s and %(last)s.") % {
            "first": YEAR_RANGE[0],
            "last": YEAR_RANGE[1],
        }
    return errors


@transaction.atomic
def risk_profile_save(
    *,
    by,
    kecamatan: Kecamatan,
    hazard: Hazard,
    hazard_index: Decimal,
    vulnerability_index: Decimal,
    capacity_index: Decimal,
    exposed_population: int | None = None,
    season_months: Iterable[int] = (),
    source: str = "",
    year: int | None = None,
    new: bool = False,
) -> RiskProfile:
    """Create or update the kecamatan's profile for this hazard (one per hazard).

    ``new``: the person is adding a hazard, not editing one; a profile that already exists for
    it is refused (code "exists"), never silently replaced.
    """
    _require_risk_editor(by, kecamatan.district_id)
    season_months = list(season_months)
    errors = _check_profile_values(
        hazard_index=hazard_index,
        vulnerability_index=vulnerability_index,
        capacity_index=capacity_index,
        exposed_population=exposed_population,
        season_months=season_months,
        year=year,
    )
    if errors:
        raise ValidationError(errors)
    profile = RiskProfile.objects.select_for_update().filter(kecamatan=kecamatan, hazard=hazard).first()
    if profile is not None and new:
        raise ValidationError(
            {
                "hazard": ValidationError(
                    _("%(kecamatan)s already has a risk profile for %(hazard)s: edit that profile instead.")
                    % {"kecamatan": kecamatan.name, "hazard": hazard.name},
                    code="exists",
                )
            }
        )
    profile = profile or RiskProfile(kecamatan=kecamatan, hazard=hazard)
    profile.hazard_index = parse_index(hazard_index)
    profile.vulnerability_index = parse_index(vulnerability_index)
    profile.capacity_index = parse_index(capacity_index)
    profile.exposed_population = exposed_population
    profile.season_months = season_months
    profile.source, profile.year = source.strip(), year
    profile._history_user = by
    profile.save()
    events.risk_changed.announce(district_id=kecamatan.district_id)
    return profile


@transaction.atomic
def risk_profile_delete(*, by, profile: RiskProfile) -> None:
    _require_risk_editor(by, profile.kecamatan.district_id)
    profile._history_user = by
    profile.delete()
    events.risk_changed.announce(district_id=profile.kecamatan.district_id)


@transaction.atomic
def risk_settings_update(*, by, district: District, low_upper: Decimal, medium_upper: Decimal) -> RiskSettings:
    """Set the district's class cut-offs and reclassify its profiles with them."""
    require(
        permissions.may_change_risk_settings(by, district.pk),
        _("Only a BPBD admin of this district sets the risk class cut-offs."),
    )
    low_upper, medium_upper = Decimal(low_upper), Decimal(medium_upper)
    if not (0 < low_upper < medium_upper <= 1):
        raise ValidationError(_("The cut-offs must satisfy 0 < low/medium < medium/high ≤ 1."))
    current = RiskSettings.objects.filter(district=district).first() or RiskSettings(district=district)
    if (current.low_upper, current.medium_upper) == (low_upper, medium_upper):
        return current  # nothing to change: no row written, no profile reclassified
    settings, _created = RiskSettings.objects.update_or_create(
        district=district, defaults={"low_upper": low_upper, "medium_upper": medium_upper}
    )
    for profile in RiskProfile.objects.select_for_update().filter(kecamatan__district=district).order_by("pk"):
        profile._history_user = by
        profile.save()
    events.risk_changed.announce(district_id=district.pk)
    return settings


# --- Import ---------------------------------------------------------------------------


@dataclass
class RiskImportResult:
    created: int
    updated: int


@dataclass
class _ParsedRow:
    kecamatan: Kecamatan
    hazard: Hazard
    values: dict


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> list[list[str]]:
    return [[_cell_text(cell) for cell in row] for row in read_xlsx(data)]


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on office PCs often save CSV in the Windows code page.
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return read_csv(text, delimiter=delimiter)


def read_table(*, data: bytes) -> list[list[str]]:
    """Rows of cells from a CSV (comma, semicolon or tab) or XLSX file, told apart by content."""
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(_("Old Excel files (.xls) are not read: save the sheet as .xlsx or .csv."))
    if b"\x00" in data:
        raise ValidationError(_("The file is neither CSV nor XLSX."))
    return _read_csv(data)


def _hazard_lookup() -> dict[str, Hazard]:
    """Hazards by code, Indonesian and English name and local names, lower-cased."""
    lookup = {}
    for hazard in Hazard.objects.all():
        names = [hazard.name_id, hazard.name_en, *hazard.aliases.split("|")]
        for name in names:
            if name.strip():
                lookup.setdefault(name.strip().lower(), hazard)
    for hazard in Hazard.objects.all():
        lookup[hazard.code.lower()] = hazard  # codes win over names
    return lookup


def _parse_count(text: str) -> int | None:
    if not text:
        return None
    compact = text.replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", compact):
        compact = re.sub(r"[.,]", "", compact)
    if not compact.isdigit():
        raise ValueError(text)
    return int(compact)


def _parse_year(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or not YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]:
        raise ValueError(text)
    return int(text)


def _parse_row(cells: dict[str, str], *, kecamatan_by_code, hazards, district) -> tuple[_ParsedRow | None, list]:
    """The row's values, or the list of (column, message) that is wrong with it."""
    errors: list[tuple[str, str]] = []
    values: dict = {}
    code = normalize_code(cells["kecamatan_code"], "kecamatan")
    kecamatan = kecamatan_by_code.get(code) if code else None
    if kecamatan is None:
        errors.append(
            (
                "kecamatan_code",
                _("%(code)r is not a kecamatan code of %(district)s.")
                % {"code": cells["kecamatan_code"], "district": district.display_name},
            )
        )
    hazard = hazards.get(cells["hazard_code"].lower())
    if hazard is None:
        errors.append(("hazard_code", _("%(code)r is not in the hazard catalogue.") % {"code": cells["hazard_code"]}))
    for column, field in (
        ("hazard", "hazard_index"),
        ("vulnerability", "vulnerability_index"),
        ("capacity", "capacity_index"),
    ):
        try:
            values[field] = parse_index(cells[column])
        except ValueError:
            errors.append((column, _("%(value)r is not a number from 0 to 1.") % {"value": cells[column]}))
    try:
        values["exposed_population"] = _parse_count(cells["exposed_population"])
    except ValueError:
        errors.append(
            (
                "exposed_population",
                _("%(value)r is not a whole number of people.") % {"value": cells["exposed_population"]},
            )
        )
    try:
        values["season_months"] = parse_season(cells["season"])
    except ValueError:
        errors.append(
            (
                "season",
                _("%(value)r is not a season: write month numbers 1–12 as ranges or lists, e.g. 5-10 or 11-12,1-3.")
                % {"value": cells["season"]},
            )
        )
    if len(cells["source"]) > 200:
        errors.append(("source", _("The source is longer than 200 characters.")))
    values["source"] = cells["source"]
    try:
        values["year"] = _parse_year(cells["year"])
    except ValueError:
        errors.append(
            (
                "year",
                _("%(value)r is not a year between %(first)s and %(last)s.")
                % {"value": cells["year"], "first": YEAR_RANGE[0], "last": YEAR_RANGE[1]},
            )
        )
    if errors:
        return None, errors
    return _ParsedRow(kecamatan=kecamatan, hazard=hazard, values=values), []


def _check_header(header: list[str]) -> None:
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in COLUMNS]
    duplicated = sorted({c for c in header if c and header.count(c) > 1})
    problems = []
    if missing:
        problems.append(_("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
    if duplicated:
        problems.append(_("repeated columns: %(columns)s") % {"columns": ", ".join(duplicated)})
    if problems:
        raise ValidationError(
            _("Row 1 (the header) must have exactly the columns %(columns)s; %(problems)s.")
            % {"columns": ", ".join(COLUMNS), "problems": "; ".join(problems)}
        )


def risk_profiles_import(*, district: District, data: bytes, by=None) -> RiskImportResult:
    """Create or update profiles, one per (kecamatan, hazard), from a CSV or XLSX file.

    Every kecamatan must belong to ``district``; ``by`` is the importing user (None
    for the management command, which names the district itself). Any error refuses
    the whole file; the ValidationError lists each error as "Row N, column C: …".
    """
    if by is not None:
        _require_risk_editor(by, district.pk)
    table = read_table(data=data)
    if not table or not any(table[0]):
        raise ValidationError(_("The file is empty."))
    header = [cell.strip().lower() for cell in table[0]]
    _check_header(header)
    kecamatan_by_code = {k.code: k for k in Kecamatan.objects.filter(district=district).only("pk", "code", "name")}
    hazards = _hazard_lookup()

    parsed: list[_ParsedRow] = []
    errors: list[str] = []
    first_row_of: dict[tuple[int, int], int] = {}
    for number, raw in enumerate(table[1:], start=2):
        if not any(raw):
            continue
        cells = {column: (raw[i] if i < len(raw) else "") for i, column in enumerate(header) if column}
        row, row_errors = _parse_row(cells, kecamatan_by_code=kecamatan_by_code, hazards=hazards, district=district)
        if row is not None:
            key = (row.kecamatan.pk, row.hazard.pk)
            if key in first_row_of:
                row_errors = [
                    (
                        "hazard_code",
                        _("this kecamatan and hazard already appear in row %(row)s.") % {"row": first_row_of[key]},
                    )
                ]
            first_row_of.setdefault(key, number)
        for column, message in row_errors:
            errors.append(
                _("Row %(row)s, column %(column)s: %(message)s") % {"row": number, "column": column, "message": message}
            )
        if not row_errors:
            parsed.append(row)
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(_("… and %(count)s more errors.") % {"count": len(errors) - MAX_ERRORS_SHOWN})
        raise ValidationError(shown)
    if not parsed:
        raise ValidationError(_("The file has a header but no rows."))
    return _write_rows(district=district, rows=parsed, by=by)


@transaction.atomic
def _write_rows(*, district: District, rows: list[_ParsedRow], by) -> RiskImportResult:
    existing = {
        (p.kecamatan_id, p.hazard_id): p
        for p in RiskProfile.objects.select_for_update().filter(kecamatan__district=district).order_by("pk")
    }
    created = updated = 0
    for row in rows:
        profile = existing.get((row.kecamatan.pk, row.hazard.pk))
        if profile is None:
            profile = RiskProfile(kecamatan=row.kecamatan, hazard=row.hazard)
            created += 1
        else:
            updated += 1
        for field, value in row.values.items():
            setattr(profile, field, value)
        profile._history_user = by
        profile.save()
    events.risk_changed.announce(district_id=district.pk)
    return RiskImportResult(created=created, updated=updated)


# --- The school registry ------------------------------------------------------------

NPSN = re.compile(r"^[0-9]{8}$")
LATITUDE_RANGE = (-11.5, 6.5)  # Indonesia, Rote to Weh, with a margin
LONGITUDE_RANGE = (94.5, 141.5)  # Sabang to Merauke
MAX_PUPILS = 20_000


def _require_school_keeper(by, desa: Desa) -> None:
    require(
        permissions.may_manage_schools(by, desa),
        _("Only BPBD staff of the district or the kecamatan's officer keep its schools."),
    )


def _check_school(*, school: School | None, name: str, npsn: str, pupils, latitude, longitude) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors.setdefault("name", []).append(_("Give the school's name."))
    if not NPSN.match(npsn):
        errors.setdefault("npsn", []).append(_("The NPSN has exactly 8 digits."))
    elif School.objects.filter(npsn=npsn).exclude(pk=school.pk if school else None).exists():
        errors.setdefault("npsn", []).append(_("Another school already has NPSN %(npsn)s.") % {"npsn": npsn})
    if pupils is not None and not 0 <= pupils <= MAX_PUPILS:
        errors.setdefault("pupils", []).append(_("Enter a number of pupils from 0 to %(max)s.") % {"max": MAX_PUPILS})
    if (latitude is None) != (longitude is None):
        errors.setdefault("latitude", []).append(_("Give both the latitude and the longitude, or neither."))
    elif latitude is not None:
        if not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
            errors.setdefault("latitude", []).append(_("The latitude is not in Indonesia (-11.5 to 6.5)."))
        if not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
            errors.setdefault("longitude", []).append(_("The longitude is not in Indonesia (94.5 to 141.5)."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def school_save(
    *,
    by,
    desa: Desa,
    school: School | None = None,
    name: str,
    npsn: str,
    level: str,
    pupils: int | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    active: bool = True,
) -> School:
    """Add a school to a desa's registry, or correct one (its desa may change within the keeper's
    reach, and a closed school is deactivated, never deleted: its assessments stay). The kecamatan
    answers computed from the schools follow (``units_changed``)."""
    _require_school_keeper(by, desa)
    if school is not None:
        school = School.objects.select_for_update().select_related("desa__kecamatan").get(pk=school.pk)
        _require_school_keeper(by, school.desa)
    if level not in School.Level.values:
        raise ValidationError({"level": _("Choose the school's level.")})
    npsn = (npsn or "").strip()
    _check_school(school=school, name=name, npsn=npsn, pupils=pupils, latitude=latitude, longitude=longitude)
    before = school.desa.kecamatan_id if school else None
    school = school or School()
    school.desa, school.name, school.npsn, school.level = desa, name.strip(), npsn, level
    school.pupils, school.latitude, school.longitude, school.active = pupils, latitude, longitude, active
    school._change_reason = _("School registry")
    school.full_clean()
    school.save()
    kecamatan_ids = sorted({desa.kecamatan_id, *([before] if before else [])})
    events.units_changed.announce(district_id=desa.kecamatan.district_id, kecamatan_ids=kecamatan_ids)
    return school
