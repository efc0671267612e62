"""The CAP we publish: checked element by element against the order CAP 1.2 prescribes."""

import datetime
import re

import pytest
from defusedxml.ElementTree import fromstring
from django.utils import timezone

from kecamatan.models import Hazard
from kencana.alerts import services
from kencana.alerts.models import Alert

CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"
ALERT_ORDER = [
    "identifier",
    "sender",
    "sent",
    "status",
    "msgType",
    "source",
    "scope",
    "restriction",
    "addresses",
    "code",
    "note",
    "references",
    "incidents",
    "info",
]
INFO_ORDER = [
    "language",
    "category",
    "event",
    "responseType",
    "urgency",
    "severity",
    "certainty",
    "audience",
    "eventCode",
    "effective",
    "onset",
    "expires",
    "senderName",
    "headline",
    "description",
    "instruction",
    "web",
    "contact",
    "parameter",
    "resource",
    "area",
]
AREA_ORDER = ["areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"]
CAP_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def children(node) -> list[str]:
    return [child.tag.removeprefix(CAP) for child in node]


def in_order(names: list[str], order: list[str]) -> bool:
    positions = [order.index(n) for n in names]
    return positions == sorted(positions)


@pytest.fixture
def warning_alert(bounded, staff):
    paringin, _awayan = bounded
    services.hazard_warning_create(
        by=staff,
        kecamatan=[paringin],
        hazard=Hazard.objects.get(code="banjir"),
        title="Siaga darurat banjir",
        message="Debit Sungai Balangan naik.",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return Alert.objects.get()


def test_an_alert_is_published_as_cap_12_in_the_schema_order(client, warning_alert):
    response = client.get(f"/cap/alerts/{warning_alert.pk}.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    root = fromstring(response.content)
    assert root.tag == f"{CAP}alert"
    names = children(root)
    assert names[:5] == ["identifier", "sender", "sent", "status", "msgType"] and "scope" in names
    assert in_order(names, ALERT_ORDER)
    assert root.findtext(f"{CAP}scope") == "Public"
    assert CAP_TIME.match(root.findtext(f"{CAP}sent")) and root.findtext(f"{CAP}sent").endswith("+08:00")
    info = root.find(f"{CAP}info")
    info_names = children(info)
    assert in_order(info_names, INFO_ORDER)
    for required in ("category", "event", "urgency", "severity", "certainty"):
        assert required in info_names
    assert info.findtext(f"{CAP}language") == "id-ID"
    assert info.findtext(f"{CAP}category") == "Met"
    assert info.findtext(f"{CAP}severity") == "Severe"
    area = info.find(f"{CAP}area")
    assert in_order(children(area), AREA_ORDER)
    polygon = area.findtext(f"{CAP}polygon").split()
    assert polygon[0] == polygon[-1] and len(polygon) >= 4
    lat, lon = map(float, polygon[0].split(","))
    assert -2.31 < lat < -2.24 and 115.44 < lon < 115.51  # lat,lon, not lon,lat
    assert area.find(f"{CAP}geocode").findtext(f"{CAP}value") == "63.11.06"


def test_a_resolved_alert_is_published_as_a_cancel_referring_to_the_original(client, warning_alert, staff):
    services.alert_resolve(alert=warning_alert, by=staff, note="Air surut")
    root = fromstring(client.get(f"/cap/alerts/{warning_alert.pk}.xml").content)
    assert root.findtext(f"{CAP}msgType") == "Cancel"
    _sender, identifier, _sent = root.findtext(f"{CAP}references").split(",", 2)
    assert identifier == f"kencana-63.11-alert-{warning_alert.pk}" and root.findtext(f"{CAP}identifier") != identifier


def test_an_internal_alert_is_not_published(client, paringin):
    from .factories import AlertFactory

    alert = AlertFactory(kecamatan=paringin, rule="stock_below_minimum", public=False)
    assert client.get(f"/cap/alerts/{alert.pk}.xml").status_code == 404


def test_an_internal_alert_is_exported_as_restricted_to_people_who_see_it(client_for, staff, paringin):
    from .factories import AlertFactory

    alert = AlertFactory(kecamatan=paringin, rule="stock_below_minimum", public=False)
    root = fromstring(client_for(staff).get(f"/cap/alerts/{alert.pk}.xml").content)
    assert root.findtext(f"{CAP}scope") == "Restricted" and root.findtext(f"{CAP}restriction")


def test_the_district_feed_lists_its_public_alerts_with_cap_links(client, warning_alert, paringin):
    from .factories import AlertFactory

    AlertFactory(kecamatan=paringin, rule="stock_below_minimum", public=False, title="Beras di bawah minimum")
    response = client.get("/cap/63.11/feed.atom")
    assert response.status_code == 200
    feed = fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [warning_alert.title]
    links = [link.get("href") for link in entries[0].findall(f"{ATOM}link")]
    assert any(href.endswith(f"/cap/alerts/{warning_alert.pk}.xml") for href in links)


def test_an_unknown_district_has_no_feed(client, db):
    assert client.get("/cap/99.99/feed.atom").status_code == 404
