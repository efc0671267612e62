import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from kecamatan.models import Kecamatan

DATA = Path(__file__).parent / "data"


def snapshot():
    return list(Kecamatan.objects.order_by("code").values_list("code", "name", "boundary", "area_km2"))


def write(tmp_path, features, name="bad.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def feature(code, name="X", geometry=None):
    geometry = geometry or {
        "type": "Polygon",
        "coordinates": [[[115.4, -2.3], [115.5, -2.3], [115.5, -2.2], [115.4, -2.3]]],
    }
    return {"type": "Feature", "properties": {"kode": code, "nama": name}, "geometry": geometry}


def test_it_imports_a_kemendagri_keyed_file_and_updates_by_code(balangan, paringin, capsys):
    call_command("import_boundaries", str(DATA / "kecamatan_kemendagri.geojson"))
    paringin.refresh_from_db()
    assert paringin.boundary["type"] == "Polygon"
    assert paringin.boundary_simplified["type"] == "Polygon"
    assert not paringin.boundary_approximate
    assert paringin.boundary_source == "kecamatan_kemendagri.geojson"
    assert 30 < paringin.area_km2 < 32  # 0.05° × 0.05° near 2.3° S
    assert paringin.centroid_lat == pytest.approx(-2.295) and paringin.centroid_lon == pytest.approx(115.475)
    awayan = Kecamatan.objects.get(code="63.11.03")
    assert awayan.district == balangan and awayan.boundary["type"] == "MultiPolygon"
    assert "created 2, updated 1, repaired 1" in capsys.readouterr().out


def test_it_repairs_an_invalid_polygon_and_says_which(balangan, capsys):
    call_command("import_boundaries", str(DATA / "kecamatan_kemendagri.geojson"))
    out = capsys.readouterr().out
    assert "repaired 63.11.08: Self-intersection" in out
    tebing = Kecamatan.objects.get(code="63.11.08")
    from shapely.geometry import shape

    assert shape(tebing.boundary).is_valid and tebing.area_km2 > 0


def test_a_dry_run_changes_nothing(balangan, paringin, capsys):
    before = snapshot()
    call_command("import_boundaries", str(DATA / "kecamatan_kemendagri.geojson"), "--dry-run")
    assert snapshot() == before
    assert "dry run" in capsys.readouterr().out


def test_it_matches_geoboundaries_features_by_name(paringin, awayan):
    call_command("import_boundaries", str(DATA / "kecamatan_geoboundaries.geojson"), "--district", "63.11")
    paringin.refresh_from_db(), awayan.refresh_from_db()
    assert paringin.boundary and awayan.boundary


def test_it_reads_hdx_codes_written_without_dots(paringin):
    call_command("import_boundaries", str(DATA / "kecamatan_hdx.geojson"))
    paringin.refresh_from_db()
    assert paringin.boundary["coordinates"][0][0] == [115.47, -2.3]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not json", "not JSON"),
        (json.dumps({"type": "Feature"}), "not a GeoJSON FeatureCollection"),
        (json.dumps({"type": "FeatureCollection", "features": []}), "no features"),
    ],
)
def test_it_refuses_files_that_are_not_feature_collections(tmp_path, paringin, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("import_boundaries", str(path))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            feature("63.11.07", "Paringin Selatan", geometry={"type": "Point", "coordinates": [115.4, -2.3]}),
            "Point where a polygon belongs",
        ),
        (
            {"type": "Feature", "properties": {"kode": "63.11.07", "nama": "Paringin Selatan"}, "geometry": None},
            "no geometry",
        ),
        (feature("", "Tanpa Kode"), "not a Kemendagri code"),
        (feature("63.99.01", "Entah"), "parent district 63.99 is unknown"),
        (feature("63.11.06", "Paringin lagi"), "repeats code 63.11.06"),
        (
            feature(
                "63.11.07",
                "Jauh",
                geometry={"type": "Polygon", "coordinates": [[[400, 10], [401, 10], [401, 11], [400, 10]]]},
            ),
            "not longitude/latitude",
        ),
        (feature("63.11.07", "Rusak", geometry={"type": "Polygon", "coordinates": "x"}), "not a polygon"),
    ],
)
def test_a_bad_feature_in_the_middle_refuses_the_whole_file(tmp_path, balangan, paringin, bad, message):
    good_first = feature("63.11.06", "Paringin")
    good_last = feature("63.11.05", "Lampihong")
    path = write(tmp_path, [good_first, bad, good_last])
    before = snapshot()
    with pytest.raises(CommandError, match=message) as caught:
        call_command("import_boundaries", str(path))
    assert "Feature 2" in str(caught.value) and "Nothing was changed" in str(caught.value)
    assert snapshot() == before


def test_it_refuses_a_feature_outside_the_named_district(tmp_path, balangan, banjar, aluh_aluh):
    path = write(tmp_path, [feature("63.03.01", "Aluh Aluh")])
    with pytest.raises(CommandError, match="not in district 63.11"):
        call_command("import_boundaries", str(path), "--district", "63.11")


def test_it_asks_for_fields_it_cannot_detect(tmp_path, balangan):
    path = tmp_path / "odd.geojson"
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": 1}, "geometry": None}]}
        )
    )
    with pytest.raises(CommandError, match="--code-field"):
        call_command("import_boundaries", str(path))


def test_it_creates_districts_from_a_kabupaten_file_in_the_provinces_time_zone(tmp_path, db):
    path = write(tmp_path, [feature("63.01", "Kabupaten Tanah Laut")])
    call_command("import_boundaries", str(path), "--level", "kabupaten")
    from kecamatan.models import District

    district = District.objects.get(code="63.01")
    assert district.name == "Tanah Laut" and district.timezone == "Asia/Makassar"


def test_a_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_boundaries", "/nonexistent/file.geojson")


def test_messages_are_indonesian_by_default(tmp_path, balangan):
    path = tmp_path / "bad.geojson"
    path.write_text("bukan json")
    with translation.override("id"), pytest.raises(CommandError, match="Berkas ini bukan JSON.*Tidak ada yang diubah"):
        call_command("import_boundaries", str(path))
