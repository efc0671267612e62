"""Impact per desa as HXL CSV/XLSX and as DIBI-shaped records keyed by Kemendagri codes, through the
project's one table writer (formulas neutralised)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kencana.response import services


@pytest.fixture
def reported(event, officer, staff, lasung_batu, balang):
    first = services.impact_report_save(
        by=officer,
        event=event,
        desa=lasung_batu,
        as_of=timezone.now() - datetime.timedelta(minutes=40),
        values={
            "dead": 1,
            "missing": 2,
            "displaced_shelter_people": 30,
            "displaced_shelter_households": 9,
            "urgent_needs": '=HYPERLINK("http://x")',
        },
        submit=True,
    )
    services.impact_report_verify(report=first, by=staff)
    services.impact_report_save(
        by=officer, event=event, desa=balang, as_of=timezone.now(), values={"dead": 4}, submit=True
    )
    return event


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_hxl_csv_has_a_hashtag_row_and_marks_unverified_rows(client_for, staff, reported):
    response = client_for(staff).get(reverse("response:impact_export", args=[reported.pk, "csv"]))
    assert response["Content-Disposition"].startswith('attachment; filename="dampak-KB-63.11-')
    _header, tags, *data = rows(response)
    assert tags[:9] == [
        "#adm1+code",
        "#adm2+code",
        "#adm2+name",
        "#adm3+code",
        "#adm3+name",
        "#adm4+code",
        "#adm4+name",
        "#date+reported",
        "#status",
    ]
    assert "#affected+killed" in tags and "#affected+displaced+ind" in tags and "#impact+houses+heavy" in tags
    by_desa = {(row[6], row[8]): row for row in data}
    assert set(by_desa) == {("Lasung Batu", "verified"), ("Balang", "unverified")}
    lasung = by_desa[("Lasung Batu", "verified")]
    assert lasung[:6] == ["63", "63.11", "Balangan", "63.11.06", "Paringin", "63.11.06.2007"]
    assert lasung[tags.index("#affected+killed")] == "1"
    assert lasung[tags.index("#affected+displaced+hh")] == "9"
    assert lasung[tags.index("#needs+description")].startswith("'=HYPERLINK")  # never run as a formula


def test_the_xlsx_export_carries_the_same_rows(client_for, staff, reported):
    response = client_for(staff).get(reverse("response:impact_export", args=[reported.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "#adm1+code" and len(values) == 4


def test_the_dibi_csv_keeps_verified_figures_keyed_by_kemendagri_codes(client_for, staff, reported):
    header, *data = rows(client_for(staff).get(reverse("response:impact_dibi", args=[reported.pk])))
    assert header[:7] == [
        "id_kejadian",
        "tanggal",
        "kejadian",
        "kode_provinsi",
        "kode_kabupaten",
        "kode_kecamatan",
        "kode_desa",
    ]
    [record] = data
    assert record[0] == reported.number and record[2] == "Banjir"
    assert record[3:7] == ["63", "63.11", "63.11.06", "63.11.06.2007"]
    assert record[header.index("meninggal")] == "1" and record[header.index("mengungsi")] == "30"


def test_an_officer_exports_only_their_kecamatan(client_for, awayan_officer, reported):
    _header, _tags, *data = rows(
        client_for(awayan_officer).get(reverse("response:impact_export", args=[reported.pk, "csv"]))
    )
    assert data == []


def test_an_unknown_format_is_not_found(client_for, staff, reported):
    assert client_for(staff).get(reverse("response:impact_export", args=[reported.pk, "pdf"])).status_code == 404
