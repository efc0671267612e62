"""Browser tests: the real app behind live_server, driven in Debian's headless Chromium."""

import hashlib
import os
import re
import threading
import time
import weakref
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from kecamatan.demo import seed_territory
from kencana.accounts.demo import DEMO_PASSWORD, seed_users
from kencana.operations.bench.first_paint import LAUNCH_ARGS

from ..seeded import load_reference_rows, restore
from . import axe
from .axe import violations as axe_violations

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser

# Chromium's headless shell where Debian's `chromium-headless-shell` is installed: the same engine
# and version as /usr/bin/chromium without the desktop browser around it (what Playwright itself
# drives for headless runs), and about a fifth less CPU per page over the browser tests. The
# first-paint benchmark keeps first_paint.CHROMIUM, the whole browser: its figure is what a
# person's browser shows. CHROMIUM_PATH overrides both.
SHELL = Path("/usr/bin/chromium-headless-shell")
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or (SHELL if SHELL.exists() else "/usr/bin/chromium"))


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM}; .ci/run installs it")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser(_axe_served):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in
    # the test body are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _axe_served():
    """The live server serves axe-core for the accessibility checks (tests/browser/axe.py)."""
    yield from axe.served()


def _districts_and_accounts():
    load_reference_rows()
    seed_territory()
    seed_users()


def _readiness():
    from kencana.readiness.demo import seed_readiness

    _districts_and_accounts()
    seed_readiness()


def _stock():
    from logistics.demo import seed_logistics

    _districts_and_accounts()
    seed_logistics()


@pytest.fixture
def demo(transactional_db):
    """The demo districts and accounts, as `make run` has them."""
    restore("districts and accounts", _districts_and_accounts)


@pytest.fixture
def readiness_demo(transactional_db, settings, tmp_path):
    """The demo districts and accounts with the demo's readiness reports (their evidence files under
    a MEDIA_ROOT of the test's own)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    restore("readiness", _readiness)


@pytest.fixture
def stock(transactional_db):
    """The demo districts and accounts with the demo's warehouses, stock and requests."""
    restore("stock", _stock)


# Addresses checked with axe-core in this process: (screen, person and language, address with its ids as #).
_AXE_CHECKED: set[tuple[str, tuple[str, str], str]] = set()
# Where the worker processes of one run note what they have checked, so a kind of page is opened
# again for axe-core once per run rather than once per process (set by ``_axe_shared``).
_AXE_SHARED: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _axe_shared(tmp_path_factory):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Each worker's base directory sits in the run's own: the folder beside them is the run's.
        folder = tmp_path_factory.getbasetemp().parent / "axe-checked"
        folder.mkdir(exist_ok=True)
        _AXE_SHARED.append(folder)
    yield
    _AXE_SHARED.clear()


def kind_of_page(address: str) -> str:
    """The kind of page an address opens: the address but for its ids (each run of digits as #)."""
    return re.sub(r"\d+", "#", address)


def first_check(page, address: str) -> bool:
    """Whether this kind of page (the address but for its ids) is still to be checked with axe-core
    in this run for the page's person, language and screen size; noted as checked if so."""
    key = (_size(page), signed_in_as(page.context), kind_of_page(address))
    if key in _AXE_CHECKED:
        return False
    _AXE_CHECKED.add(key)
    if not _AXE_SHARED:
        return True
    try:  # creating the file is the claim: exactly one process of the run succeeds
        (_AXE_SHARED[0] / hashlib.sha256(repr(key).encode()).hexdigest()).touch(exist_ok=False)
    except FileExistsError:
        return False
    return True


class _Traffic:
    """The requests a page has under way, for `settle`."""

    pages: "weakref.WeakKeyDictionary[object, _Traffic]" = weakref.WeakKeyDictionary()

    def __init__(self):
        self.pending, self.last = 0, time.monotonic()

    @classmethod
    def watch(cls, page) -> None:
        traffic = cls.pages[page] = cls()
        page.on("request", traffic.started)
        page.on("requestfinished", traffic.ended)
        page.on("requestfailed", traffic.ended)

    def started(self, _request) -> None:
        self.pending, self.last = self.pending + 1, time.monotonic()

    def ended(self, _request) -> None:
        self.pending, self.last = self.pending - 1, time.monotonic()


def settle(page, quiet: float = 0.15, timeout: float = 10) -> None:
    """Wait until the page has loaded and its scripts' requests (maps, fragments) have come back
    and none has started for ``quiet`` seconds. Playwright's "networkidle" is the same wait with
    half a second of quiet, which on every page of the suite added minutes."""
    page.wait_for_load_state("load")
    traffic = _Traffic.pages.get(page)
    if traffic is None:
        page.wait_for_load_state("networkidle")
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if traffic.pending <= 0 and time.monotonic() - traffic.last >= quiet:
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"{page.url}: {traffic.pending} requests still under way after {timeout} s")


def _size(page) -> str:
    return "phone" if page.viewport_size["width"] < 500 else "desktop"


def _markup(page) -> str:
    return page.evaluate("document.documentElement.outerHTML")


def signed_in_as(context) -> tuple[str, str]:
    """Who a browser context is logged in as (the user's name, from its session) and its language."""
    from kencana.accounts.models import User

    cookies = {cookie["name"]: cookie["value"] for cookie in context.cookies()}
    session = cookies.get(settings.SESSION_COOKIE_NAME)
    user = import_module(settings.SESSION_ENGINE).SessionStore(session).get("_auth_user_id") if session else None
    name = User.objects.filter(pk=user).values_list("username", flat=True).first() if user else None
    return name or "anonymous", cookies.get(settings.LANGUAGE_COOKIE_NAME, "")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report on its test, for fixtures' teardown (``new_page`` keeps screenshots of a
    test that failed)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(browser, live_server, request):
    """Pages in fresh contexts (phone-sized with ``phone=True``); a screenshot of each is kept
    when the test failed or the page broke an accessibility rule (the pages of each role are
    kept by test_accessibility whatever happens).

    Every page a test visits is checked with axe-core (WCAG 2.1 A and AA) at the end: the page
    as the test left it, and each other address it loaded, opened again in the same context (same
    session, same screen size). Any violation fails the test, naming the rule, the elements and
    the help text. An address another test of this run already had checked, for the same
    person, language and screen size and differing only in its ids, is not opened again; nor is
    the log-in page once the context has logged in (it is checked as the anonymous visitor sees
    it), nor a page left exactly as ``check_now`` checked it.
    """
    contexts = []
    visited: dict[object, list[str]] = {}
    checked: dict[object, set[str]] = {}
    as_checked: dict[object, str] = {}  # each page's markup when ``check_now`` last checked it
    problems: list[str] = []

    def open_page(phone: bool = False):
        viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
        # An Indonesian browser: date pickers and number inputs follow its locale.
        context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        visited[context], checked[context] = [], set()
        page.on("load", lambda loaded: visited[context].append(loaded.url))
        _Traffic.watch(page)
        return page

    def check_now(page) -> None:
        """Check the page as it is now, instead of opening its address again at the end."""
        problems.extend(f"[{_size(page)}] {page.url}: {v}" for v in axe_violations(page))
        checked[page.context].add(page.url)
        as_checked[page] = _markup(page)

    open_page.check_now = check_now
    yield open_page
    call = getattr(request.node, "report_call", None)
    failed = call is None or call.failed
    ARTIFACTS.mkdir(exist_ok=True)
    for number, context in enumerate(contexts):
        # The log-in page is checked as the anonymous visitor sees it, not again once logged in.
        log_in = live_server.url + resolve_url(settings.LOGIN_URL)
        logged_in = signed_in_as(context)[0] != "anonymous"
        for page in context.pages:
            size = _size(page)
            found = []
            if page not in as_checked or as_checked[page] != _markup(page):
                found = [f"[{size}] {page.url}: {v}" for v in axe_violations(page)]
                problems.extend(found)
            if failed or found:
                page.screenshot(path=ARTIFACTS / f"{request.node.name}-{number}.png", full_page=True)
            done = checked[context] | {page.url}
            again = None  # one more page of the context opens every address again, one after another
            for url in visited[context]:
                if url in done or not url.startswith(live_server.url) or (logged_in and url.startswith(log_in)):
                    continue
                done.add(url)
                if not first_check(page, url.removeprefix(live_server.url)):
                    continue
                if again is None:
                    again = context.new_page()
                    _Traffic.watch(again)
                response = again.goto(url)
                if response is not None and "html" in response.headers.get("content-type", ""):
                    settle(again)
                    problems += [f"[{size}] {url}: {v}" for v in axe_violations(again)]
        context.close()
    assert not problems, "accessibility (WCAG 2.1 A/AA):\n" + "\n".join(sorted(set(problems)))


_SITE: list[str] = []  # the live server's address (one for the session), for `login`


@pytest.fixture(scope="session", autouse=True)
def _site(live_server):
    _SITE[:] = [live_server.url]


@pytest.fixture(autouse=True)
def _requests_answered(transactional_db):
    """After each browser test, before its tables are emptied: the live server has finished every
    request the browser sent (a page's late fetch may still run when its context is closed, and
    PostgreSQL's TRUNCATE and that request's reads would lock each other)."""
    yield
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(
        thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
    ):
        time.sleep(0.02)


def login(page, username: str, *, form: bool = False) -> None:
    """Log the page's browser in as a demo user.

    With ``form=True`` as a person does: the log-in form, then the home page it leads to. Otherwise
    the server opens the session the form would open and the browser gets its cookie, loading no
    page: most tests go straight to the page they are about, and the form and each role's home
    page have tests of their own (test_login, test_accessibility).
    """
    if form:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return
    from django.test import Client

    from kencana.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username), backend=settings.AUTHENTICATION_BACKENDS[-1])
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": _SITE[0]}])


def fits_the_screen(page) -> bool:
    """Nothing is wider than the screen once the page has settled: it never scrolls sideways
    (wide tables and the phone's navigation scroll inside their own boxes)."""
    settle(page)
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
