"""Where warehouses are: inside their district, and how far from a kecamatan."""

import math

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape

from kecamatan.models import District

EARTH_RADIUS_KM = 6371.0


def district_outline(district: District):
    """The district's boundary, or the union of its kecamatan boundaries; None when none is known."""
    if district.boundary:
        return shape(district.boundary)
    boundaries = district.kecamatan.exclude(boundary=None).values_list("boundary", flat=True)
    shapes = [shape(b) for b in boundaries if b]
    return shapely.union_all(shapes) if shapes else None


def location_error(*, district: District, lat: float, lon: float) -> str:
    """A message when (lat, lon) lies outside the district; "" when inside or unknown."""
    outline = district_outline(district)
    # A small tolerance (~100 m): boundary files and GPS readings both carry error.
    if outline is not None and not outline.buffer(0.001).contains(Point(lon, lat)):
        return _("This location (%(lat).5f, %(lon).5f) is outside %(district)s.") % {
            "lat": lat,
            "lon": lon,
            "district": district.display_name,
        }
    return ""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
