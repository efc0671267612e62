"""Browser tests: the real app behind live_server, driven in Debian's headless Chromium."""

import os
from pathlib import Path

import pytest

from kecamatan.demo import seed_territory
from kencana.accounts.demo import DEMO_PASSWORD, seed_users

from .axe import violations as axe_violations

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM}; .ci/run installs it")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in
    # the test body are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo(reference_data):
    """The demo districts and accounts, as `make run` has them."""
    seed_territory()
    seed_users()


@pytest.fixture
def demo_everything(reference_data, settings, tmp_path):
    """The whole demo, as `make run` loads it: reports, plans, stock, alerts."""
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def new_page(browser, live_server, request):
    """Pages in fresh contexts (phone-sized with ``phone=True``); a screenshot of each is kept.

    Every page a test visits is checked with axe-core (WCAG 2.1 A and AA) at the end: the page
    as the test left it, and each other address it loaded, opened again in the same context (same
    session, same screen size). Any violation fails the test, naming the rule, the elements and
    the help text.
    """
    contexts = []
    visited: dict[object, list[str]] = {}

    def open_page(phone: bool = False):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        # An Indonesian browser: date pickers and number inputs follow its locale.
        context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        visited[context] = []
        page.on("load", lambda loaded: visited[context].append(loaded.url))
        return page

    yield open_page
    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    for number, context in enumerate(contexts):
        size = "phone" if context.pages and context.pages[0].viewport_size["width"] < 500 else "desktop"
        for page in context.pages:
            page.screenshot(path=ARTIFACTS / f"{request.node.name}-{number}.png", full_page=True)
            problems += [f"[{size}] {page.url}: {v}" for v in axe_violations(page)]
            checked = {page.url}
            for url in visited[context]:
                if url in checked or not url.startswith(live_server.url):
                    continue
                checked.add(url)
                again = context.new_page()
                response = again.goto(url)
                if response is not None and "html" in response.headers.get("content-type", ""):
                    again.wait_for_load_state("networkidle")
                    problems += [f"[{size}] {url}: {v}" for v in axe_violations(again)]
                again.close()
        context.close()
    assert not problems, "accessibility (WCAG 2.1 A/AA):\n" + "\n".join(sorted(set(problems)))


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def fits_the_screen(page) -> bool:
    """Nothing is wider than the screen once the page has settled: it never scrolls sideways
    (wide tables and the phone's navigation scroll inside their own boxes)."""
    page.wait_for_load_state("networkidle")
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
