"""Which kecamatan a CAP message's areas touch.

Geometry first: an area's polygons and circles against the kecamatan boundaries
(prefiltered by centroid near the area, so a national table is not scanned
shape by shape). A Kemendagri kecamatan code in a geocode matches directly. An
area with no geometric match falls back to kecamatan names in its areaDesc; a
name shared by several kecamatan is reported and skipped rather than guessed.
"""

import re
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext as _
from shapely.geometry import shape

from kecamatan.models import Kecamatan

from .parser import CapArea

# How far (degrees) a kecamatan centroid may lie outside an area's bounding box and
# still be tested: larger than the radius of any kecamatan.
CENTROID_MARGIN = 1.0
KEMENDAGRI_KECAMATAN = re.compile(r"^(\d{2})\.?(\d{2})\.?(\d{2})$")


@dataclass
class MatchResult:
    kecamatan: list[Kecamatan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def match_areas(areas: list[CapArea]) -> MatchResult:
    result = MatchResult()
    found: dict[int, Kecamatan] = {}
    for area in areas:
        matched = _by_geocode(area) | _by_geometry(area)
        if not matched:
            matched = _by_name(area, result.notes)
        for kecamatan in matched:
            found.setdefault(kecamatan.pk, kecamatan)
    result.kecamatan = sorted(found.values(), key=lambda k: k.code)
    return result


def _by_geocode(area: CapArea) -> set[Kecamatan]:
    codes = set()
    for _name, value in area.geocodes:
        match = KEMENDAGRI_KECAMATAN.match(value.strip())
        if match:
            codes.add(".".join(match.groups()))
    return set(Kecamatan.objects.filter(code__in=codes).only("pk", "code", "name", "district_id")) if codes else set()


def _by_geometry(area: CapArea) -> set[Kecamatan]:
    geom = area.geometry()
    if geom is None or geom.is_empty:
        return set()
    minx, miny, maxx, maxy = geom.bounds
    candidates = Kecamatan.objects.filter(
        boundary__isnull=False,
        centroid_lat__range=(miny - CENTROID_MARGIN, maxy + CENTROID_MARGIN),
        centroid_lon__range=(minx - CENTROID_MARGIN, maxx + CENTROID_MARGIN),
    ).only("pk", "code", "name", "district_id", "boundary")
    matched = set()
    for kecamatan in candidates:
        boundary = shape(kecamatan.boundary)
        # Sharing only an edge is not touching the kecamatan's territory.
        if geom.intersects(boundary) and not geom.touches(boundary):
            matched.add(kecamatan)
    return matched


def _name_tokens(area_desc: str) -> list[str]:
    parts = re.split(r"[,;/\n]|\s+dan\s+|\s+and\s+", area_desc, flags=re.IGNORECASE)
    tokens = []
    for part in parts:
        name = re.sub(r"^\s*(kecamatan|kec\.?)\s+", "", part.strip(), flags=re.IGNORECASE).strip(" .")
        if name:
            tokens.append(name)
    return tokens


def _by_name(area: CapArea, notes: list[str]) -> set[Kecamatan]:
    tokens = _name_tokens(area.desc)
    if not tokens:
        return set()
    rows = Kecamatan.objects.filter(reduce(or_, [Q(name__iexact=t) for t in tokens])).only(
        "pk", "code", "name", "district_id"
    )
    by_name: dict[str, list[Kecamatan]] = {}
    for kecamatan in rows:
        by_name.setdefault(kecamatan.name.lower(), []).append(kecamatan)
    matched = set()
    for _key, found in sorted(by_name.items()):
        if len(found) == 1:
            matched.add(found[0])
        else:
            notes.append(
                _("The name %(name)s in areaDesc fits several kecamatan (%(codes)s); none was chosen.")
                % {"name": found[0].name, "codes": ", ".join(k.code for k in found)}
            )
    return matched
