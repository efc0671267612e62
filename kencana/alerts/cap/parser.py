"""Reading CAP 1.2 messages, safely.

defusedxml refuses DTDs, entity declarations and external references, so a
billion-laughs file or an XXE probe is refused before anything is expanded. The
``cap:`` prefix and the default namespace read the same (ElementTree resolves
both to the namespace URI). Times keep their offset on the way in and are stored
in UTC. Polygons are ``lat,lon`` pairs, as CAP says; shapely wants ``(lon, lat)``.
"""

import datetime
import math
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import shapely
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from shapely import affinity
from shapely.geometry import Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.validation import make_valid

CAP_12 = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_NAMESPACES = (CAP_12, "urn:oasis:names:tc:emergency:cap:1.1")
STATUSES = ("Actual", "Exercise", "System", "Test", "Draft")
MSG_TYPES = ("Alert", "Update", "Cancel", "Ack", "Error")
SCOPES = ("Public", "Restricted", "Private")
# CAP severity → ours; "Unknown" is treated as moderate so it is neither ignored nor shouted.
SEVERITIES = {"Extreme": "extreme", "Severe": "severe", "Moderate": "moderate", "Minor": "minor", "Unknown": "moderate"}
KM_PER_DEGREE = 111.32
MAX_CIRCLE_KM = 2000
# BMKG's polygons have tens to hundreds of points. A message may carry at most MAX_POINTS in
# all; each area is simplified to MAX_AREA_VERTICES before it is matched and stored.
MAX_POINTS = 50_000
MAX_AREA_VERTICES = 2_000
SIMPLIFY_START_DEGREES = 0.0005  # about 55 m  # wider than any warning area; more is a typing error or a probe


class CapRefused(ValueError):
    """The input is not a CAP message we can read; nothing was stored. The message says why."""


@dataclass
class CapArea:
    desc: str
    polygons: list[list[tuple[float, float]]] = field(default_factory=list)  # (lat, lon) rings
    circles: list[tuple[float, float, float]] = field(default_factory=list)  # lat, lon, radius km
    geocodes: list[tuple[str, str]] = field(default_factory=list)

    def geometry(self) -> BaseGeometry | None:
        """The area as one shapely geometry in (lon, lat), or None if it has no shapes.

        A polygon with more than ``MAX_AREA_VERTICES`` points is simplified first (a
        warning area needs no finer outline), so matching and storing stay cheap.
        """
        parts = []
        for ring in self.polygons:
            polygon = _simplified(Polygon([(lon, lat) for lat, lon in ring]))
            parts.append(polygon if polygon.is_valid else make_valid(polygon))
        for lat, lon, radius_km in self.circles:
            parts.append(_circle(lat, lon, radius_km))
        return shapely.union_all(parts) if parts else None

    def as_feature(self) -> dict:
        geom = self.geometry()
        return {
            "type": "Feature",
            "geometry": mapping(geom) if geom is not None and not geom.is_empty else None,
            "properties": {"areaDesc": self.desc, "geocodes": [list(g) for g in self.geocodes]},
        }


def _simplified(polygon: Polygon) -> Polygon:
    """The polygon with at most MAX_AREA_VERTICES points, simplified with a growing tolerance."""
    tolerance = SIMPLIFY_START_DEGREES
    while shapely.get_num_coordinates(polygon) > MAX_AREA_VERTICES:
        polygon = polygon.simplify(tolerance, preserve_topology=True)
        tolerance *= 2
    return polygon


def _circle(lat: float, lon: float, radius_km: float) -> BaseGeometry:
    if radius_km <= 0:
        return Point(lon, lat)
    # An ellipse in degrees that is a circle on the ground near this latitude.
    disc = Point(0, 0).buffer(radius_km / KM_PER_DEGREE, quad_segs=16)
    stretch = 1 / max(math.cos(math.radians(lat)), 0.01)
    return affinity.translate(affinity.scale(disc, xfact=stretch, origin=(0, 0)), lon, lat)


@dataclass
class CapInfo:
    language: str
    categories: list[str]
    event: str
    urgency: str
    severity: str
    certainty: str
    effective: datetime.datetime | None
    onset: datetime.datetime | None
    expires: datetime.datetime | None
    sender_name: str
    headline: str
    description: str
    instruction: str
    areas: list[CapArea]

    @property
    def is_indonesian(self) -> bool:
        return self.language.lower().split("-")[0] in ("id", "in")


@dataclass
class CapAlert:
    identifier: str
    sender: str
    sent: datetime.datetime
    status: str
    msg_type: str
    scope: str
    references: list[tuple[str, str]]  # (sender, identifier)
    infos: list[CapInfo]
    xml: str

    @property
    def info(self) -> CapInfo | None:
        """The info block to show: the first Indonesian one, else the first."""
        return next((i for i in self.infos if i.is_indonesian), self.infos[0] if self.infos else None)


def parse_cap(data: bytes | str) -> CapAlert:
    if isinstance(data, str):
        data = data.encode()
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden as exc:
        raise CapRefused(_("The file declares a DTD; CAP messages must not, and it was refused for safety.")) from exc
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as exc:
        raise CapRefused(
            _("The file declares XML entities or external references; it was refused for safety.")
        ) from exc
    except ParseError as exc:
        raise CapRefused(_("The file is not well-formed XML (%(error)s).") % {"error": exc}) from exc
    namespace, _sep, local = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    if local != "alert" or namespace not in CAP_NAMESPACES:
        raise CapRefused(
            _("This is not a CAP 1.2 alert: the root element is <%(tag)s> in namespace %(ns)s.")
            % {"tag": local, "ns": namespace or _("(none)")}
        )
    reader = _Reader(namespace)
    points = sum((polygon.text or "").count(",") for polygon in root.iter(f"{{{namespace}}}polygon"))
    if points > MAX_POINTS:
        raise CapRefused(
            _("The message has %(count)s polygon points; at most %(max)s are read.")
            % {"count": points, "max": MAX_POINTS}
        )
    alert = CapAlert(
        identifier=reader.required(root, "identifier"),
        sender=reader.required(root, "sender"),
        sent=_time(reader.required(root, "sent"), "sent"),
        status=reader.choice(root, "status", STATUSES),
        msg_type=reader.choice(root, "msgType", MSG_TYPES),
        scope=reader.choice(root, "scope", SCOPES),
        references=_references(reader.text(root, "references")),
        infos=[_info(reader, node) for node in reader.all(root, "info")],
        xml=data.decode("utf-8", errors="replace"),
    )
    if alert.msg_type in ("Update", "Cancel") and not alert.references:
        raise CapRefused(
            _("An %(type)s message must name the message it refers to in <references>.") % {"type": alert.msg_type}
        )
    return alert


class _Reader:
    def __init__(self, namespace: str):
        self.ns = namespace

    def _q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    def all(self, node: Element, name: str) -> list[Element]:
        return node.findall(self._q(name))

    def text(self, node: Element, name: str) -> str:
        child = node.find(self._q(name))
        return (child.text or "").strip() if child is not None else ""

    def texts(self, node: Element, name: str) -> list[str]:
        return [(c.text or "").strip() for c in self.all(node, name) if (c.text or "").strip()]

    def required(self, node: Element, name: str) -> str:
        value = self.text(node, name)
        if not value:
            raise CapRefused(_("The CAP message has no <%(element)s>, which is required.") % {"element": name})
        return value

    def choice(self, node: Element, name: str, allowed: tuple[str, ...]) -> str:
        value = self.required(node, name)
        if value not in allowed:
            raise CapRefused(
                _("<%(element)s> is %(value)r; CAP 1.2 allows %(allowed)s.")
                % {"element": name, "value": value, "allowed": ", ".join(allowed)}
            )
        return value


def _time(text: str, element: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CapRefused(
            _("<%(element)s> is not a date and time: %(value)r.") % {"element": element, "value": text}
        ) from exc
    if moment.tzinfo is None:
        raise CapRefused(_("<%(element)s> has no time zone offset: %(value)r.") % {"element": element, "value": text})
    return moment.astimezone(datetime.UTC)


def _optional_time(reader: _Reader, node: Element, element: str) -> datetime.datetime | None:
    value = reader.text(node, element)
    return _time(value, element) if value else None


def _references(text: str) -> list[tuple[str, str]]:
    refs = []
    for entry in text.split():
        parts = entry.split(",")
        if len(parts) != 3:
            raise CapRefused(_("<references> entry %(entry)r is not sender,identifier,sent.") % {"entry": entry})
        refs.append((parts[0], parts[1]))
    return refs


def _info(reader: _Reader, node: Element) -> CapInfo:
    return CapInfo(
        language=reader.text(node, "language") or "en-US",
        categories=reader.texts(node, "category"),
        event=reader.text(node, "event"),
        urgency=reader.text(node, "urgency"),
        severity=reader.text(node, "severity"),
        certainty=reader.text(node, "certainty"),
        effective=_optional_time(reader, node, "effective"),
        onset=_optional_time(reader, node, "onset"),
        expires=_optional_time(reader, node, "expires"),
        sender_name=reader.text(node, "senderName"),
        headline=reader.text(node, "headline"),
        description=reader.text(node, "description"),
        instruction=reader.text(node, "instruction"),
        areas=[_area(reader, a) for a in reader.all(node, "area")],
    )


def _area(reader: _Reader, node: Element) -> CapArea:
    area = CapArea(desc=reader.text(node, "areaDesc"))
    for text in reader.texts(node, "polygon"):
        area.polygons.append(_ring(text))
    for text in reader.texts(node, "circle"):
        center, _sep, radius = text.partition(" ")
        lat, lon = _pair(center, "circle")
        try:
            radius_km = float(radius.strip())
        except ValueError as exc:
            raise CapRefused(_("<circle> %(value)r has no radius in km.") % {"value": text}) from exc
        if not (math.isfinite(radius_km) and 0 <= radius_km <= MAX_CIRCLE_KM):
            raise CapRefused(
                _("<circle> %(value)r: the radius must be a number of km from 0 to %(max)s.")
                % {"value": text, "max": MAX_CIRCLE_KM}
            )
        area.circles.append((lat, lon, radius_km))
    for geocode in reader.all(node, "geocode"):
        area.geocodes.append((reader.text(geocode, "valueName"), reader.text(geocode, "value")))
    return area


def _pair(text: str, element: str) -> tuple[float, float]:
    try:
        lat_text, lon_text = text.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError as exc:
        raise CapRefused(
            _("<%(element)s> point %(value)r is not lat,lon.") % {"element": element, "value": text}
        ) from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also refuses nan and inf
        raise CapRefused(
            _("<%(element)s> point %(value)r is outside the globe (lat,lon expected).")
            % {"element": element, "value": text}
        )
    return lat, lon


def _ring(text: str) -> list[tuple[float, float]]:
    ring = [_pair(p, "polygon") for p in text.split()]
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])  # CAP requires closed rings; some senders forget
    if len(ring) < 4:
        raise CapRefused(_("A <polygon> needs at least three distinct points: %(value)r.") % {"value": text[:80]})
    return ring
