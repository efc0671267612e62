"""Tables as XLSX or CSV, safe to open in a spreadsheet: the one writer for every download.

Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV/formula
injection); numbers and dates stay numbers and dates in XLSX.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal | int | float | datetime.date):
        return value
    return neutralise(str(value))


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The table as CSV text (no byte-order mark: see ``table_bytes`` for downloads)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def workbook_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An XLSX file with one sheet per ``(title, headers, rows)``."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([str(h) for h in headers])
        for row in rows:
            sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_response(
    *, filename: str, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]
) -> HttpResponse:
    """A download of several tables as one XLSX workbook, a sheet each."""
    response = HttpResponse(workbook_bytes(sheets), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def table_bytes(*, headers: Sequence[str], rows: Iterable[Sequence], fmt: str, title: str = "Kencana") -> bytes:
    """The table as a ``fmt`` ("csv" or "xlsx") file; ``title`` names the XLSX sheet."""
    if fmt == "xlsx":
        return workbook_bytes([(title, headers, rows)])
    # A byte-order mark so spreadsheet programs read the UTF-8 names correctly.
    return ("\ufeff" + csv_text(headers, rows)).encode("utf-8")


def export_response(
    *, filename: str, headers: Sequence[str], rows: Iterable[Sequence], fmt: str, title: str | None = None
) -> HttpResponse:
    """A download of the rows as ``fmt`` ("csv" or "xlsx"), named ``filename`` plus the extension."""
    body = table_bytes(headers=headers, rows=rows, fmt=fmt, title=title or filename)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# HXL columns (humanitarian exchange) naming a place, by level: every export that names places
# takes its levels from here, so a column reads the same in every file.
HXL_PROVINCE = [(gettext_lazy("Province code"), "#adm1+code")]
HXL_DISTRICT = [(gettext_lazy("District code"), "#adm2+code"), (gettext_lazy("District"), "#adm2+name")]
HXL_KECAMATAN = [(gettext_lazy("Kecamatan code"), "#adm3+code"), (gettext_lazy("Kecamatan"), "#adm3+name")]
HXL_DESA = [(gettext_lazy("Desa code"), "#adm4+code"), (gettext_lazy("Desa"), "#adm4+name")]
