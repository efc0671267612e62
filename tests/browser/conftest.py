"""Browser tests: the real app behind live_server, driven in Debian's headless Chromium."""

import os
from pathlib import Path

import pytest

from kecamatan.demo import seed_territory
from kencana.accounts.demo import DEMO_PASSWORD, seed_users

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
def new_page(browser, live_server, request):
    """Pages in fresh contexts (phone-sized with ``phone=True``); a screenshot of each is kept."""
    contexts = []

    def open_page(phone: bool = False):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    ARTIFACTS.mkdir(exist_ok=True)
    for number, context in enumerate(contexts):
        for page in context.pages:
            page.screenshot(path=ARTIFACTS / f"{request.node.name}-{number}.png", full_page=True)
        context.close()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
