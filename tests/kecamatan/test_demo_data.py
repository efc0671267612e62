"""The territory the demo ships: Balangan's and Banjar's real kecamatan and desa, valid and loadable."""

import csv
import json
import re

import pytest
import shapely
from shapely.geometry import shape

from kecamatan.demo import DATA_DIR, seed_territory
from kecamatan.importers import LEVELS
from kecamatan.models import Desa, District, Kecamatan

EXPECTED = {"63.11": (8, 157), "63.03": (20, 290)}  # kecamatan, desa/kelurahan


def features(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))["features"]


def region_codes() -> dict[str, str]:
    with (DATA_DIR / "wilayah.csv").open(encoding="utf-8") as fh:
        return {row["kode"]: row["nama"] for row in csv.DictReader(fh)}


def level_of(code: str) -> str | None:
    return next((level for level, spec in LEVELS.items() if re.match(spec["pattern"], code)), None)


@pytest.mark.parametrize(("name", "level"), [("kecamatan.geojson", "kecamatan"), ("desa.geojson", "desa")])
def test_every_shipped_boundary_is_a_valid_polygon_with_a_dotted_kemendagri_code(name, level):
    for feature in features(name):
        code, geometry = feature["properties"]["kode"], shape(feature["geometry"])
        assert level_of(code) == level, code
        assert geometry.geom_type in ("Polygon", "MultiPolygon") and not geometry.is_empty, code
        assert geometry.is_valid, (code, shapely.validation.explain_validity(geometry))
        minx, miny, maxx, maxy = geometry.bounds  # inside Kalimantan Selatan, in lon/lat degrees
        assert 114 < minx < maxx < 117 and -4.5 < miny < maxy < -1.5, code


def test_every_region_code_is_a_dotted_kemendagri_code_and_names_match_the_boundaries():
    codes = region_codes()
    assert all(level_of(code) in ("kabupaten", "kecamatan", "desa") for code in codes)
    for name in ("kecamatan.geojson", "desa.geojson"):
        for feature in features(name):
            assert codes[feature["properties"]["kode"]] == feature["properties"]["nama"]


@pytest.mark.parametrize(("district", "counts"), EXPECTED.items())
def test_each_district_has_its_real_number_of_kecamatan_and_desa(district, counts):
    codes = region_codes()
    in_district = [c for c in codes if c.startswith(district + ".")]
    kecamatan = [c for c in in_district if level_of(c) == "kecamatan"]
    desa = [c for c in in_district if level_of(c) == "desa"]
    assert (len(kecamatan), len(desa)) == counts
    assert {
        f["properties"]["kode"] for f in features("kecamatan.geojson") if f["properties"]["kode"] in kecamatan
    } == set(kecamatan)
    assert {f["properties"]["kode"] for f in features("desa.geojson") if f["properties"]["kode"] in desa} == set(desa)


def test_every_desa_lies_inside_its_kecamatan_of_its_district():
    kecamatan = {f["properties"]["kode"]: shape(f["geometry"]) for f in features("kecamatan.geojson")}
    for feature in features("desa.geojson"):
        code = feature["properties"]["kode"]
        parent = code.rsplit(".", 1)[0]
        assert parent in kecamatan and parent[:5] in EXPECTED, code
        assert kecamatan[parent].buffer(1e-6).contains(shape(feature["geometry"])), code


def test_neighbouring_kecamatan_share_their_edges_without_overlapping():
    polygons = [shape(f["geometry"]) for f in features("kecamatan.geojson")]
    assert shapely.coverage_is_valid(polygons)


def test_the_population_table_gives_each_demo_district_its_total():
    with (DATA_DIR / "penduduk.csv").open(encoding="utf-8") as fh:
        rows = {row["kode"]: row for row in csv.DictReader(fh)}
    assert set(rows) == set(EXPECTED)
    for row in rows.values():
        assert int(row["penduduk_total"]) == int(row["penduduk_pria"]) + int(row["penduduk_wanita"])


def test_seed_territory_loads_every_real_kecamatan_and_desa_with_its_boundary(db):
    seed_territory()
    for code, (kecamatan, desa) in EXPECTED.items():
        assert Kecamatan.objects.filter(district__code=code).count() == kecamatan
        assert Desa.objects.filter(kecamatan__district__code=code).count() == desa
    assert Kecamatan.objects.get(code="63.11.06").name == "Paringin"
    assert Desa.objects.get(code="63.11.06.1023").name == "Paringin Kota"
    assert Desa.objects.get(code="63.11.06.1023").kind == Desa.Kind.KELURAHAN
    for model in (Kecamatan, Desa):
        assert not model.objects.filter(boundary_approximate=True).exists()
        assert not model.objects.filter(boundary_simplified=None).exists()
        assert not model.objects.exclude(boundary_source__contains="wilayah_boundaries").exists()


def test_districts_take_their_population_and_area_from_the_table(db):
    seed_territory()
    balangan, banjar = District.objects.get(code="63.11"), District.objects.get(code="63.03")
    assert (balangan.population, banjar.population) == (138_950, 590_393)
    assert balangan.population_year == 2025 and "2138" in balangan.population_source
    assert balangan.area_km2 == pytest.approx(1828.513)
    # The kecamatan polygons cover the district: their areas add up to its official area.
    kecamatan_area = sum(Kecamatan.objects.filter(district=balangan).values_list("area_km2", flat=True))
    assert kecamatan_area == pytest.approx(balangan.area_km2, rel=0.01)
