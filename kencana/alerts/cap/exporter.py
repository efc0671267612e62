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


def cap_time(moment, district) -> str:
    return moment.astimezone(zoneinfo.ZoneInfo(district.timezone)).isoformat(timespec="seconds")


def add_element(parent: Element, name: str, text: str | None) -> Element | None:
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
    add_element(root, "identifier", cap_identifier(alert) + ("-cancel" if resolved else ""))
    add_element(root, "sender", cap_sender())
    add_element(root, "sent", cap_time(alert.resolved_at if resolved else alert.opened_at, district))
    add_element(root, "status", "Actual")
    add_element(root, "msgType", "Cancel" if resolved else "Alert")
    add_element(root, "scope", "Public" if alert.public else "Restricted")
    if not alert.public:
        add_element(root, "restriction", "BPBD and kecamatan officers of the district")
    if source is not None:
        add_element(root, "note", f"Derived from {source.sender} {source.identifier}")
    if resolved:
        add_element(root, "references", f"{cap_sender()},{cap_identifier(alert)},{cap_time(alert.opened_at, district)}")

    info = SubElement(root, f"{{{CAP_12}}}info")
    add_element(info, "language", "id-ID")
    categories = (source.categories if source else None) or [
        HAZARD_CATEGORY.get(alert.hazard.code, "Other") if alert.hazard_id else "Other"
    ]
    for category in categories:
        add_element(info, "category", category)
    with override("id"):
        event = source.event if source else (alert.hazard.name_id if alert.hazard_id else str(alert.subject_label))
    add_element(info, "event", event or alert.title)
    add_element(info, "urgency", (source.urgency if source else "") or "Expected")
    add_element(info, "severity", SEVERITY_TO_CAP[alert.severity])
    add_element(info, "certainty", (source.certainty if source else "") or "Likely")
    add_element(info, "effective", cap_time(alert.opened_at, district))
    if alert.expires_at:
        add_element(info, "expires", cap_time(alert.expires_at, district))
    add_element(info, "senderName", f"BPBD {district.display_name}")
    add_element(info, "headline", alert.title[:160])
    add_element(info, "description", alert.detail)
    _area(info, alert)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8", xml_declaration=False)


def _area(info: Element, alert: Alert) -> None:
    area_element(info, district=alert.district, kecamatan=alert.kecamatan)


def area_element(info: Element, *, district, kecamatan=None) -> None:
    """An <area> for a kecamatan (its polygon and Kemendagri code), or the whole district."""
    area = SubElement(info, f"{{{CAP_12}}}area")
    if kecamatan is None:
        add_element(area, "areaDesc", district.display_name)
        _geocode(area, district.code)
        return
    add_element(
        area,
        "areaDesc",
        _("Kecamatan %(name)s, %(district)s") % {"name": kecamatan.name, "district": district.display_name},
    )
    for ring in _rings(kecamatan.boundary_simplified or kecamatan.boundary):
        add_element(area, "polygon", " ".join(f"{lat:.5f},{lon:.5f}" for lon, lat in ring))
    _geocode(area, kecamatan.code)


def _geocode(area: Element, code: str) -> None:
    geocode = SubElement(area, f"{{{CAP_12}}}geocode")
    add_element(geocode, "valueName", "KEMENDAGRI")
    add_element(geocode, "value", code)


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
