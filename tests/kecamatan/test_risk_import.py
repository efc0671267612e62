from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from kecamatan.models import RiskProfile
from kecamatan.services import risk_profiles_import

DATA = Path(__file__).parent / "data"
HEADER = "kecamatan_code,hazard_code,hazard,vulnerability,capacity,exposed_population,season,source,year\n"
GOOD_ROW = "63.11.06,karhutla,0.6,0.5,0.4,1200,5-10,KRB 2022,2022\n"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(rows)).encode()


def test_a_good_csv_creates_profiles_with_derived_index_and_season(balangan, paringin, awayan, staff):
    result = risk_profiles_import(district=balangan, data=(DATA / "risk_good.csv").read_bytes(), by=staff)
    assert (result.created, result.updated) == (3, 0)
    fire = RiskProfile.objects.get(kecamatan=paringin, hazard__code="karhutla")
    assert fire.season_months == [5, 6, 7, 8, 9, 10] and fire.exposed_population == 1200
    assert fire.risk_index == Decimal("0.565") and fire.risk_class == "sedang"
    flood = RiskProfile.objects.get(kecamatan=awayan, hazard__code="banjir")
    assert flood.season_months == [11, 12, 1, 2, 3] and flood.risk_class == "tinggi"
    # "longsor" is a local name of tanah-longsor in the catalogue
    assert RiskProfile.objects.get(kecamatan=awayan, hazard__code="tanah-longsor").year is None


def test_a_second_import_updates_by_kecamatan_and_hazard(balangan, paringin, awayan, staff):
    risk_profiles_import(district=balangan, data=(DATA / "risk_good.csv").read_bytes(), by=staff)
    result = risk_profiles_import(
        district=balangan, data=csv_bytes("63.11.06,karhutla,0.9,0.9,0.1,50,7-9,KRB 2024,2024\n")
    )
    assert (result.created, result.updated) == (0, 1)
    fire = RiskProfile.objects.get(kecamatan=paringin, hazard__code="karhutla")
    assert fire.year == 2024 and fire.risk_class == "tinggi" and fire.season_months == [7, 8, 9]
    assert fire.history.count() == 2


def test_semicolons_decimal_commas_bare_codes_and_wrapping_seasons_are_read(balangan, paringin):
    risk_profiles_import(district=balangan, data=(DATA / "risk_semicolon.csv").read_bytes())
    profile = RiskProfile.objects.get(kecamatan=paringin, hazard__code="banjir")
    assert profile.hazard_index == Decimal("0.2") and profile.exposed_population == 1200
    assert profile.season_months == [11, 12, 1, 2, 3]


def test_a_good_xlsx_is_imported(balangan, paringin, awayan, staff):
    result = risk_profiles_import(district=balangan, data=(DATA / "risk_good.xlsx").read_bytes(), by=staff)
    assert result.created == 2
    assert RiskProfile.objects.get(kecamatan=awayan, hazard__code="banjir").year == 2022


def test_a_bad_xlsx_is_refused_naming_row_and_columns(balangan, paringin, awayan):
    with pytest.raises(ValidationError, match="is not a number from") as refused:
        risk_profiles_import(district=balangan, data=(DATA / "risk_bad.xlsx").read_bytes())
    messages = refused.value.messages
    assert any(m.startswith("Row 3, column hazard:") for m in messages)
    assert any(m.startswith("Row 3, column season:") for m in messages)
    assert not RiskProfile.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("63.11.99,karhutla,0.6,0.5,0.4,1200,5-10,KRB,2022", "kecamatan_code", "is not a kecamatan code of"),
        ("63.03.01,karhutla,0.6,0.5,0.4,1200,5-10,KRB,2022", "kecamatan_code", "is not a kecamatan code of"),
        ("63.11.06,gunung-es,0.6,0.5,0.4,1200,5-10,KRB,2022", "hazard_code", "is not in the hazard catalogue"),
        ("63.11.06,karhutla,tinggi,0.5,0.4,1200,5-10,KRB,2022", "hazard", "is not a number from 0 to 1"),
        ("63.11.06,karhutla,0.6,1.5,0.4,1200,5-10,KRB,2022", "vulnerability", "is not a number from 0 to 1"),
        ("63.11.06,karhutla,0.6,0.5,-0.1,1200,5-10,KRB,2022", "capacity", "is not a number from 0 to 1"),
        ("63.11.06,karhutla,0.6,0.5,0.4,banyak,5-10,KRB,2022", "exposed_population", "is not a whole number of people"),
        ("63.11.06,karhutla,0.6,0.5,0.4,1200,5-13,KRB,2022", "season", "is not a season"),
        ("63.11.06,karhutla,0.6,0.5,0.4,1200,Mei-Okt,KRB,2022", "season", "is not a season"),
        ("63.11.06,karhutla,0.6,0.5,0.4,1200,5-10," + "x" * 201 + ",2022", "source", "longer than 200 characters"),
        ("63.11.06,karhutla,0.6,0.5,0.4,1200,5-10,KRB,22", "year", "is not a year between 1990 and 2100"),
    ],
)
def test_every_bad_cell_refuses_the_file_naming_row_and_column(
    balangan, banjar, paringin, aluh_aluh, row, column, reason
):
    with pytest.raises(ValidationError, match=reason) as refused:
        risk_profiles_import(district=balangan, data=csv_bytes(GOOD_ROW, row + "\n"))
    assert [m.split(":")[0] for m in refused.value.messages] == [f"Row 3, column {column}"]
    assert not RiskProfile.objects.exists()


def test_a_kecamatan_and_hazard_twice_in_one_file_is_refused(balangan, paringin):
    with pytest.raises(
        ValidationError, match="column hazard_code: this kecamatan and hazard already appear in row"
    ) as refused:
        risk_profiles_import(district=balangan, data=csv_bytes(GOOD_ROW, GOOD_ROW))
    assert refused.value.messages == ["Row 3, column hazard_code: this kecamatan and hazard already appear in row 2."]
    assert not RiskProfile.objects.exists()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (HEADER.replace(",year", ""), "missing columns: year"),
        (HEADER.replace("season", "musim"), "unknown columns: musim"),
        (HEADER.replace("\n", ",year\n"), "repeated columns: year"),
    ],
)
def test_a_wrong_header_is_refused(balangan, paringin, header, expected):
    with pytest.raises(
        ValidationError,
        match="must have exactly the columns kecamatan_code, hazard_code, hazard, vulnerability, capacity, exposed_population, season, source, year",
    ) as refused:
        risk_profiles_import(district=balangan, data=csv_bytes(GOOD_ROW, header=header))
    assert expected in refused.value.messages[0] and refused.value.messages[0].startswith("Row 1")


def test_empty_and_binary_files_are_refused(balangan):
    with pytest.raises(ValidationError, match="empty"):
        risk_profiles_import(district=balangan, data=b"")
    with pytest.raises(ValidationError, match="no rows"):
        risk_profiles_import(district=balangan, data=HEADER.encode())
    with pytest.raises(ValidationError, match="neither CSV nor XLSX"):
        risk_profiles_import(district=balangan, data=b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ValidationError, match="XLSX"):
        risk_profiles_import(district=balangan, data=b"PK\x03\x04not really a zip")


def test_officers_and_partner_staff_cannot_import(balangan, paringin, officer, partner_staff):
    for user in (officer, partner_staff):
        with pytest.raises(PermissionDenied, match="Only BPBD staff of this district edit risk profiles"):
            risk_profiles_import(district=balangan, data=csv_bytes(GOOD_ROW), by=user)
    assert not RiskProfile.objects.exists()


def test_the_command_imports_for_the_named_district(balangan, paringin, awayan, capsys):
    call_command("import_risk", str(DATA / "risk_good.csv"), "--district", "63.11")
    assert "3 profiles created" in capsys.readouterr().out
    assert RiskProfile.objects.count() == 3


def test_the_command_lists_every_error_and_changes_nothing(balangan, paringin, awayan):
    with pytest.raises(CommandError, match="is not a season: write month numbers") as refused:
        call_command("import_risk", str(DATA / "risk_bad.xlsx"), "--district", "63.11")
    assert "Row 3, column hazard" in str(refused.value) and "Nothing was changed" in str(refused.value)
    assert not RiskProfile.objects.exists()


def test_the_command_refuses_an_unknown_district(balangan):
    with pytest.raises(CommandError, match="No district"):
        call_command("import_risk", str(DATA / "risk_good.csv"), "--district", "99.99")


def test_staff_import_in_the_browser_and_see_row_errors(client_for, staff, paringin, awayan):
    client = client_for(staff)
    with (DATA / "risk_bad.xlsx").open("rb") as upload:
        response = client.post(reverse("kecamatan:risk_import"), {"file": upload})
    assert response.status_code == 200 and "Baris 3, kolom hazard" in response.text
    assert not RiskProfile.objects.exists()
    with (DATA / "risk_good.csv").open("rb") as upload:
        response = client.post(reverse("kecamatan:risk_import"), {"file": upload})
    assert response.status_code == 302 and RiskProfile.objects.count() == 3


def test_the_import_page_is_forbidden_to_officers(client_for, officer):
    assert client_for(officer).get(reverse("kecamatan:risk_import")).status_code == 403
