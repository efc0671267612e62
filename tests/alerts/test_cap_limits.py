"""A CAP message with a huge polygon is simplified before matching (or refused past a hard limit)."""

import math

import pytest
import time_machine

from kencana.alerts.cap.parser import MAX_AREA_VERTICES, CapRefused, parse_cap
from kencana.alerts.models import CapMessage
from kencana.alerts.services import cap_import

from .conftest import at

MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>BESAR-1</identifier><sender>uji@bmkg.go.id</sender><sent>2026-09-24T15:07:00+08:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>id</language><category>Met</category><event>Hujan</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Observed</certainty><expires>2026-09-24T23:00:00+08:00</expires>
    <area><areaDesc>Balangan</areaDesc><polygon>{polygon}</polygon></area></info>
</alert>"""


def circle_polygon(points: int, lat: float = -2.30, lon: float = 115.45, radius: float = 0.05) -> str:
    ring = [
        f"{lat + radius * math.sin(2 * math.pi * i / points):.6f},{lon + radius * math.cos(2 * math.pi * i / points):.6f}"
        for i in range(points)
    ]
    return " ".join([*ring, ring[0]])


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at("2026-09-24T07:45:00+00:00"), tick=False):
        yield


def test_a_polygon_of_forty_thousand_points_is_simplified_before_matching(bounded, staff):
    paringin, _awayan = bounded
    result = cap_import(data=MESSAGE.format(polygon=circle_polygon(40_000)).encode(), by=staff)
    assert result.kecamatan == [paringin]
    stored = CapMessage.objects.get().areas["features"][0]["geometry"]["coordinates"]
    assert sum(len(ring) for ring in stored) <= MAX_AREA_VERTICES


def test_a_polygon_past_the_hard_limit_is_refused_with_the_reason(db):
    with pytest.raises(CapRefused, match="200000 polygon points; at most 50000"):
        parse_cap(MESSAGE.format(polygon=circle_polygon(199_999)).encode())
