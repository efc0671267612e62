"""The synthetic country's territory: districts on a grid over Indonesia, kecamatan as
rough Voronoi cells with hundreds of vertices, desa, and risk profiles.

Boundaries are invented (flagged approximate); shared edges between two kecamatan
are roughened the same way from both sides, so neighbours still meet.
"""

import datetime
import itertools
import math
import random

import shapely
from django.utils import timezone

from kencana.core.synthetic import Context, quantize

from .geometry import geometry_fields
from .models import Desa, District, Hazard, Kecamatan, Province, RiskProfile
from .risk import risk_class, risk_index

WEST, SOUTH = 95.0, -11.0
COLUMNS = 38  # cells per row across the archipelago's longitude span
CELL = 0.6  # degrees per district cell
SOURCE = "Data sintetis (uji skala), bukan batas resmi"
COMMON_HAZARDS = ["banjir", "tanah-longsor", "cuaca-ekstrem", "kekeringan", "gempa-bumi", "kebakaran-hutan-dan-lahan"]


def _roughened_edge(a: tuple, b: tuple, depth: int, seed: int) -> list[tuple]:
    """Midpoint displacement from a to b, the same whichever end it is asked from."""
    forward = a <= b
    start, end = (a, b) if forward else (b, a)
    rng = random.Random(hash((seed, start, end)))  # noqa: S311 - shape noise, not secrets
    points = [start, end]
    amplitude = 0.18
    for _level in range(depth):
        refined = [points[0]]
        for p, q in itertools.pairwise(points):
            dx, dy = q[0] - p[0], q[1] - p[1]
            offset = rng.uniform(-amplitude, amplitude)
            refined.append(((p[0] + q[0]) / 2 - dy * offset, (p[1] + q[1]) / 2 + dx * offset))
            refined.append(q)
        points = refined
        amplitude *= 0.55
    points = points[:-1]
    return points if forward else [end, *reversed(points[1:])]


def rough_polygon(cell: shapely.Polygon, vertices: int, seed: int) -> shapely.Geometry:
    ring = [(round(x, 6), round(y, 6)) for x, y in cell.exterior.coords[:-1]]
    depth = max(0, round(math.log2(max(1, vertices / max(3, len(ring))))))
    coords: list[tuple] = []
    for p, q in zip(ring, ring[1:] + ring[:1], strict=True):
        coords.extend(_roughened_edge(p, q, depth, seed))
    polygon = shapely.Polygon(coords)
    if not polygon.is_valid:
        polygon = polygon.buffer(0)
    return polygon if not polygon.is_empty else cell


def _cells(rng: random.Random, box: shapely.Polygon, n: int) -> list[shapely.Polygon]:
    minx, miny, maxx, maxy = box.bounds
    points = shapely.MultiPoint(
        [(rng.uniform(minx + 0.02, maxx - 0.02), rng.uniform(miny + 0.02, maxy - 0.02)) for _ in range(n)]
    )
    if n == 1:
        return [box]
    regions = shapely.voronoi_polygons(points, extend_to=box)
    cells = [region.intersection(box) for region in regions.geoms]
    cells = [c if c.geom_type == "Polygon" else max(c.geoms, key=lambda g: g.area) for c in cells]
    return sorted(cells, key=lambda c: (-round(c.centroid.y, 3), c.centroid.x))


def _district_codes(n: int, provinces: list[Province]) -> list[tuple[Province, str]]:
    taken = set(District.objects.values_list("code", flat=True))
    per_province = [n // len(provinces) + (1 if i < n % len(provinces) else 0) for i in range(len(provinces))]
    codes = []
    for province, count in zip(provinces, per_province, strict=True):
        number = 1
        while count:
            code = f"{province.code}.{number:02d}"
            number += 1
            if code not in taken:
                codes.append((province, code))
                count -= 1
    return codes


def seed_territory(ctx: Context) -> None:
    sizes, rng = ctx.sizes, ctx.rng
    provinces = list(Province.objects.order_by("code"))
    district_ids = ctx.ids(District, sizes.districts)
    districts = ctx.table(
        District,
        [
            "id",
            "code",
            "name",
            "province",
            "kind",
            "timezone",
            "population",
            "population_year",
            "population_source",
            "boundary_approximate",
            "boundary_source",
            *geometry_fields(shapely.box(0, 0, 1, 1)),
        ],
    )
    kecamatan_table = None
    desa_table = ctx.table(
        Desa,
        [
            "code",
            "name",
            "kecamatan",
            "kind",
            "boundary_approximate",
            "boundary_source",
            "centroid_lat",
            "centroid_lon",
        ],
    )
    kecamatan_ids = iter(ctx.ids(Kecamatan, sizes.districts * sizes.kecamatan_per_district))
    for index, ((province, code), district_id) in enumerate(
        zip(_district_codes(sizes.districts, provinces), district_ids, strict=True)
    ):
        row, column = divmod(index, COLUMNS)
        box = shapely.box(
            WEST + column * CELL, SOUTH + row * CELL, WEST + (column + 1) * CELL, SOUTH + (row + 1) * CELL
        )
        population = rng.randint(90_000, 1_300_000)
        name = ctx.name()
        geometry = geometry_fields(box)
        districts.add(
            district_id,
            code,
            name,
            province.pk,
            District.Kind.KABUPATEN,
            province.timezone,
            population,
            2024,
            SOURCE,
            True,
            SOURCE,
            *geometry.values(),
        )
        ctx.districts.append(
            {"id": district_id, "code": code, "name": name, "timezone": province.timezone, "kecamatan": []}
        )
        cells = _cells(rng, box, sizes.kecamatan_per_district)
        total_area = sum(c.area for c in cells)
        for number, cell in enumerate(cells, start=1):
            kec_code = f"{code}.{number:02d}"
            kec_id = next(kecamatan_ids)
            geometry = geometry_fields(rough_polygon(cell, sizes.vertices, ctx.seed))
            if kecamatan_table is None:
                kecamatan_table = ctx.table(
                    Kecamatan,
                    [
                        "id",
                        "code",
                        "name",
                        "district",
                        "population",
                        "population_year",
                        "population_source",
                        "kencana_declared_on",
                        "kencana_declared_tier",
                        "boundary_approximate",
                        "boundary_source",
                        *geometry,
                    ],
                )
            kec_population = int(round(population * cell.area / total_area, -1))
            declared = rng.random() < 0.3
            kecamatan_table.add(
                kec_id,
                kec_code,
                ctx.name(),
                district_id,
                kec_population,
                2024,
                SOURCE,
                ctx.today - datetime.timedelta(days=rng.randint(60, 900)) if declared else None,
                "Pratama" if declared else "",
                True,
                SOURCE,
                *geometry.values(),
            )
            kecamatan = {
                "id": kec_id,
                "code": kec_code,
                "district": ctx.districts[-1],
                "population": kec_population,
                "lat": geometry["centroid_lat"],
                "lon": geometry["centroid_lon"],
            }
            ctx.districts[-1]["kecamatan"].append(kecamatan)
            ctx.kecamatan.append(kecamatan)
            for d in range(1, sizes.desa_per_kecamatan + 1):
                kind = Desa.Kind.KELURAHAN if d == 1 and rng.random() < 0.3 else Desa.Kind.DESA
                prefix = "1" if kind == Desa.Kind.KELURAHAN else "2"
                desa_table.add(
                    f"{kec_code}.{prefix}{d:03d}",
                    ctx.name(),
                    kec_id,
                    kind,
                    True,
                    SOURCE,
                    round(geometry["centroid_lat"] + rng.uniform(-0.03, 0.03), 6),
                    round(geometry["centroid_lon"] + rng.uniform(-0.03, 0.03), 6),
                )
        if index % 50 == 49:
            ctx.say(f"    districts laid out: {index + 1:,} / {sizes.districts:,}")
    districts.close()
    if kecamatan_table:
        kecamatan_table.close()
    desa_table.close()


def seed_risk(ctx: Context) -> None:
    """Three to five hazards per kecamatan, with indices, class, exposure and season."""
    rng = ctx.rng
    hazards = {h.code: h.pk for h in Hazard.objects.all()}
    common = [code for code in COMMON_HAZARDS if code in hazards] or list(hazards)
    others = [code for code in hazards if code not in common]
    table = ctx.table(
        RiskProfile,
        [
            "kecamatan",
            "hazard",
            "hazard_index",
            "vulnerability_index",
            "capacity_index",
            "risk_index",
            "risk_class",
            "exposed_population",
            "season_months",
            "source",
            "year",
            "updated_at",
        ],
    )
    now = timezone.now()
    for kecamatan in ctx.kecamatan:
        chosen = rng.sample(common, min(len(common), rng.randint(2, 4)))
        if others and rng.random() < 0.5:
            chosen.append(rng.choice(others))
        kecamatan["hazards"] = [hazards[code] for code in chosen]
        for code in chosen:
            h, v, c = (quantize(rng.uniform(0.1, 0.95), "0.001") for _ in range(3))
            index = risk_index(hazard=h, vulnerability=v, capacity=c)
            start = rng.randint(1, 12)
            table.add(
                kecamatan["id"],
                hazards[code],
                h,
                v,
                c,
                index,
                risk_class(index),
                int(kecamatan["population"] * rng.uniform(0.05, 0.6)),
                sorted({(start + m - 1) % 12 + 1 for m in range(rng.randint(2, 6))}),
                "Kajian risiko sintetis",
                2024,
                now,
            )
    table.close()
