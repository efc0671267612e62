"""Demo territory: Kabupaten Balangan and Kabupaten Banjar (Kalimantan Selatan).

Codes and names are the real Kemendagri ones. The project ships no official
boundary file, so each kecamatan's polygon is the Voronoi cell of its approximate
location, clipped to the district's rough outline, and flagged
``boundary_approximate``; ``import_boundaries`` replaces it with a real file.
Kecamatan populations are shares of the district total by area: estimates for the
demo, labelled as such.
"""

import datetime

import shapely
from shapely.geometry import MultiPoint, Point

from .geometry import geometry_fields
from .models import District, Kecamatan, Province

APPROXIMATE_SOURCE = "Perkiraan demo dari lokasi kecamatan (bukan batas resmi)"
POPULATION_SOURCE = "Perkiraan demo: penduduk kabupaten (BPS 2024) dibagi menurut luas"

DISTRICTS = {
    "63.11": {
        "name": "Balangan",
        "population": 138_950,
        "kecamatan": [
            ("63.11.01", "Juai", -2.279, 115.588),
            ("63.11.02", "Halong", -2.248, 115.726),
            ("63.11.03", "Awayan", -2.409, 115.546),
            ("63.11.04", "Batu Mandi", -2.427, 115.447),
            ("63.11.05", "Lampihong", -2.357, 115.369),
            ("63.11.06", "Paringin", -2.283, 115.486),
            ("63.11.07", "Paringin Selatan", -2.361, 115.480),
            ("63.11.08", "Tebing Tinggi", -2.462, 115.671),
        ],
    },
    "63.03": {
        "name": "Banjar",
        "population": 584_684,
        "kecamatan": [
            ("63.03.01", "Aluh Aluh", -3.453, 114.538),
            ("63.03.02", "Kertak Hanyar", -3.375, 114.635),
            ("63.03.03", "Gambut", -3.433, 114.649),
            ("63.03.04", "Sungai Tabuk", -3.305, 114.706),
            ("63.03.05", "Martapura", -3.413, 114.842),
            ("63.03.06", "Karang Intan", -3.486, 114.970),
            ("63.03.07", "Astambul", -3.335, 114.892),
            ("63.03.08", "Simpang Empat", -3.247, 115.045),
            ("63.03.09", "Pengaron", -3.310, 115.154),
            ("63.03.10", "Sungai Pinang", -3.251, 115.317),
            ("63.03.11", "Aranio", -3.522, 115.156),
            ("63.03.12", "Mataraman", -3.326, 114.985),
            ("63.03.13", "Beruntung Baru", -3.506, 114.607),
            ("63.03.14", "Martapura Barat", -3.343, 114.792),
            ("63.03.15", "Martapura Timur", -3.381, 114.850),
            ("63.03.16", "Sambung Makmur", -3.217, 115.140),
            ("63.03.17", "Paramasan", -3.017, 115.426),
            ("63.03.18", "Telaga Bauntung", -3.095, 115.231),
            ("63.03.19", "Tatah Makmur", -3.410, 114.582),
            ("63.03.20", "Cintapuri Darussalam", -3.181, 114.901),
        ],
    },
}
# Balangan declared Kencana in October 2025 at tier Pratama.
BALANGAN_DECLARATION = datetime.date(2025, 10, 1)


def approximate_cells(points: list[tuple[float, float]]) -> list[shapely.Polygon]:
    """One polygon per (lat, lon): Voronoi cells clipped to the points' buffered hull."""
    multipoint = MultiPoint([(lon, lat) for lat, lon in points])
    outline = multipoint.convex_hull.buffer(0.08, quad_segs=4)
    cells = shapely.voronoi_polygons(multipoint, extend_to=outline)
    by_point = []
    for lat, lon in points:
        point = Point(lon, lat)
        cell = next(c for c in cells.geoms if c.contains(point))
        by_point.append(cell.intersection(outline))
    return by_point


def seed_territory() -> dict[str, District]:
    province = Province.objects.get(code="63")
    districts = {}
    for code, spec in DISTRICTS.items():
        district, _ = District.objects.update_or_create(
            code=code,
            defaults={
                "name": spec["name"],
                "province": province,
                "kind": District.Kind.KABUPATEN,
                "timezone": province.timezone,
                "population": spec["population"],
                "population_year": 2024,
                "population_source": "BPS 2024",
            },
        )
        districts[code] = district
        rows = spec["kecamatan"]
        cells = approximate_cells([(lat, lon) for _, _, lat, lon in rows])
        total_area = sum(cell.area for cell in cells)
        for (kec_code, name, _lat, _lon), cell in zip(rows, cells, strict=True):
            existing = Kecamatan.objects.filter(code=kec_code).first()
            values = {"name": name, "district": district}
            if existing is None or existing.boundary_approximate or not existing.boundary:
                # Never overwrite an imported official boundary with the demo one.
                values.update(geometry_fields(cell), boundary_approximate=True, boundary_source=APPROXIMATE_SOURCE)
            if existing is None or not existing.population:
                values.update(
                    population=round(spec["population"] * cell.area / total_area, -1),
                    population_year=2024,
                    population_source=POPULATION_SOURCE,
                )
            if code == "63.11":
                values.update(kencana_declared_on=BALANGAN_DECLARATION, kencana_declared_tier="Pratama")
            Kecamatan.objects.update_or_create(code=kec_code, defaults=values)
    districts["63.11"].partners.add(districts["63.03"])
    districts["63.03"].partners.add(districts["63.11"])
    return districts
