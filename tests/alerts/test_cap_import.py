from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from kencana.alerts.cap.feed import parse_feed
from kencana.alerts.cap.parser import CapRefused, parse_cap
from kencana.alerts.models import Alert, CapMessage
from kencana.alerts.services import cap_import

from .conftest import at

DATA = Path(__file__).parent / "data"
DURING = at("2026-09-24T07:45:00+00:00")  # 15:45 WITA, while the fixtures' warnings are in force


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(DURING, tick=False):
        yield


def test_a_bmkg_message_prefers_indonesian_and_keeps_times_in_utc():
    message = parse_cap(read("bmkg_balangan.xml"))
    assert message.info.language == "id"
    assert message.info.event == "Hujan Lebat dan Petir"
    assert message.sent == at("2026-09-24T07:07:00+00:00")
    assert message.info.expires == at("2026-09-24T09:27:00+00:00")
    assert len(message.info.areas[0].polygons) == 3
    # lat,lon pairs: the first point is south of the equator, east of 115°
    assert message.info.areas[0].polygons[0][0] == (-2.29, 115.46)


def test_a_bmkg_message_raises_an_alert_for_each_kecamatan_its_polygons_touch(bounded, staff):
    paringin, awayan = bounded
    result = cap_import(data=read("bmkg_balangan.xml"), by=staff)
    assert result.created and result.kecamatan == [awayan, paringin]
    alerts = Alert.objects.filter(rule="cap_warning").order_by("kecamatan__code")
    assert [a.kecamatan for a in alerts] == [awayan, paringin]
    assert alerts[0].severity == "moderate" and alerts[0].public
    assert alerts[0].title.startswith("Hujan Lebat disertai Petir di Kalimantan Selatan")
    stored = result.message
    assert stored.xml.startswith("<?xml") and "2.49.0.1.360.0.2026.09.24.07.99.001" in stored.xml
    assert stored.thread == stored and stored.areas["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_the_cap_prefix_and_circles_are_read_the_same(bounded, staff):
    _paringin, awayan = bounded
    result = cap_import(data=read("prefixed_circle.xml"), by=staff)
    assert result.kecamatan == [awayan]
    assert Alert.objects.get().severity == "extreme"


def test_an_area_without_geometry_falls_back_to_kecamatan_names(bounded, staff):
    _paringin, awayan = bounded
    result = cap_import(data=read("names_only.xml"), by=staff)
    assert result.kecamatan == [awayan]
    assert result.message.sent == at("2026-09-24T07:00:00+00:00")  # +07:00 offset


def test_an_update_refreshes_the_same_alert_and_resolves_kecamatan_no_longer_covered(bounded, staff):
    paringin, awayan = bounded
    cap_import(data=read("bmkg_balangan.xml"), by=staff)
    before = {a.kecamatan_id: a.pk for a in Alert.objects.all()}
    result = cap_import(data=read("bmkg_balangan_update.xml"), by=staff)
    original = CapMessage.objects.get(identifier__endswith="99.001")
    assert result.message.thread == original and not original.is_current
    kept = Alert.objects.get(kecamatan=paringin, state="open")
    assert kept.pk == before[paringin.pk]
    assert kept.severity == "severe" and kept.title.startswith("Hujan Sangat Lebat di Paringin")
    assert Alert.objects.get(kecamatan=awayan).state == "resolved"


def test_a_cancel_resolves_the_alerts_of_the_message_it_references(bounded, staff):
    cap_import(data=read("bmkg_balangan.xml"), by=staff)
    cap_import(data=read("bmkg_balangan_update.xml"), by=staff)
    result = cap_import(data=read("bmkg_balangan_cancel.xml"), by=staff)
    assert "Cancel" in result.note
    assert set(Alert.objects.values_list("state", flat=True)) == {"resolved"}
    assert all("cancelled" in a.resolution_note for a in Alert.objects.all())


def test_the_alerts_resolve_when_the_cap_warning_expires(bounded, staff):
    from kencana.alerts.engine import rules_run

    cap_import(data=read("bmkg_balangan.xml"), by=staff)
    with time_machine.travel(at("2026-09-24T09:30:00+00:00")):
        rules_run()
    assert set(Alert.objects.values_list("state", flat=True)) == {"resolved"}


def test_a_message_for_a_province_without_boundaries_is_stored_unmatched(bounded, staff):
    result = cap_import(data=read("gorontalo.xml"), by=staff)
    assert result.created and result.kecamatan == []
    assert result.note.startswith("No matching kecamatan")
    assert CapMessage.objects.count() == 1 and not Alert.objects.exists()


def test_importing_the_same_message_twice_changes_nothing(bounded, staff):
    cap_import(data=read("bmkg_balangan.xml"), by=staff)
    again = cap_import(data=read("bmkg_balangan.xml"), by=staff)
    assert not again.created and "imported before" in again.note
    assert CapMessage.objects.count() == 1 and Alert.objects.count() == 2


@pytest.mark.parametrize(
    "name, reason",
    [
        ("malformed.xml", "not well-formed XML"),
        ("not_cap.xml", "not a CAP 1.2 alert"),
        ("missing_sent.xml", "no <sent>"),
        ("bad_polygon.xml", "outside the globe"),
        ("entity_bomb.xml", "DTD"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(bounded, staff, name, reason):
    with pytest.raises(ValidationError, match=reason):
        cap_import(data=read(name), by=staff)
    assert not CapMessage.objects.exists() and not Alert.objects.exists()


def test_a_dtd_is_refused_before_any_entity_is_expanded():
    with pytest.raises(CapRefused, match="DTD"):
        parse_cap(read("entity_bomb.xml"))


def test_an_update_without_references_is_refused():
    text = read("bmkg_balangan_update.xml").replace(b"<references>", b"<note>").replace(b"</references>", b"</note>")
    with pytest.raises(CapRefused, match="references"):
        parse_cap(text)


def test_the_command_imports_a_file_and_reports_the_match(bounded, capsys):
    call_command("import_cap", str(DATA / "bmkg_balangan.xml"))
    assert "Matched kecamatan" in capsys.readouterr().out
    assert Alert.objects.count() == 2


def test_the_command_refuses_a_bad_file_with_its_reason(db):
    with pytest.raises(CommandError, match="not well-formed"):
        call_command("import_cap", str(DATA / "malformed.xml"))


def test_the_rss_feed_lists_the_cap_links():
    items = parse_feed(read("feed.rss"), base_url="https://example.org/alerts/rss.xml")
    assert [i.link for i in items] == [
        "https://example.org/alerts/bmkg_balangan.xml",
        "https://example.org/alerts/gorontalo.xml",
    ]
    assert items[0].guid == "2.49.0.1.360.0.2026.09.24.07.99.001"


@pytest.fixture
def feed_server():
    """The fixture directory served over HTTP on 127.0.0.1, like a BMKG feed host."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(DATA)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_feed_poll_imports_new_items_once(bounded, feed_server):
    from kencana.alerts.cap.feed import feed_poll

    first = feed_poll(url=f"{feed_server}/feed.rss")
    second = feed_poll(url=f"{feed_server}/feed.rss")
    assert first == {"imported": 2, "skipped": 0, "refused": 0}
    assert second == {"imported": 0, "skipped": 2, "refused": 0}
    assert set(CapMessage.objects.values_list("source", flat=True)) == {"feed"}
    assert Alert.objects.count() == 2  # Balangan's message; Gorontalo's matched nothing
