"""Rebuild the demo's territory files in this folder from the upstream exports.

    python kecamatan/demo_data/build.py SOURCE_DIR

SOURCE_DIR holds ``geo/balangan_desa.geojson``, ``geo/banjar_desa.geojson``,
``wilayah/wilayah_balangan_banjar.csv`` and ``wilayah/kalsel_kabupaten_penduduk_luas.csv``
as converted from cahyadsn/wilayah_boundaries and cahyadsn/wilayah (see README.md).

The desa polygons become one clean coverage (no overlaps, slivers merged into a
neighbour, shared edges identical), are simplified together so neighbours keep
sharing their edges, and are rounded to 5 decimals (about 1 m). Each kecamatan is
the union of its desa, so its outline follows the same edges. Only ``kode`` and
``nama`` are kept. The script refuses to write anything that is not valid.
"""

import csv
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

HERE = Path(__file__).resolve().parent
DISTRICTS = ("63.03", "63.11")
DESA_FILES = ("balangan_desa.geojson", "banjar_desa.geojson")
GAP_WIDTH = 0.0005  # degrees (~55 m): gaps and overlaps narrower than this join a neighbour
TOLERANCE = 0.0005  # degrees: coverage simplification, about what the district map draws
DECIMALS = 5


def _collection(name: str, rows: list[tuple[str, str, shapely.Geometry]]) -> dict:
    return {
        "type": "FeatureCollection",
        "name": name,
        "features": [
            {
                "type": "Feature",
                "properties": {"kode": code, "nama": nama},
                "geometry": json.loads(shapely.to_geojson(g)),
            }
            for code, nama, g in rows
        ],
    }


def _write_json(path: Path, data: dict) -> None:
    """Compact JSON with one feature per line, so a change to one area is a one-line diff."""
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    head = json.dumps({k: v for k, v in data.items() if k != "features"}, **compact)[:-1]
    lines = ",\n".join(json.dumps(feature, **compact) for feature in data["features"])
    path.write_text(f'{head},"features":[\n{lines}\n]}}\n', encoding="utf-8")


def _check(rows: list[tuple[str, str, shapely.Geometry]], what: str) -> None:
    bad = [
        code
        for code, _nama, g in rows
        if g.is_empty or not g.is_valid or g.geom_type not in ("Polygon", "MultiPolygon")
    ]
    if bad:
        raise SystemExit(f"{what}: invalid geometry after simplification: {', '.join(bad)}")
    if not shapely.coverage_is_valid(np.array([g for _c, _n, g in rows])):
        raise SystemExit(f"{what}: the polygons no longer form a clean coverage")


def build_boundaries(source: Path) -> None:
    features = []
    for name in DESA_FILES:
        features += json.loads((source / "geo" / name).read_text(encoding="utf-8"))["features"]
    codes = [f["properties"]["kode"] for f in features]
    names = [f["properties"]["nama"] for f in features]
    polygons = np.array([shape(f["geometry"]) for f in features])
    clean = shapely.coverage_clean(polygons, gap_width=GAP_WIDTH)
    simple = shapely.coverage_simplify(clean, TOLERANCE)
    rounded = shapely.transform(simple, lambda xy: np.round(xy, DECIMALS))
    desa = sorted(zip(codes, names, rounded, strict=True))
    _check(desa, "desa")

    kecamatan_names = {}
    with (source / "wilayah" / "wilayah_balangan_banjar.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["level"] == "kecamatan":
                kecamatan_names[row["kode"]] = row["nama"]
    kecamatan = []
    for code in sorted(kecamatan_names):
        parts = [g for c, _n, g in desa if c.startswith(code + ".")]
        kecamatan.append((code, kecamatan_names[code], shapely.coverage_union_all(parts)))
    _check(kecamatan, "kecamatan")
    _write_json(HERE / "desa.geojson", _collection("desa", desa))
    _write_json(HERE / "kecamatan.geojson", _collection("kecamatan", kecamatan))


def build_tables(source: Path) -> None:
    with (source / "wilayah" / "wilayah_balangan_banjar.csv").open(encoding="utf-8") as fh:
        rows = [(r["kode"], r["nama"]) for r in csv.DictReader(fh)]
    with (HERE / "wilayah.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["kode", "nama"])
        writer.writerows(sorted(rows))
    with (source / "wilayah" / "kalsel_kabupaten_penduduk_luas.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        people = [r for r in reader if r["kode"] in DISTRICTS]
        header = reader.fieldnames
    with (HERE / "penduduk.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(people)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    build_boundaries(Path(sys.argv[1]))
    build_tables(Path(sys.argv[1]))
