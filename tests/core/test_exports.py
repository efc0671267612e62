"""The one table writer: every download and the API's CSV neutralise formulas the same way."""

import io

from openpyxl import load_workbook

from kencana.core.exports import csv_text, export_response, table_bytes

ROWS = [['=HYPERLINK("http://x")', "+1", "-2", "@cmd", "aman", 5, None]]
HEADERS = ["a", "b", "c", "d", "e", "f", "g"]
NEUTRALISED_CSV = '"\'=HYPERLINK(""http://x"")",\'+1,\'-2,\'@cmd,aman,5,'


def test_csv_downloads_neutralise_formulas_and_carry_a_byte_order_mark():
    body = table_bytes(headers=HEADERS, rows=ROWS, fmt="csv")
    assert body.startswith("\ufeff".encode())
    assert body.decode("utf-8-sig").splitlines() == [",".join(HEADERS), NEUTRALISED_CSV]


def test_xlsx_downloads_neutralise_formulas_and_keep_numbers():
    sheet = load_workbook(io.BytesIO(table_bytes(headers=HEADERS, rows=ROWS, fmt="xlsx", title="Hasil"))).active
    assert sheet.title == "Hasil"
    assert [c.value for c in sheet[2]][:6] == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@cmd", "aman", 5]


def test_a_download_is_named_and_typed_by_its_format():
    response = export_response(filename="stok", headers=HEADERS, rows=ROWS, fmt="xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="stok.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_api_csv_is_the_same_table_without_a_byte_order_mark(staff, client_for):
    assert csv_text(HEADERS, ROWS).splitlines()[1] == NEUTRALISED_CSV
    response = client_for(staff).get("/api/v1/logistics/warehouses/", {"format": "csv"})
    assert response.status_code == 200 and not response.content.startswith("\ufeff".encode())
    assert response.content.decode().splitlines()[0].startswith("id,")
