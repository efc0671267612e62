"""Reading uploaded tables (CSV and XLSX) with hard limits, for every importer.

An XLSX file is a zip of XML: a 1.5 KB file can claim ``<dimension ref="A1:XFD4000"/>`` or
unpack to gigabytes. The sheet is read in streaming mode with its claimed dimension
ignored, after checking what the archive unpacks to: at most ``max_rows`` rows, and of
each row its first ``max_columns`` columns plus one (a value there refuses the file;
anything further right is never read); a CSV is refused when it holds a NUL byte or goes past the same
limits. Every refusal is a ValidationError saying why; nothing is read further.
"""

import csv
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ROWS = 5_000
MAX_COLUMNS = 50
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
EMPTY_ROWS_FACTOR = 4


def _too_many_rows(limit: int) -> ValidationError:
    return ValidationError(_("The file has more than %(limit)s rows; split it.") % {"limit": limit})


def _too_many_columns(limit: int) -> ValidationError:
    return ValidationError(_("The file has more than %(limit)s columns.") % {"limit": limit})


def _trimmed(row) -> list:
    cells = list(row)
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return cells


def read_xlsx(data: bytes, *, max_rows: int | None = None, max_columns: int | None = None) -> list[list]:
    """The first sheet's rows as lists of cell values (trailing empty cells dropped)."""
    from openpyxl import load_workbook

    max_rows, max_columns = max_rows or MAX_ROWS, max_columns or MAX_COLUMNS
    unreadable = ValidationError(_("The file is not a readable XLSX workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise unreadable from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The workbook unpacks to more than %(mb)s MB; save only the sheet to import.")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken workbook; all mean the same here
        raise unreadable from None
    try:
        if not workbook.worksheets:
            raise unreadable
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the claimed size is not to be trusted
        rows = []
        # One column past the limit is read, so a file that goes past it is seen and refused.
        # Empty formatted rows after the data are skipped, up to a bound.
        for read, row in enumerate(sheet.iter_rows(values_only=True, max_col=max_columns + 1)):
            if len(rows) == max_rows:
                if read >= EMPTY_ROWS_FACTOR * max_rows or any(cell not in (None, "") for cell in row):
                    raise _too_many_rows(max_rows)
                continue
            cells = _trimmed(row)
            if len(cells) > max_columns:
                raise _too_many_columns(max_columns)
            rows.append(cells)
    except ValidationError:
        raise
    except Exception:
        raise unreadable from None
    finally:
        workbook.close()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def read_csv(
    text: str, *, delimiter: str, max_rows: int | None = None, max_columns: int | None = None
) -> list[list[str]]:
    """Rows of a CSV text, each cell stripped."""
    max_rows, max_columns = max_rows or MAX_ROWS, max_columns or MAX_COLUMNS
    if "\x00" in text:
        raise ValidationError(_("The file contains a NUL byte: it is not a text CSV file."))
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(rows) == max_rows:
                raise _too_many_rows(max_rows)
            if len(row) > max_columns:
                raise _too_many_columns(max_columns)
            rows.append([cell.strip() for cell in row])
    except csv.Error as exc:
        raise ValidationError(_("The CSV file cannot be read: %(error)s.") % {"error": exc}) from None
    return rows
