"""Writing alerts as CAP 1.2, in the element order the OASIS schema requires.

Times are written in the district's own offset (``2026-01-05T14:00:00+08:00``);
CAP forbids "Z". Polygons come from the simplified kecamatan boundary, as closed
``lat,lon`` rings.
"""

import zoneinfo
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..models import Alert, CapMessage
from .parser import CAP_12

register_namespace("", CAP_12)

SEVERITY_TO_CAP = {"minor": "Minor", "moderate": "Moderate", "severe": "Severe", "extreme": "Extreme"}
# InaRISK hazards → CAP categories.
HAZARD_CATEGORY = {
    "banjir": "Met",
    "banjir-bandang": "Met",
    "cuaca-ekstrim": "Met",
    "kekeringan": "Met",
    "gelombang-ekstrim-abrasi": "Met",
    "gempa-bumi": "Geo",
    "tsunami": "Geo",
    "letusan-gunung-api": "Geo",
    "tanah-longsor": "Geo",
    "likuefaksi": "Geo",
    "karhutla": "Fire",
}


def cap_sender() -> str:
    return f"kencana@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def cap_identifier(alert: Alert) -> str:
    return f"kencana-{alert.district.code}-alert-{alert.pk}"


def _time(moment, district) -> str:
    return moment.astimezone(zoneinfo.ZoneInfo(district.timezone)).isoformat(timespec="seconds")


def _add(parent: Element, name: str, text: str | None) -> Element | None:
    if text in (None, ""):
        return None
    child = SubElement(parent, f"{{{CAP_12}}}{name}")
    child.text = str(text)
    return child


def _source_message(alert: Alert) -> CapMessage | None:
    if alert.rule == "cap_warning" and alert.subject_id.isdigit():
        return CapMessage.objects.filter(pk=int(alert.subject_id)).first()
    return None


def alert_to_cap(alert: Alert) -> bytes:
    """One alert as a CAP 1.2 <alert> with one Indonesian <info> and the kecamatan as <area>."""
    district = alert.district
    source = _source_message(alert)
    resolved = alert.state == Alert.State.RESOLVED
    root = Element(f"{{{CAP_12}}}alert")
    # A resolved alert is published as a Cancel of the original message.
    _add(root, "identifier", cap_identifier(alert) + ("-cancel" if resolved else ""))
    _add(root, "sender", cap_sender())
    _add(root, "sent", _time(alert.resolved_at if resolved else alert.opened_at, district))
    _add(root, "status", "Actual")
    _add(root, "msgType", "Cancel" if resolved else "Alert")
    _add(root, "scope", "Public" if alert.public else "Restricted")
    if not alert.public:
        _add(root, "restriction", "BPBD and kecamatan officers of the district")
    if source is not None:
        _add(root, "note", f"Derived from {source.sender} {source.identifier}")
    if resolved:
        _add(root, "references", f"{cap_sender()},{cap_identifier(alert)},{_time(alert.opened_at, district)}")

    info = SubElement(root, f"{{{CAP_12}}}info")
    _add(info, "language", "id-ID")
    categories = (source.categories if source else None) or [
        HAZARD_CATEGORY.get(alert.hazard.code, "Other") if alert.hazard_id else "Other"
    ]
    for category in categories:
        _add(info, "category", category)
    with override("id"):
        event = source.event if source else (alert.hazard.name_id if alert.hazard_id else str(alert.subject_label))
    _add(info, "event", event or alert.title)
    _add(info, "urgency", (source.urgency if source else "") or "Expected")
    _add(info, "severity", SEVERITY_TO_CAP[alert.severity])
    _add(info, "certainty", (source.certainty if source else "") or "Likely")
    _add(info, "effective", _time(alert.opened_at, district))
    if alert.expires_at:
        _add(info, "expires", _time(alert.expires_at, district))
    _add(info, "senderName", f"BPBD {district.display_name}")
    _add(info, "headline", alert.title[:160])
    _add(info, "description", alert.detail)
    _area(info, alert)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8", xml_declaration=False)


def _area(info: Element, alert: Alert) -> None:
    area = SubElement(info, f"{{{CAP_12}}}area")
    kecamatan = alert.kecamatan
    if kecamatan is None:
        _add(area, "areaDesc", alert.district.display_name)
        _geocode(area, alert.district.code)
        return
    _add(
        area,
        "areaDesc",
        _("Kecamatan %(name)s, %(district)s") % {"name": kecamatan.name, "district": alert.district.display_name},
    )
    for ring in _rings(kecamatan.boundary_simplified or kecamatan.boundary):
        _add(area, "polygon", " ".join(f"{lat:.5f},{lon:.5f}" for lon, lat in ring))
    _geocode(area, kecamatan.code)


def _geocode(area: Element, code: str) -> None:
    geocode = SubElement(area, f"{{{CAP_12}}}geocode")
    _add(geocode, "valueName", "KEMENDAGRI")
    _add(geocode, "value", code)


def _rings(geometry: dict | None) -> list[list]:
    """Outer rings of a GeoJSON (Multi)Polygon, closed, with at least four points."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return []
    rings = []
    for polygon in polygons:
        ring = [tuple(point[:2]) for point in polygon[0]]
        if ring and ring[0] != ring[-1]:
            ring.append(ring[0])
        if len(ring) >= 4:
            rings.append(ring)
    return rings
