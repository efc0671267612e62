import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from kencana.core.exports import table_bytes
from kencana.readiness import transfer
from kencana.readiness.models import Indicator, Template, UnitKind

DATA = Path(__file__).parent / "data"


def import_file(name, district, **kwargs):
    content = (DATA / name).read_bytes()
    indicators = transfer.parse_rows(transfer.read_rows(content, name))
    return transfer.template_import(district=district, name="Impor", by=None, indicators=indicators, **kwargs)


def test_a_csv_becomes_a_draft_template_with_sections_types_and_hazards(balangan):
    template = import_file("template_ok.csv", balangan, thresholds=[("Pratama", Decimal(0)), ("Utama", Decimal(75))])
    version = template.versions.get()
    assert version.state == "draft"
    assert [s.title for s in version.sections.all()] == ["Kebijakan", "Logistik", "Kesiapsiagaan"]
    g1 = version.indicators.get(code="G1")
    assert (g1.answer_type, g1.target, g1.weight) == ("number", Decimal("100.00"), Decimal("1.50"))
    assert version.indicators.get(code="K2").choices == [
        {"label": "Belum", "points": 0},
        {"label": "Draf", "points": 1},
        {"label": "Ditetapkan", "points": 2},
    ]
    assert version.indicators.get(code="K1").evidence_required is True
    assert sorted(h.code for h in version.indicators.get(code="P1").hazards.all()) == [
        "banjir-bandang",
        "tanah-longsor",
    ]
    assert version.indicators.get(code="K2").text_en == ""
    assert [t.name for t in version.thresholds_desc()] == ["Utama", "Pratama"]


def test_every_error_names_its_row_and_column_and_nothing_is_stored(balangan):
    with pytest.raises(ValidationError, match="is already used on row") as error:
        import_file("template_errors.csv", balangan)
    assert error.value.messages == [
        "Row 3, column code: K1 is already used on row 2",
        "Row 4, column choices: write label=points, got 'Belum'",
        "Row 5, column choices: write target=N for a number answer",
        "Row 6, column answer_type: Use one of: yes_no, scale, number, choice.",
        "Row 7, column weight: not a number",
        "Row 7, column evidence_required: write true or false",
        "Row 7, column hazards: unknown hazard code(s): gempa-bulan",
    ]
    assert not Template.objects.exists() and not Indicator.objects.exists()


def test_wrong_columns_are_named(balangan):
    content = b"section,code,question,answer_type\nA,1,x,yes_no\n"
    with pytest.raises(
        ValidationError, match="Missing columns: text_id, text_en, choices, weight, evidence_required, hazards"
    ) as error:
        transfer.read_rows(content, "t.csv")
    assert "Missing columns: text_id, text_en, choices, weight, evidence_required, hazards." in error.value.messages
    assert "Unknown columns: question." in error.value.messages


def test_a_semicolon_csv_from_an_indonesian_spreadsheet_is_read(balangan):
    assert import_file("template_semicolon.csv", balangan).versions.get().indicators.get().code == "K1"


def test_xlsx_export_and_import_round_trip(version, banjar):
    content = table_bytes(headers=transfer.COLUMNS, rows=transfer.version_rows(version), fmt="xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == transfer.COLUMNS
    indicators = transfer.parse_rows(transfer.read_rows(content, "t.xlsx"))
    copy = transfer.template_import(district=banjar, name="Salinan", by=None, indicators=indicators)
    assert transfer.version_rows(copy.versions.get()) == transfer.version_rows(version)


def test_an_xlsx_error_names_the_row_and_column(balangan):
    workbook = Workbook()
    workbook.active.append(transfer.COLUMNS)
    workbook.active.append(["A", "K1", "Soal", "", "yes_no", "", "1", "true", ""])
    workbook.active.append(["A", "K2", "", "", "yes_no", "", "1", "false", ""])
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ValidationError, match="column text_id: Write the question in Indonesian") as error:
        transfer.parse_rows(transfer.read_rows(out.getvalue(), "t.xlsx"))
    assert error.value.messages == ["Row 3, column text_id: Write the question in Indonesian."]


def test_json_carries_the_whole_template_with_thresholds(version, banjar):
    doc = json.dumps(transfer.version_to_json(version)).encode()
    parsed = transfer.parse_json(doc)
    copy = transfer.template_import(
        district=banjar,
        name=parsed["name"],
        by=None,
        indicators=parsed["indicators"],
        thresholds=parsed["thresholds"],
        weak_below=parsed["weak_below"],
    )
    copied = copy.versions.get()
    assert [(t.name, t.lower_bound) for t in copied.thresholds.order_by("lower_bound")] == [
        ("Pratama", Decimal(0)),
        ("Madya", Decimal(55)),
        ("Utama", Decimal(80)),
    ]
    assert [s.title_en for s in copied.sections.all()] == ["Policy", "Response"]
    assert transfer.version_rows(copied) == transfer.version_rows(version)


def test_a_json_file_with_a_bad_indicator_stores_nothing(version, banjar):
    doc = transfer.version_to_json(version)
    doc["sections"][1]["indicators"][0]["target"] = None
    with pytest.raises(ValidationError, match="target: A number answer needs a target above") as error:
        transfer.parse_json(json.dumps(doc).encode())
    assert error.value.messages == ["Section 2, indicator 1, target: A number answer needs a target above 0."]


def test_the_import_command_loads_a_csv_into_a_district(balangan, capsys):
    call_command(
        "import_template",
        str(DATA / "template_ok.csv"),
        "--district",
        "63.11",
        "--name",
        "Dari shell",
        "--thresholds",
        "Pratama=0|Madya=55|Utama=80",
    )
    template = Template.objects.get(name="Dari shell", district=balangan)
    assert template.versions.get().indicators.count() == 5
    assert "5 indicators" in capsys.readouterr().out


def test_the_import_command_reports_errors_and_stores_nothing(balangan):
    with pytest.raises(CommandError, match="column answer_type: Use one of: yes_no, scale, number, choice") as error:
        call_command("import_template", str(DATA / "template_errors.csv"), "--district", "63.11", "--name", "X")
    assert "Row 3, column code" in str(error.value)
    assert not Template.objects.exists()


def test_the_import_command_reads_json(version, banjar, tmp_path):
    path = tmp_path / "template.json"
    path.write_text(json.dumps(transfer.version_to_json(version)))
    call_command("import_template", str(path), "--district", "63.03")
    assert Template.objects.get(district=banjar).versions.get().thresholds.count() == 3


def test_json_says_what_the_template_assesses_and_refuses_a_unit_it_does_not_know(version, banjar):
    version.template.unit_kind = UnitKind.DISTRICT
    version.template.save(update_fields=["unit_kind"])
    doc = transfer.version_to_json(version)
    assert transfer.parse_json(json.dumps(doc).encode())["unit_kind"] == "district"
    del doc["unit_kind"]  # files written before it was carried assess kecamatan
    assert transfer.parse_json(json.dumps(doc).encode())["unit_kind"] == "kecamatan"
    doc["unit_kind"] = "province"
    with pytest.raises(ValidationError, match="unit_kind: write one of kecamatan, desa, school, district"):
        transfer.parse_json(json.dumps(doc).encode())
