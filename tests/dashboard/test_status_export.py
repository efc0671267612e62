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


def test_the_status_as_it_stood_on_a_day_takes_each_district_at_the_period_it_was_in(
    client_for, province_staff, readiness_setup, paringin, awayan
):
    from .conftest import Q2

    readiness_setup.kecamatan.set([paringin, awayan])
    add_report(readiness_setup, paringin, Q2, "verified", score=55, tier="Madya")
    add_report(readiness_setup, paringin, Q3, "verified", score=85, tier="Utama")
    client = client_for(province_staff)

    def paringin_row(**query):
        response = client.get("/map/kencana-status.csv", query)
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        return response, next(row for row in rows[2:] if row[3] == paringin.code)

    then, row = paringin_row(on="2026-05-15")
    assert row[5:8] == ["Triwulan II 2026", "Terverifikasi", "Madya"]
    assert "status-kencana-2026-05-15.csv" in then["Content-Disposition"]
    assert paringin_row()[1][5:8] == ["Triwulan III 2026", "Terverifikasi", "Utama"]
    assert paringin_row(on="2030-01-01")[1][5] == "Triwulan III 2026"  # a day to come: today's periods


def test_a_day_that_cannot_be_read_is_refused_with_its_reason(client_for, province_staff):
    response = client_for(province_staff).get("/map/kencana-status.xlsx", {"on": "2026-13-45"})
    assert response.status_code == 400 and "YYYY-MM-DD" in response.content.decode()
