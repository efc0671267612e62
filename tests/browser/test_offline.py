"""Offline-first in a real browser: camat.paringin's phone keeps working with no signal.

The phone is a persistent browser profile (its service worker, caches, IndexedDB and local
storage survive closing the browser, as on a real phone), driven offline with Playwright.
"""

import pytest
from playwright.sync_api import expect

from kencana.readiness.demo import seed_readiness
from kencana.readiness.models import Report, ReportState

from .axe import violations as axe_violations
from .conftest import CHROMIUM, LAUNCH_ARGS, fits_the_screen, login

KEPT = "caches.open('kencana-pages').then(c => c.keys()).then(keys => keys.map(k => new URL(k.url).pathname))"


@pytest.fixture
def readiness_demo(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_readiness()


@pytest.fixture
def phone(browser, live_server, tmp_path):
    """Opens camat.paringin's phone: the same browser profile each time it is opened."""
    profile = tmp_path / "phone-profile"
    contexts = []

    def open_phone():
        context = browser.browser_type.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=LAUNCH_ARGS,
            base_url=live_server.url,
            viewport={"width": 390, "height": 844},
            locale="id-ID",
            service_workers="allow",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_phone
    for context in contexts:
        context.close()  # a context the test closed already: nothing happens


def open_report(page) -> Report:
    page.goto("/readiness/")
    page.locator("form[action='/readiness/reports/open/'] button").first.click()
    page.wait_for_selector("#report-form")
    return Report.objects.get(kecamatan__code="63.11.06", state=ReportState.DRAFT)


def wait_until_kept(page, *paths: str) -> None:
    page.wait_for_function("navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function(f"{KEPT}.then(kept => {list(paths)!r}.every(p => kept.includes(p)))", polling=200)


def test_an_officer_opens_home_and_the_open_report_with_no_signal(readiness_demo, phone):
    context = phone()
    page = context.pages[0] if context.pages else context.new_page()
    login(page, "camat.paringin")
    report = open_report(page)
    page.goto("/")
    expect(page.locator("#offline-note")).to_be_hidden()
    wait_until_kept(page, "/", f"/readiness/reports/{report.pk}/")

    context.set_offline(True)
    page.goto("/")
    expect(page.locator("#offline-note")).to_be_visible()
    expect(page.locator("#offline-note")).to_contain_text("Luring, terakhir diperbarui")
    page.goto(f"/readiness/reports/{report.pk}/")
    expect(page.locator("#offline-note")).to_be_visible()
    expect(page.locator("#report-form")).to_be_visible()
    assert fits_the_screen(page)
    assert not axe_violations(page)
