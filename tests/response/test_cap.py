"""Each event is a CAP 1.2 alert on its district's public feed: Alert when recorded, Update when its
areas, status or decree change, Cancel when closed, each referencing the earlier messages."""

import datetime

from defusedxml.ElementTree import fromstring
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kencana.alerts.cap.parser import CAP_12
from kencana.response import services
from kencana.response.cap import CLOSED_ON_FEED
from kencana.response.models import Event

from . import factories

NS = {"cap": CAP_12}


def cap_of(event) -> object:
    response = Client().get(reverse("response_cap:event", args=[event.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/cap+xml")
    return fromstring(response.content)


def test_a_recorded_event_is_a_public_cap_alert_with_its_kecamatan(event):
    root = cap_of(event)
    assert root.findtext("cap:msgType", namespaces=NS) == "Alert"
    assert root.findtext("cap:scope", namespaces=NS) == "Public"
    assert root.findtext("cap:identifier", namespaces=NS) == f"kencana-63.11-event-{event.pk}-1"
    assert root.find("cap:references", NS) is None
    info = root.find("cap:info", NS)
    assert info.findtext("cap:event", namespaces=NS) == "Banjir"
    assert info.findtext("cap:language", namespaces=NS) == "id-ID"
    codes = [area.findtext("cap:geocode/cap:value", namespaces=NS) for area in info.findall("cap:area", NS)]
    assert codes == ["63.11.03", "63.11.06"]
    assert "dipantau" in info.findtext("cap:headline", namespaces=NS)


def test_a_decree_is_an_update_that_references_the_alert_and_closing_is_a_cancel(event, staff):
    today = factories.today()
    services.decree_record(
        event=event,
        by=staff,
        number="188.45/1/2026",
        signed_on=today,
        level="tanggap",
        period_start=today,
        period_end=today + datetime.timedelta(days=6),
    )
    root = cap_of(event)
    assert root.findtext("cap:msgType", namespaces=NS) == "Update"
    assert root.findtext("cap:references", namespaces=NS).split(",")[1] == f"kencana-63.11-event-{event.pk}-1"
    info = root.find("cap:info", NS)
    assert info.findtext("cap:severity", namespaces=NS) == "Severe"
    assert "188.45/1/2026" in info.findtext("cap:description", namespaces=NS)
    assert info.findtext("cap:expires", namespaces=NS).startswith((today + datetime.timedelta(days=6)).isoformat())
    services.event_close(event=event, by=staff, ended_at=timezone.now())
    root = cap_of(event)
    assert root.findtext("cap:msgType", namespaces=NS) == "Cancel"
    assert len(root.findtext("cap:references", namespaces=NS).split(" ")) == 2


def test_the_district_feed_lists_open_events_and_those_closed_lately(event, staff, paringin):
    from . import factories

    old = factories.open_event(staff, [paringin])
    services.event_close(event=old, by=staff, ended_at=timezone.now())
    Event.objects.filter(pk=old.pk).update(closed_at=timezone.now() - CLOSED_ON_FEED - datetime.timedelta(hours=1))
    feed = Client().get(reverse("cap:feed", args=["63.11"])).content.decode()
    assert f"/cap/events/{event.pk}.xml" in feed
    assert f"/cap/events/{old.pk}.xml" not in feed


def test_the_cap_message_carries_no_figures_or_names(event, staff, officer, lasung_batu):
    services.casualty_save(event=event, by=staff, desa=lasung_batu, name="Rahmat", sex="m", status="missing")
    body = Client().get(reverse("response_cap:event", args=[event.pk])).content.decode()
    assert "Rahmat" not in body
