from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kecamatan.models import Desa, District, Kecamatan

DATA = Path(__file__).parent / "data"


def counts():
    return District.objects.count(), Kecamatan.objects.count(), Desa.objects.count()


def test_it_creates_the_district_its_kecamatan_and_desa(db):
    call_command("import_region_codes", str(DATA / "region_codes.csv"))
    assert District.objects.get(code="63.11").name == "Balangan"
    assert Kecamatan.objects.filter(district__code="63.11").count() == 2
    assert Desa.objects.get(code="63.11.06.1001").kind == Desa.Kind.KELURAHAN
    assert Desa.objects.get(code="63.11.06.2002").kind == Desa.Kind.DESA


def test_importing_twice_renames_and_creates_nothing_new(db):
    call_command("import_region_codes", str(DATA / "region_codes.csv"))
    Kecamatan.objects.filter(code="63.11.06").update(name="Lama")
    before = counts()
    call_command("import_region_codes", str(DATA / "region_codes.csv"))
    assert counts() == before
    assert Kecamatan.objects.get(code="63.11.06").name == "Paringin"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("kode,nama\n63.11,Balangan\n63.11.06,Paringin\n63.11.x,Rusak\n", "Row 4: kode '63.11.x'"),
        ("kode,nama\n63.11,Balangan\n63.11.06,\n", "Row 3: nama is empty"),
        ("kode,nama\n63.11,Balangan\n63.11,Balangan\n", "Row 3: kode 63.11 appears twice"),
        ("kode,nama\n63.11.06.2001,Desa Yatim\n", "parent 63.11.06"),
        ("code,name\n63.11,Balangan\n", "lacks the columns: kode, nama"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(tmp_path, db, rows, message):
    path = tmp_path / "bad.csv"
    path.write_text(rows)
    before = counts()
    with pytest.raises(CommandError, match=message):
        call_command("import_region_codes", str(path))
    assert counts() == before


def test_binary_garbage_is_refused(tmp_path, db):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_region_codes", str(path))
