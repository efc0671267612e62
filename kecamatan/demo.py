"""Demo territory: Kabupaten Balangan and Kabupaten Banjar (Kalimantan Selatan), as they are.

The names, Kemendagri codes and polygons of their 28 kecamatan and 447 desa/kelurahan
ship in ``demo_data/`` (cahyadsn/wilayah and cahyadsn/wilayah_boundaries, MIT; see its
README.md) and are loaded through the same importers as any official file. A boundary
that is already there, imported from another file, is never overwritten. District
populations and areas come from the same source; kecamatan populations are shares of
the district total by area: estimates for the demo, labelled as such.
"""

import csv
import datetime
import json
from pathlib import Path

from .importers import boundaries_import, region_codes_import
from .models import GEOMETRY_FIELDS, Desa, District, Kecamatan, geometry_of

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
BOUNDARY_SOURCE = "cahyadsn/wilayah_boundaries (MIT), Kepmendagri 300.2.2-2138/2025"
POPULATION_SOURCE = "Kepmendagri 300.2.2-2138/2025 (cahyadsn/wilayah)"
POPULATION_YEAR = 2025
KECAMATAN_POPULATION_SOURCE = "Perkiraan demo: penduduk kabupaten (Kepmendagri 2025) dibagi menurut luas"
BALANGAN, BANJAR = "63.11", "63.03"
# Balangan declared Kencana in October 2025 at tier Pratama.
BALANGAN_DECLARATION = datetime.date(2025, 10, 1)


def desa(code: str) -> Desa:
    """A demo desa by its Kemendagri code: the demo names places below a kecamatan only this way."""
    return Desa.objects.select_related("kecamatan").defer(*GEOMETRY_FIELDS, *geometry_of("kecamatan")).get(code=code)


def _import_missing_boundaries(level: str, model, file_name: str) -> None:
    """Load the shipped polygons of the areas that have none yet, or only an approximate one."""
    collection = json.loads((DATA_DIR / file_name).read_text(encoding="utf-8"))
    kept = set(model.objects.exclude(boundary=None).filter(boundary_approximate=False).values_list("code", flat=True))
    collection["features"] = [f for f in collection["features"] if f["properties"]["kode"] not in kept]
    if collection["features"]:
        boundaries_import(data=collection, level=level, source=BOUNDARY_SOURCE)


def _population_table() -> dict[str, dict]:
    with (DATA_DIR / "penduduk.csv").open(encoding="utf-8") as fh:
        return {row["kode"]: row for row in csv.DictReader(fh)}


def seed_territory() -> dict[str, District]:
    region_codes_import(data=(DATA_DIR / "wilayah.csv").read_bytes())
    _import_missing_boundaries("kecamatan", Kecamatan, "kecamatan.geojson")
    _import_missing_boundaries("desa", Desa, "desa.geojson")
    districts = {}
    for code, row in _population_table().items():
        district = District.objects.get(code=code)
        district.population = int(row["penduduk_total"])
        district.population_year = POPULATION_YEAR
        district.population_source = POPULATION_SOURCE
        district.area_km2 = float(row["luas_km2"])
        district.save()
        districts[code] = district
        _estimate_kecamatan_population(district)
    Kecamatan.objects.filter(district=districts[BALANGAN]).update(
        kencana_declared_on=BALANGAN_DECLARATION, kencana_declared_tier="Pratama"
    )
    districts[BALANGAN].partners.add(districts[BANJAR])
    districts[BANJAR].partners.add(districts[BALANGAN])
    return districts


def _estimate_kecamatan_population(district: District) -> None:
    """The district's population shared out by area, for kecamatan that have no figure of their own."""
    rows = list(district.kecamatan.defer(*GEOMETRY_FIELDS))
    total_area = sum(k.area_km2 or 0 for k in rows)
    for kecamatan in rows:
        if kecamatan.population or not total_area:
            continue
        kecamatan.population = round(district.population * (kecamatan.area_km2 or 0) / total_area, -1)
        kecamatan.population_year = POPULATION_YEAR
        kecamatan.population_source = KECAMATAN_POPULATION_SOURCE
        kecamatan.save(update_fields=["population", "population_year", "population_source"])
