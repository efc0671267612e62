"""Every importer reads its XLSX and CSV through one reader with hard limits.

A 1.5 KB workbook whose <dimension> claims A1:XFD4000 once made the importers build
4,000 × 16,384 cells before looking at a single value.
"""

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from kecamatan.services import read_table
from kencana.core import tables
from kencana.readiness.transfer import COLUMNS, read_rows

TEMPLATE_ROWS = [COLUMNS, ["Kebijakan", "K1", "Ada SK camat", "", "yes_no", "", "1", "false", ""]]
RISK_ROWS = [
    ["kecamatan_code", "hazard_code", "hazard", "vulnerability", "capacity"],
    ["63.11.06", "banjir", "0.5", "0.5", "0.5"],
]


def workbook(rows, *, dimension: str | None = None, last_row: int | None = None) -> bytes:
    """An XLSX of these rows; ``dimension`` patched in as the claimed size, and an empty cell in ``last_row``."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    if dimension is None:
        return out.getvalue()
    source, patched = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*" ?/>', f'<dimension ref="{dimension}"/>'.encode(), content)
                if last_row:
                    row = f'<row r="{last_row}"><c r="A{last_row}"/></row></sheetData>'
                    content = content.replace(b"</sheetData>", row.encode())
            target.writestr(info, content)
    return patched.getvalue()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


IMPORTERS = {
    "readiness template": (lambda data: read_rows(data, "templat.xlsx"), TEMPLATE_ROWS),
    "risk profiles": (lambda data: read_table(data=data), RISK_ROWS),
}


@pytest.mark.parametrize("importer", list(IMPORTERS))
def test_a_workbook_that_lies_about_its_size_is_read_as_the_cells_it_holds(importer):
    read, rows = IMPORTERS[importer]
    bomb = workbook(rows, dimension="A1:XFD4000", last_row=4000)
    assert len(bomb) < 10_000
    tracemalloc.start()
    try:
        result = read(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # the claimed 65 million cells would take gigabytes
    assert len(result) in (1, 2)  # the template reader returns data rows, the risk reader header and rows


@pytest.mark.parametrize("importer", list(IMPORTERS))
def test_a_workbook_past_the_limits_is_refused(importer, monkeypatch):
    read, rows = IMPORTERS[importer]
    wide = [rows[0], [*rows[1], *[None] * (50 - len(rows[1])), "x"]]  # a value in column 51
    with pytest.raises(ValidationError, match="more than 50 columns"):
        read(workbook(wide))
    monkeypatch.setattr(tables, "MAX_ROWS", 10)
    with pytest.raises(ValidationError, match="more than 10 rows"):
        read(workbook([rows[0]] + [rows[1]] * 12))


def test_a_zip_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(tables, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ValidationError, match="unpacks to more than"):
        read_table(data=workbook(RISK_ROWS))


@pytest.mark.parametrize(
    "read",
    [lambda data: read_rows(data, "templat.csv"), lambda data: read_table(data=data)],
    ids=["readiness template", "risk profiles"],
)
def test_a_csv_with_a_nul_byte_is_refused_with_a_reason(read):
    data = ("a,b\n" + "1,2\n" * 300 + "x\x00y,2\n").encode()
    with pytest.raises(ValidationError, match="NUL|neither CSV nor XLSX"):
        read(data)
