"""The Kencana status a province sends upward: every kecamatan by tier and state, with HXL hashtags."""

import csv
import io

from .conftest import Q3, add_report
from .test_national import add_district


def test_the_province_exports_every_kecamatan_of_its_districts_with_hxl_hashtags(
    client_for, province_staff, readiness_setup, paringin, awayan
):
    readiness_setup.kecamatan.set([paringin, awayan])
    add_report(readiness_setup, paringin, Q3, "verified", score=85, tier="Utama")
    away = add_district(1, readiness_setup, province_code="64")
    response = client_for(province_staff).get("/map/kencana-status.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:5] == ["#adm1+code", "#adm2+code", "#adm2+name", "#adm3+code", "#adm3+name"]
    by_code = {row[3]: row for row in rows[2:]}
    assert by_code[paringin.code][:9] == [
        "63",
        "63.11",
        "Balangan",
        "63.11.06",
        "Paringin",
        "Triwulan III 2026",
        "Terverifikasi",
        "Utama",
        "85.0",
    ]
    assert by_code[awayan.code][7] == "" and not any(code.startswith(away.code) for code in by_code)


def test_officers_get_no_status_export(client_for, officer):
    assert client_for(officer).get("/map/kencana-status.csv").status_code == 403
