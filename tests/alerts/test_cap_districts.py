"""A district imports CAP messages for itself only: its areas, its identity, its threads.

The feed poll (a configured source) still imports for every district.
"""

from pathlib import Path

import pytest
import time_machine
from rest_framework.test import APIClient

from kencana.alerts.models import Alert, CapMessage
from kencana.alerts.services import cap_import

from .conftest import at

DATA = Path(__file__).parent / "data"
DURING = at("2026-09-24T07:45:00+00:00")
GEOCODE_PARINGIN = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier>
  <sender>{sender}</sender>
  <sent>2026-09-24T15:07:00+08:00</sent>
  <status>Actual</status>
  <msgType>{msg_type}</msgType>
  <scope>{scope}</scope>{references}
  <info>
    <language>id</language>
    <category>Met</category>
    <event>Banjir</event>
    <urgency>Immediate</urgency>
    <severity>Extreme</severity>
    <certainty>Observed</certainty>
    <expires>2026-09-24T23:00:00+08:00</expires>
    <headline>Banjir besar</headline>
    <area>
      <areaDesc>Paringin</areaDesc>
      <geocode><valueName>KEMENDAGRI</valueName><value>63.11.06</value></geocode>
    </area>
  </info>
</alert>"""


def cap(identifier="BMKG-1", sender="cuaca.ekstrem@bmkg.go.id", msg_type="Alert", scope="Public", refers=""):
    references = f"\n  <references>{refers}</references>" if refers else ""
    xml = GEOCODE_PARINGIN.format(
        identifier=identifier, sender=sender, msg_type=msg_type, scope=scope, references=references
    )
    return xml.encode()


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(DURING, tick=False):
        yield


def api_import(user, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client.post("/api/v1/cap/import/", {"file": SimpleUploadedFile("cap.xml", data)}, format="multipart")


def test_staff_of_another_district_cannot_raise_an_alert_in_balangan(paringin, partner_staff, client):
    response = api_import(partner_staff, cap())
    assert response.status_code == 201
    assert response.json()["kecamatan"] == [] and response.json()["alerts_opened"] == 0
    assert "outside your district were ignored: Paringin (63.11.06)" in response.json()["note"]
    assert not Alert.objects.exists()
    assert "Banjir" not in client.get("/cap/63.11/feed.atom").content.decode()
    message = CapMessage.objects.get()
    assert message.district == partner_staff.district and not message.kecamatan.exists()


def test_a_cancel_from_another_district_does_not_resolve_balangan_s_alert(paringin, staff, partner_staff):
    cap_import(data=cap(), by=staff)
    alert = Alert.objects.get(rule="cap_warning")
    refers = "cuaca.ekstrem@bmkg.go.id,BMKG-1,2026-09-24T15:07:00+08:00"
    result = cap_import(data=cap(identifier="BMKG-1-cancel", msg_type="Cancel", refers=refers), by=partner_staff)
    assert result.created and "never imported here" in result.note
    alert.refresh_from_db()
    assert alert.state == Alert.State.OPEN


def test_a_cancel_from_the_same_district_resolves_its_alert(paringin, staff):
    cap_import(data=cap(), by=staff)
    refers = "cuaca.ekstrem@bmkg.go.id,BMKG-1,2026-09-24T15:07:00+08:00"
    cap_import(data=cap(identifier="BMKG-1-cancel", msg_type="Cancel", refers=refers), by=staff)
    assert Alert.objects.get(rule="cap_warning").state == Alert.State.RESOLVED


def test_nobody_can_squat_a_message_identity_before_its_district_imports_it(paringin, staff, partner_staff):
    squatted = cap_import(data=cap(), by=partner_staff)
    genuine = cap_import(data=cap(), by=staff)
    assert squatted.created and genuine.created
    assert genuine.message.district == staff.district and genuine.kecamatan == [paringin]
    assert Alert.objects.get(rule="cap_warning").kecamatan == paringin
    assert not cap_import(data=cap(), by=staff).created  # the same district importing again changes nothing


def test_the_feed_poll_imports_for_every_district(paringin, aluh_aluh):
    result = cap_import(data=cap(), source=CapMessage.Source.FEED)
    assert result.created and result.kecamatan == [paringin]
    assert result.message.district is None
    assert Alert.objects.get(rule="cap_warning").district == paringin.district


def test_a_restricted_message_never_reaches_anonymous_readers(paringin, staff, client, client_for):
    cap_import(data=cap(scope="Restricted"), by=staff)
    alert = Alert.objects.get(rule="cap_warning")
    assert not alert.public
    assert client.get(f"/cap/alerts/{alert.pk}.xml").status_code == 404
    assert "Banjir besar" not in client.get("/cap/63.11/feed.atom").content.decode()
    seen = client_for(staff).get(f"/cap/alerts/{alert.pk}.xml")
    assert seen.status_code == 200 and b"<scope>Restricted</scope>" in seen.content


def test_a_public_message_updated_to_private_is_withdrawn_from_the_feed(paringin, staff, client):
    cap_import(data=cap(), by=staff)
    assert "Banjir besar" in client.get("/cap/63.11/feed.atom").content.decode()
    refers = "cuaca.ekstrem@bmkg.go.id,BMKG-1,2026-09-24T15:07:00+08:00"
    cap_import(data=cap(identifier="BMKG-2", msg_type="Update", scope="Private", refers=refers), by=staff)
    assert not Alert.objects.get(rule="cap_warning").public
    assert "Banjir besar" not in client.get("/cap/63.11/feed.atom").content.decode()
