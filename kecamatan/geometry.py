"""Polygon handling with shapely: validate, repair, simplify, measure. No GDAL."""

import json
import math

import shapely
from django.conf import settings
from django.utils.translation import gettext as _
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity, make_valid

POLYGONAL = ("Polygon", "MultiPolygon")
# Degrees of latitude and longitude (at the equator) in kilometres; Indonesia lies
# within 11° of the equator, so a local equirectangular projection is accurate to
# well under 1% for the area of one kecamatan.
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON = 111.320
OUTLINE_GRID = 1e-4  # degrees: outline coordinates keep 4 decimals


class GeometryError(ValueError):
    pass


def parse_polygonal(geojson: object) -> tuple[BaseGeometry, str]:
    """A shapely (Multi)Polygon from a GeoJSON geometry, repaired when invalid.

    Returns the geometry and a note saying what was wrong with it ("" if nothing).
    """
    if not isinstance(geojson, dict) or not geojson.get("type"):
        raise GeometryError(_("it has no geometry"))
    kind = geojson["type"]
    if kind not in POLYGONAL:
        raise GeometryError(_("it is a %(kind)s where a polygon belongs") % {"kind": kind})
    try:
        geom = shape(geojson)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
        raise GeometryError(_("its coordinates are not a polygon (%(error)s)") % {"error": exc}) from exc
    if geom.is_empty:
        raise GeometryError(_("its polygon is empty"))
    if not _coordinates_plausible(geom):
        raise GeometryError(_("its coordinates are not longitude/latitude in degrees"))
    note = ""
    if not geom.is_valid:
        note = explain_validity(geom)
        geom = _polygonal_part(make_valid(geom))
        if geom.is_empty:
            raise GeometryError(_("its polygon is invalid and cannot be repaired (%(why)s)") % {"why": note})
    return geom, note


def _coordinates_plausible(geom: BaseGeometry) -> bool:
    minx, miny, maxx, maxy = geom.bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def _polygonal_part(geom: BaseGeometry) -> BaseGeometry:
    """make_valid may return a collection with stray lines or points; keep the area."""
    if geom.geom_type in POLYGONAL:
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in POLYGONAL]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def simplify_for_web(geom: BaseGeometry, tolerance: float | None = None, grid: float = 1e-5) -> BaseGeometry:
    """A lighter copy for browsers: fewer vertices, coordinates on a grid (1e-5° is ~1 m)."""
    tolerance = settings.GEOMETRY_SIMPLIFY_TOLERANCE if tolerance is None else tolerance
    simple = geom.simplify(tolerance, preserve_topology=True)
    simple = shapely.set_precision(simple, grid)
    if simple.is_empty or simple.geom_type not in POLYGONAL:
        simple = _polygonal_part(make_valid(simple))
    return simple if not simple.is_empty else geom


def to_geojson(geom: BaseGeometry) -> dict:
    return json.loads(shapely.to_geojson(geom))


def area_km2(geom: BaseGeometry) -> float:
    lat0 = math.radians(geom.centroid.y)
    kx = KM_PER_DEGREE_LON * math.cos(lat0)
    projected = shapely.transform(geom, lambda coords: coords * [kx, KM_PER_DEGREE_LAT])
    return round(projected.area, 3)


def label_point(geom: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of the centroid, or of a point on the surface when the centroid falls outside."""
    point = geom.centroid
    if not geom.contains(point):
        point = geom.point_on_surface()
    return round(point.y, 7), round(point.x, 7)


def geometry_fields(geom: BaseGeometry) -> dict:
    """The stored geometry fields of an Area from one repaired polygon."""
    lat, lon = label_point(geom)
    return {
        "boundary": to_geojson(geom),
        "boundary_simplified": to_geojson(simplify_for_web(geom)),
        # For maps of a province or the country: a few hundred metres of detail and
        # 4 decimals (~11 m) keep thousands of kecamatan within a phone's download.
        "boundary_outline": to_geojson(
            simplify_for_web(geom, tolerance=settings.GEOMETRY_OUTLINE_TOLERANCE, grid=OUTLINE_GRID)
        ),
        "centroid_lat": lat,
        "centroid_lon": lon,
        "area_km2": area_km2(geom),
    }
