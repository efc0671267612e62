"""Templates in and out: CSV and XLSX (one row per indicator) and JSON (the whole template).

File columns, in this order: ``section, code, text_id, text_en, answer_type, choices,
weight, evidence_required, hazards``. ``choices`` is ``label=points|label=points`` for
scale and choice answers and ``target=N`` for number answers. Errors name the row
(as a spreadsheet numbers it, header = row 1) and the column; an import with any
error stores nothing.
"""

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kecamatan.models import District, Hazard
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import events
from kencana.core.tables import read_csv, read_xlsx

from .models import AnswerType, Section, Template, TemplateVersion, TierThreshold, UnitKind
from .services import IndicatorInput, clean_indicator
from .spec import choices_text

COLUMNS = ["section", "code", "text_id", "text_en", "answer_type", "choices", "weight", "evidence_required", "hazards"]
JSON_FORMAT = "kencana-readiness-template"
TRUE_WORDS = {"true", "ya", "yes", "1"}
FALSE_WORDS = {"false", "tidak", "no", "0", ""}


@dataclass
class ParsedIndicator:
    section: str
    section_en: str
    data: IndicatorInput


# --- Reading files ----------------------------------------------------------------


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts keyed by the exact column names."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = [["" if cell is None else str(cell) for cell in row] for row in read_xlsx(content)]
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("Save the CSV file as UTF-8.")) from None
        # Spreadsheets set to Indonesian save CSV with semicolons.
        delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        table = read_csv(text, delimiter=delimiter)
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [cell.strip().lower() for cell in table[0]]
    while header and not header[-1]:
        header.pop()
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in COLUMNS]
    if missing or extra:
        problems = []
        if missing:
            problems.append(_("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})
        if extra:
            problems.append(_("Unknown columns: %(cols)s.") % {"cols": ", ".join(extra)})
        problems.append(_("Row 1 must name exactly: %(cols)s.") % {"cols": ", ".join(COLUMNS)})
        raise ValidationError(problems)
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(cell).strip() for cell in cells):
            continue
        values = {column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(header)}
        values["_row"] = number
        rows.append(values)
    if not rows:
        raise ValidationError(_("The file has no indicator rows."))
    return rows


def _decimal(text: str) -> Decimal:
    value = Decimal(text.strip().replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


def parse_choices(text: str, answer_type: str) -> tuple[list[dict], Decimal | None]:
    """``label=points|…`` (scale, choice) or ``target=N`` (number) → (choices, target)."""
    text = text.strip()
    if answer_type == AnswerType.NUMBER:
        key, _sep, value = text.partition("=")
        if key.strip().lower() != "target":
            raise ValueError(_("write target=N for a number answer"))
        return [], _decimal(value)
    if answer_type not in (AnswerType.SCALE, AnswerType.CHOICE):
        if text:
            raise ValueError(_("leave empty for yes/no answers"))
        return [], None
    choices = []
    for part in text.split("|"):
        label, sep, points = part.rpartition("=")
        if not sep or not label.strip():
            raise ValueError(_("write label=points, got %(part)r") % {"part": part})
        value = _decimal(points)
        choices.append({"label": label.strip(), "points": int(value) if value == value.to_integral() else float(value)})
    return choices, None


def parse_rows(rows: list[dict[str, str]]) -> list[ParsedIndicator]:
    """Check every row; raise one ValidationError listing every problem as "Row N, column C: …"."""
    hazards = {h.code: h for h in Hazard.objects.all()}
    errors: list[str] = []
    parsed: list[ParsedIndicator] = []
    seen: dict[str, int] = {}

    def error(row: dict, column: str, message: str) -> None:
        errors.append(
            _("Row %(row)s, column %(column)s: %(message)s")
            % {"row": row["_row"], "column": column, "message": message}
        )

    for row in rows:
        choices_failed = False
        answer_type = row["answer_type"].strip().lower()
        if not row["section"]:
            error(row, "section", _("give the section title"))
        choices, target = [], None
        if answer_type in AnswerType.values:
            try:
                choices, target = parse_choices(row["choices"], answer_type)
            except (ValueError, InvalidOperation) as problem:
                message = str(problem) if isinstance(problem, ValueError) and str(problem) else _("not a number")
                error(row, "choices", message)
                choices_failed = True
        try:
            weight = _decimal(row["weight"]) if row["weight"] else Decimal(1)
        except InvalidOperation:
            error(row, "weight", _("not a number"))
            weight = Decimal(1)
        evidence = row["evidence_required"].strip().lower()
        if evidence not in TRUE_WORDS | FALSE_WORDS:
            error(row, "evidence_required", _("write true or false"))
        codes = [c.strip() for c in row["hazards"].split("|") if c.strip()]
        unknown = [c for c in codes if c not in hazards]
        if unknown:
            error(row, "hazards", _("unknown hazard code(s): %(codes)s") % {"codes": ", ".join(unknown)})
        data = IndicatorInput(
            code=row["code"],
            text_id=row["text_id"],
            text_en=row["text_en"],
            answer_type=answer_type,
            choices=choices,
            target=target,
            weight=weight,
            evidence_required=evidence in TRUE_WORDS,
            hazards=[hazards[c] for c in codes if c in hazards],
        )
        for column, message in clean_indicator(data).items():
            # The target is written in the choices column; one message per cell is enough.
            column = "choices" if column == "target" else column
            if not (column == "choices" and choices_failed):
                error(row, column, message)
        code = row["code"].strip()
        if code in seen:
            error(row, "code", _("%(code)s is already used on row %(row)s") % {"code": code, "row": seen[code]})
        seen.setdefault(code, row["_row"])
        parsed.append(ParsedIndicator(section=row["section"].strip(), section_en="", data=data))
    if errors:
        raise ValidationError(errors)
    return parsed


def parse_thresholds(text: str) -> list[tuple[str, Decimal]]:
    """``Pratama=0|Madya=55|Utama=80`` → [(name, bound), …]."""
    thresholds = []
    for part in text.split("|"):
        name, sep, bound = part.rpartition("=")
        try:
            thresholds.append((name.strip(), _decimal(bound)))
        except InvalidOperation:
            raise ValidationError(_("Write tiers as name=score|name=score.")) from None
        if not sep or not name.strip():
            raise ValidationError(_("Write tiers as name=score|name=score."))
    return thresholds


# --- Storing ----------------------------------------------------------------------


def _check_thresholds(thresholds: list[tuple[str, Decimal]]) -> None:
    names = [n.lower() for n, _b in thresholds]
    bounds = [b for _n, b in thresholds]
    if len(set(names)) != len(names) or len(set(bounds)) != len(bounds):
        raise ValidationError(_("Tier names and starting scores must differ."))
    if any(not 0 <= b <= 100 for b in bounds) or (bounds and min(bounds) != 0):
        raise ValidationError(_("Tiers start between 0 and 100, the lowest at 0."))


def template_import(
    *,
    district: District,
    name: str,
    by,
    indicators: list[ParsedIndicator],
    thresholds: list[tuple[str, Decimal]] | None = None,
    description: str = "",
    weak_below: Decimal | None = None,
    unit_kind: str = UnitKind.KECAMATAN,
) -> Template:
    """A new template (draft version 1) holding the parsed indicators. ``by=None`` is the shell."""
    if by is not None:
        require(permissions.may_edit_templates(by, district.pk), _("Only a BPBD admin of this district may do this."))
    if not name.strip():
        raise ValidationError(_("Give the template a name."))
    _check_thresholds(thresholds or [])
    with transaction.atomic():
        template = Template.objects.create(
            district=district, name=name.strip(), description=description, created_by=by, unit_kind=unit_kind
        )
        version = TemplateVersion.objects.create(template=template, number=1, created_by=by)
        if weak_below is not None:
            version.weak_below = weak_below
            version.save(update_fields=["weak_below"])
        TierThreshold.objects.bulk_create(
            TierThreshold(version=version, name=n, lower_bound=b) for n, b in thresholds or []
        )
        sections: dict[str, Section] = {}
        for position, item in enumerate(indicators, start=1):
            section = sections.get(item.section)
            if section is None:
                section = Section.objects.create(
                    version=version, title=item.section, title_en=item.section_en, position=len(sections) + 1
                )
                sections[item.section] = section
            data = item.data
            indicator = section.indicators.create(
                version=version,
                code=data.code.strip(),
                text_id=data.text_id.strip(),
                text_en=data.text_en.strip(),
                answer_type=data.answer_type,
                choices=data.choices or [],
                target=data.target,
                unit=data.unit,
                weight=data.weight,
                evidence_required=data.evidence_required,
                guidance=data.guidance,
                computed=data.computed,
                position=position,
            )
            indicator.hazards.set(data.hazards or [])
        events.templates_changed.announce(district_id=district.pk)
    return template


# --- JSON -------------------------------------------------------------------------


def version_to_json(version: TemplateVersion) -> dict:
    """The whole version (thresholds, sections, indicators) with where it came from."""
    template = version.template
    return {
        "format": JSON_FORMAT,
        "format_version": 1,
        "name": template.name,
        "description": template.description,
        "unit_kind": template.unit_kind,
        "source": {"district": template.district.code, "template": template.name, "version": version.number},
        "weak_below": str(version.weak_below),
        "thresholds": [{"name": t.name, "lower_bound": str(t.lower_bound)} for t in version.thresholds.all()],
        "sections": [
            {
                "title": section.title,
                "title_en": section.title_en,
                "indicators": [
                    {
                        "code": i.code,
                        "text_id": i.text_id,
                        "text_en": i.text_en,
                        "answer_type": i.answer_type,
                        "choices": i.choices,
                        "target": None if i.target is None else str(i.target),
                        "unit": i.unit,
                        "weight": str(i.weight),
                        "evidence_required": i.evidence_required,
                        "hazards": sorted(h.code for h in i.hazards.all()),
                        "guidance": i.guidance,
                    }
                    for i in section.indicators.prefetch_related("hazards").order_by("position", "id")
                ],
            }
            for section in version.sections.all()
        ],
    }


def _no_constant(name: str):
    raise ValueError(_("%(value)s is not a number") % {"value": name})


def parse_json(content: bytes) -> dict:
    """A JSON template file checked in full: indicators, thresholds, name. Errors name the place."""
    try:
        doc = json.loads(content.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as problem:
        raise ValidationError(_("The file is not valid JSON: %(error)s") % {"error": problem}) from None
    if not isinstance(doc, dict) or doc.get("format") != JSON_FORMAT:
        raise ValidationError(_("This is not a Kencana readiness template file."))
    hazards = {h.code: h for h in Hazard.objects.all()}
    errors, parsed, seen = [], [], set()
    for s_index, section in enumerate(doc.get("sections") or [], start=1):
        title = str(section.get("title") or "").strip()
        if not title:
            errors.append(_("Section %(n)s: give the section title.") % {"n": s_index})
        for i_index, item in enumerate(section.get("indicators") or [], start=1):
            place = _("Section %(s)s, indicator %(i)s") % {"s": s_index, "i": i_index}
            codes = item.get("hazards") or []
            unknown = [c for c in codes if c not in hazards]
            try:
                data = IndicatorInput(
                    code=str(item.get("code") or ""),
                    text_id=str(item.get("text_id") or ""),
                    text_en=str(item.get("text_en") or ""),
                    answer_type=str(item.get("answer_type") or ""),
                    choices=[{"label": str(c["label"]), "points": c["points"]} for c in item.get("choices") or []],
                    target=None if item.get("target") in (None, "") else _decimal(str(item["target"])),
                    unit=str(item.get("unit") or ""),
                    weight=_decimal(str(item.get("weight", "1"))),
                    evidence_required=bool(item.get("evidence_required")),
                    hazards=[hazards[c] for c in codes if c in hazards],
                    guidance=str(item.get("guidance") or ""),
                )
                for choice in data.choices:
                    _decimal(str(choice["points"]))
            except (KeyError, TypeError, InvalidOperation, AttributeError):
                errors.append(_("%(place)s: malformed numbers or choices.") % {"place": place})
                continue
            for column, message in clean_indicator(data).items():
                errors.append(f"{place}, {column}: {message}")
            if unknown:
                errors.append(
                    f"{place}, hazards: " + _("unknown hazard code(s): %(codes)s") % {"codes": ", ".join(unknown)}
                )
            if data.code in seen:
                errors.append(f"{place}, code: " + _("%(code)s is used twice") % {"code": data.code})
            seen.add(data.code)
            parsed.append(ParsedIndicator(section=title, section_en=str(section.get("title_en") or ""), data=data))
    if not parsed and not errors:
        errors.append(_("The file has no indicators."))
    try:
        thresholds = [(str(t["name"]), _decimal(str(t["lower_bound"]))) for t in doc.get("thresholds") or []]
        weak_below = _decimal(str(doc.get("weak_below", "50")))
    except (KeyError, TypeError, InvalidOperation):
        errors.append(_("Thresholds: give each a name and a lower_bound number."))
        thresholds, weak_below = [], None
    unit_kind = str(doc.get("unit_kind") or UnitKind.KECAMATAN)
    if unit_kind not in UnitKind.values:
        errors.append(_("unit_kind: write one of %(kinds)s.") % {"kinds": ", ".join(UnitKind.values)})
    if errors:
        raise ValidationError(errors)
    _check_thresholds(thresholds)
    return {
        "name": str(doc.get("name") or ""),
        "description": str(doc.get("description") or ""),
        "indicators": parsed,
        "thresholds": thresholds,
        "weak_below": weak_below,
        "unit_kind": unit_kind,
    }


# --- Writing files ----------------------------------------------------------------


def version_rows(version: TemplateVersion) -> list[list]:
    rows = []
    for section in version.sections.all():
        for i in section.indicators.prefetch_related("hazards").order_by("position", "id"):
            choices = (
                f"target={i.target.normalize():f}" if i.answer_type == AnswerType.NUMBER else choices_text(i.choices)
            )
            rows.append(
                [
                    section.title,
                    i.code,
                    i.text_id,
                    i.text_en,
                    i.answer_type,
                    choices,
                    f"{i.weight.normalize():f}",
                    "true" if i.evidence_required else "false",
                    "|".join(sorted(h.code for h in i.hazards.all())),
                ]
            )
    return rows
