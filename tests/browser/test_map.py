import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kecamatan.models import Desa, District, Kecamatan
from kencana.readiness.models import Assignment, Report, Template, TemplateVersion, TierThreshold

from .conftest import ARTIFACTS, login

Q3 = datetime.date(2026, 7, 1)


def verified(kecamatan, assignment, state, score=None, tier=""):
    Report.objects.create(
        assignment=assignment,
        version=assignment.version,
        kecamatan=kecamatan,
        period_type="quarter",
        period_start=Q3,
        period_end=datetime.date(2026, 9, 30),
        due_on=datetime.date(2026, 10, 15),
        closes_on=datetime.date(2026, 11, 14),
        state=state,
        score=score,
        tier=tier,
        submitted_at=timezone.now(),
        first_submitted_at=timezone.now(),
    )


def readiness_states():
    balangan = District.objects.get(code="63.11")
    template = Template.objects.create(district=balangan, name="Kencana uji peta")
    version = TemplateVersion.objects.create(template=template, number=1, state="published")
    for name, bound in [("Pratama", 0), ("Madya", 55), ("Utama", 80)]:
        TierThreshold.objects.create(version=version, name=name, lower_bound=bound)
    assignment = Assignment.objects.create(district=balangan, version=version, starts_on=Q3)
    verified(Kecamatan.objects.get(code="63.11.06"), assignment, "verified", 60, "Madya")
    verified(Kecamatan.objects.get(code="63.11.03"), assignment, "verified", 85, "Utama")
    verified(Kecamatan.objects.get(code="63.11.02"), assignment, "submitted")


def fills(page):
    return page.eval_on_selector_all(
        "#readiness-map path.leaflet-interactive", "els => els.map(e => e.getAttribute('fill'))"
    )


def test_the_balangan_map_shows_eight_polygons_coloured_by_state(demo, new_page):
    readiness_states()
    page = new_page()
    login(page, "staff.balangan")
    page.goto(f"/map/?period={Q3.isoformat()}")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    colours = fills(page)
    assert len(colours) == 8
    assert colours.count("#41b6c4") == 1  # Madya (Paringin)
    assert colours.count("#225ea8") == 1  # Utama (Awayan)
    assert colours.count("#fdb863") == 1  # submitted, not yet verified (Halong)
    assert colours.count("#d9d9d9") == 5  # not reported
    legend = page.locator(".map-legend").inner_text()
    for label in ("Pratama", "Madya", "Utama", "Belum melapor"):
        assert label in legend


def test_clicking_a_kecamatan_opens_its_page(demo, new_page):
    readiness_states()
    page = new_page()
    login(page, "staff.balangan")
    page.goto("/map/")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    page.locator("#readiness-map path.leaflet-interactive").first.click(force=True)
    page.wait_for_url("**/kecamatan/63.11.*/")
    assert page.locator("h1").inner_text().startswith("Kecamatan")


def test_an_officer_sees_only_their_kecamatan_on_the_map(demo, new_page):
    readiness_states()
    page = new_page(phone=True)
    login(page, "camat.paringin")
    page.goto("/map/")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    assert len(fills(page)) == 1


def test_names_from_imported_files_never_run_as_script(demo, new_page):
    readiness_states()
    Kecamatan.objects.filter(code="63.11.06").update(name="<img src=x onerror=window.__pwned=1>")
    page = new_page()
    login(page, "staff.balangan")
    page.goto(f"/map/?period={Q3.isoformat()}")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    page.locator("path.kec-63-11-06").hover(force=True)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert "<img src=x onerror=window.__pwned=1>" in tooltip.inner_text()
    assert "<img src=x onerror=window.__pwned=1>" in page.eval_on_selector_all(
        ".kecamatan-label span", "els => els.map(e => e.textContent)"
    )
    assert page.evaluate("window.__pwned") is None


TIER_COLOURS = ["#c7e9b4", "#41b6c4", "#225ea8", "#0c2c84"]
STATE_COLOURS = {"submitted": "#fdb863", "not_reported": "#d9d9d9"}


def test_on_the_demo_data_every_polygon_has_the_colour_of_its_state(readiness_demo, new_page):
    from kecamatan.demo_risk import seed_risk_profiles
    from kencana.dashboard.readiness_map import default_period, kecamatan_states, reporting_periods, tier_order

    seed_risk_profiles()
    balangan = District.objects.get(code="63.11")
    start = default_period(periods=reporting_periods(district_ids=[balangan.pk]), tz_name=balangan.timezone)
    tiers = tier_order(district_ids=[balangan.pk])
    expected = sorted(
        TIER_COLOURS[tiers.index(row.tier)] if row.state in ("verified", "stale") else STATE_COLOURS[row.state]
        for row in kecamatan_states(kecamatan=Kecamatan.objects.filter(district=balangan), period_start=start)
    )
    page = new_page()
    login(page, "staff.balangan")
    page.goto("/map/")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    assert sorted(fills(page)) == expected
    assert len(expected) == 8 and len(set(expected)) >= 3  # the demo shows several honest states


def test_warehouses_and_kecamatan_with_open_alerts_show_on_the_map(stock, new_page):
    from kencana.alerts.models import Alert
    from logistics.models import Warehouse

    readiness_states()
    halong = Kecamatan.objects.get(code="63.11.02")
    Alert.objects.create(
        rule="hazard_warning",
        severity="severe",
        title="Siaga banjir",
        dedupe_key="t:1",
        district=halong.district,
        kecamatan=halong,
    )
    page = new_page()
    login(page, "staff.balangan")
    page.goto(f"/map/?period={Q3.isoformat()}")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    assert page.locator("path.warehouse-marker").count() == 0  # off until asked for: they would cover centroids
    page.check("#map-warehouses")
    page.wait_for_selector("path.warehouse-marker")
    balangan_stores = Warehouse.objects.filter(district__code="63.11", is_active=True).count()
    assert page.locator("path.warehouse-marker").count() == balangan_stores
    assert page.locator("path.has-alert").count() == 1
    assert page.locator("path.kec-63-11-02.has-alert").count() == 1
    page.uncheck("#map-warehouses")
    assert page.locator("path.warehouse-marker").count() == 0


def visible_labels(page, kind):
    return page.eval_on_selector_all(f".{kind}-label:not(.place-hidden) span", "els => els.map(e => e.textContent)")


def labels_overlap(page):
    """Whether any two shown labels overlap on screen."""
    return page.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll('.place-label:not(.place-hidden) span')]
                .map(e => e.getBoundingClientRect());
            return boxes.some((a, i) => boxes.slice(i + 1).some(b =>
                a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
        }"""
    )


def zoom_to(page, kecamatan, zoom):
    """Centre the map on the kecamatan's label point at this zoom, as a user zooming in on it would."""
    lat, lon = kecamatan.centroid_lat, kecamatan.centroid_lon
    page.evaluate(f"window['leafletmapreadiness-map'].setView([{lat}, {lon}], {zoom}, {{animate: false}})")


BALANGAN = ["Juai", "Halong", "Awayan", "Batu Mandi", "Lampihong", "Paringin", "Paringin Selatan", "Tebing Tinggi"]


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_balangan_shows_its_eight_real_kecamatan_by_name_and_paringins_desa_when_zoomed_in(
    demo, new_page, phone, request
):
    page = new_page(phone=phone)
    desa_requests = []
    page.on("request", lambda r: desa_requests.append(r.url) if "desa.geojson" in r.url else None)
    login(page, "staff.balangan")
    page.goto("/map/")
    page.wait_for_selector(".kecamatan-label span")
    assert len(fills(page)) == 8
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{request.node.name}-district.png")
    shown = visible_labels(page, "kecamatan")
    assert set(shown) <= set(BALANGAN) and len(shown) >= (2 if phone else 6)  # the legend covers part of a phone
    assert not labels_overlap(page)
    assert desa_requests == []  # the desa layer is loaded only when zoomed in

    paringin = Kecamatan.objects.get(code="63.11.06")
    zoom_to(page, paringin, 12)
    page.wait_for_selector("path.desa-of-63-11-06")
    assert page.locator("path.desa-of-63-11-06").count() == Desa.objects.filter(kecamatan=paringin).count() == 16
    assert any("kecamatan=63.11.06" in url for url in desa_requests)
    page.screenshot(path=ARTIFACTS / f"{request.node.name}-paringin.png")
    shown_desa = visible_labels(page, "desa")
    assert shown_desa and set(shown_desa) <= set(Desa.objects.values_list("name", flat=True))
    assert not labels_overlap(page)
    # The kecamatan under the desa outlines still answers the pointer.
    page.locator("path.kec-63-11-06").hover(force=True)
    page.locator(".leaflet-tooltip").wait_for()
    assert "Paringin (63.11.06)" in page.locator(".leaflet-tooltip").inner_text()
    zoom_to(page, paringin, 10)
    page.wait_for_selector("path.desa-of-63-11-06", state="detached")


def _stale_with_an_alert():
    """Halong verified in Q2 only (stale in Q3) and with an open alert; Paringin verified in Q3."""
    readiness_states()
    from kencana.alerts.models import Alert

    halong = Kecamatan.objects.get(code="63.11.02")
    Report.objects.filter(kecamatan=halong).update(
        state="verified",
        score=58,
        tier="Madya",
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 30),
    )
    Alert.objects.create(
        rule="hazard_warning",
        severity="severe",
        title="Siaga banjir",
        dedupe_key="t:2",
        district=halong.district,
        kecamatan=halong,
    )


def test_a_stale_kecamatan_with_an_open_alert_shows_both_its_dashed_border_and_the_red_band(demo, new_page):
    _stale_with_an_alert()
    page = new_page()
    login(page, "staff.balangan")
    page.goto(f"/map/?period={Q3.isoformat()}")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    shape = page.locator("#readiness-map path.leaflet-interactive.kec-63-11-02")
    band = page.locator("#readiness-map path.alert-outline.kec-63-11-02")
    assert shape.get_attribute("stroke-dasharray") == "5 4" and shape.get_attribute("stroke") != "#b2182b"
    assert band.get_attribute("stroke") == "#b2182b"
    # the band is beneath the kecamatan, so the dashed border is drawn over it
    order = page.eval_on_selector_all(
        "#readiness-map path.kec-63-11-02", "els => els.map(e => e.classList.contains('alert-outline'))"
    )
    assert order == [True, False]


def test_the_tooltip_writes_scores_and_dates_the_indonesian_way(demo, new_page):
    readiness_states()
    Report.objects.filter(kecamatan__code="63.11.06").update(score=76.66)
    page = new_page()
    login(page, "staff.balangan")
    page.goto(f"/map/?period={Q3.isoformat()}")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    page.locator("path.kec-63-11-06").hover(force=True)
    tooltip = page.locator(".leaflet-tooltip").inner_text()
    assert "Skor: 76,7" in tooltip
    assert re.search(r"Laporan terakhir: \d{1,2} [A-Z][a-z]{2} \d{4}", tooltip), tooltip


def test_changing_the_period_keeps_the_chosen_layers(demo, new_page):
    readiness_states()
    page = new_page()
    login(page, "staff.balangan")
    page.goto("/map/")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    page.select_option("#map-hazard", "tanah-longsor")
    page.uncheck("#map-alerts")
    page.check("#map-warehouses")
    page.select_option("#map-period", Q3.isoformat())
    page.click("#map-period-form button[type=submit]")
    page.wait_for_url("**period=2026-07-01**")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    assert page.is_checked("input[type=radio][name=layer][value=risk]")
    assert page.input_value("#map-hazard") == "tanah-longsor"
    assert not page.is_checked("#map-alerts") and page.is_checked("#map-warehouses")


def test_on_a_phone_the_legend_and_the_layers_fold_away_and_open_on_a_tap(demo, new_page):
    readiness_states()
    page = new_page(phone=True)
    login(page, "staff.balangan")
    page.goto(f"/map/?period={Q3.isoformat()}")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    legend = page.locator("details.map-legend")
    assert legend.get_attribute("open") is None and not page.is_checked("#map-warehouses")
    assert page.locator("#map-layers-box").get_attribute("open") is None
    map_box = page.locator("#readiness-map").bounding_box()
    legend_box = legend.bounding_box()
    assert legend_box["width"] * legend_box["height"] < 0.1 * map_box["width"] * map_box["height"]
    legend.locator("summary").click()
    assert legend.get_attribute("open") is not None and "Pratama" in legend.inner_text()
    page.locator("#map-layers-box summary").click()
    expect(page.locator("#map-hazard")).to_be_visible()


def test_on_a_desktop_the_legend_and_layers_are_open(demo, new_page):
    readiness_states()
    page = new_page()
    login(page, "staff.balangan")
    page.goto(f"/map/?period={Q3.isoformat()}")
    page.wait_for_selector("#readiness-map path.leaflet-interactive")
    assert page.locator("details.map-legend").get_attribute("open") is not None
    assert page.locator("#map-layers-box").get_attribute("open") is not None
