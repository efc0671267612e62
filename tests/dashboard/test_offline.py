"""The installable app of the field: the manifest, the service worker at the root, the pages it keeps."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from kencana.core.clock import local_today
from kencana.readiness import services
from kencana.readiness.models import ReportState
from kencana.readiness.periods import period_bounds
from tests.readiness.factories import make_assignment, make_version


@pytest.fixture
def paringin_report(balangan, paringin, awayan, officer):
    assignment = make_assignment(make_version(balangan), [paringin, awayan])
    start = period_bounds("quarter", local_today(balangan.timezone))[0]
    return services.report_open(assignment=assignment, kecamatan=paringin, period_start=start, by=officer)


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    config = json.loads(body.split("\n", 1)[0].removeprefix("self.KENCANA = ").removesuffix(";"))
    # The shell by its fingerprinted addresses, then the worker's own code (the static file).
    assert static("css/kencana.css") in config["precache"]
    assert static("js/offline.js") in config["precache"]
    assert all(finders.find(url.removeprefix(static(""))) for url in config["precache"])
    assert 'addEventListener("fetch"' in body


def test_the_worker_changes_version_when_the_shell_changes(client, settings, tmp_path):
    before = client.get("/sw.js").content.decode().split("\n", 1)[0]
    changed = tmp_path / "static"
    (changed / "css").mkdir(parents=True)
    (changed / "css" / "kencana.css").write_text("body { color: red; }")
    settings.STATICFILES_DIRS = [changed, *settings.STATICFILES_DIRS]
    finders.get_finder.cache_clear()
    try:
        after = client.get("/sw.js").content.decode().split("\n", 1)[0]
    finally:
        finders.get_finder.cache_clear()
    assert json.loads(before.split(" = ", 1)[1][:-1])["version"] != json.loads(after.split(" = ", 1)[1][:-1])["version"]


def test_the_manifest_names_kencana_in_indonesian_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["lang"], manifest["start_url"], manifest["scope"]) == ("Kencana", "id", "/", "/")
    assert manifest["description"] == "Kecamatan Tangguh Bencana"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert all(finders.find(icon["src"].removeprefix(static(""))) for icon in manifest["icons"])


def test_an_officers_pages_carry_the_app_and_keep_a_strict_policy(officer, client_for):
    page = client_for(officer).get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'id="offline-script" data-worker="/sw.js"' in page
    assert '<p id="offline-note" hidden' in page  # the worker shows it on a kept copy
    policy = client_for(officer).get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]


def test_bpbd_pages_do_not_install_the_app(staff, client_for):
    page = client_for(staff).get("/").content.decode()
    assert "manifest.webmanifest" not in page
    assert "offline-script" not in page


def test_the_officer_keeps_home_and_the_open_reports_of_their_kecamatan(officer, paringin_report, client_for):
    pages = client_for(officer).get("/offline/pages/").json()["pages"]
    assert pages[:2] == ["/", "/readiness/"]
    assert f"/readiness/reports/{paringin_report.pk}/" in pages
    assert "/plans/cards/" in pages


def test_a_report_no_longer_open_and_other_kecamatan_are_not_kept(officer, awayan_officer, paringin_report, client_for):
    paringin_report.state = ReportState.SUBMITTED
    paringin_report.save()
    assert f"/readiness/reports/{paringin_report.pk}/" not in client_for(officer).get("/offline/pages/").json()["pages"]
    paringin_report.state = ReportState.DRAFT
    paringin_report.save()
    pages = client_for(awayan_officer).get("/offline/pages/").json()["pages"]
    assert f"/readiness/reports/{paringin_report.pk}/" not in pages


def test_bpbd_keep_no_pages_and_anonymous_visitors_log_in_first(staff, client, client_for):
    assert client.get("/offline/pages/").status_code == 302
    assert client_for(staff).get("/offline/pages/").json() == {"pages": []}


def test_logging_out_tells_the_browser_to_forget_everything_kencana_stored(officer, client_for):
    client = client_for(officer)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/").status_code == 302  # logged out


def test_the_logout_form_asks_before_unsent_filings_are_lost(officer, client_for):
    page = client_for(officer).get("/").content.decode()
    assert 'id="logout-form" data-unsent="Yang menunggu di kotak keluar' in page


def test_the_officer_keeps_the_pages_of_the_events_under_way_in_his_kecamatan(
    officer, awayan_officer, staff, paringin, awayan, client_for
):
    from django.utils import timezone

    from kencana.response import services as response
    from kencana.shelters import services as shelters
    from tests.response import factories
    from tests.shelters.conftest import shelter_values

    lasung_batu, balang = factories.desa(paringin, 7, "Lasung Batu"), factories.desa(paringin, 5, "Balang")
    event = factories.open_event(staff, [paringin, awayan], [lasung_batu, balang, factories.desa(awayan, 7)])
    task = response.card_activate(event=event, card=factories.flood_card(paringin), by=staff).tasks.get(number=1)
    report = response.impact_report_save(by=officer, event=event, desa=balang, as_of=timezone.now(), values={})
    school = shelters.shelter_save(by=staff, event=event, desa=lasung_batu, values=shelter_values())
    pages = client_for(officer).get("/offline/pages/").json()["pages"]
    for page in (
        "/response/tasks/",
        f"/response/tasks/{task.pk}/",
        f"/response/events/{event.pk}/",
        f"/response/events/{event.pk}/impact/",
        f"/response/events/{event.pk}/impact/new/?desa={lasung_batu.code}",
        f"/response/impact/{report.pk}/edit/",  # Balang's report being worked on, not a new one
        f"/shelters/{school.pk}/",
        f"/shelters/{school.pk}/counts/new/",
    ):
        assert page in pages, page
    assert f"/response/events/{event.pk}/impact/new/?desa={balang.code}" not in pages
    # Awayan's officer keeps the event, not Paringin's tasks, reports or shelters.
    awayan_pages = client_for(awayan_officer).get("/offline/pages/").json()["pages"]
    assert f"/response/events/{event.pk}/" in awayan_pages
    assert not {f"/response/tasks/{task.pk}/", f"/response/impact/{report.pk}/edit/", f"/shelters/{school.pk}/"} & set(
        awayan_pages
    )
    phone = client_for(officer)
    for page in pages:
        assert phone.get(page).status_code == 200, page
    response.event_close(event=event, by=staff, ended_at=timezone.now())
    assert not any("/response/events/" in page for page in phone.get("/offline/pages/").json()["pages"])
