"""An officer's home page on a slow mobile connection, in a real browser: how long until the first
content shows, with a cold cache and a warm one (issue 19's low-bandwidth targets).

Chromium's own network emulation (the DevTools protocol) shapes the connection to 400 kbit/s down
and up with a 400 ms round trip, as Chrome's "slow 3G" does; the figure is the page's
``first-contentful-paint`` from the browser's Performance API, the median of a few loads.
"""

import os
import statistics
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
LOADS = 3
PHONE = {"width": 390, "height": 844}


def measure(*, base: str, username: str, password: str) -> dict | None:
    """{"cold_ms", "warm_ms", "loads"} for the user's home page, or None without Playwright and
    Chromium (the rest of the benchmark runs without them)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            context = browser.new_context(base_url=base, viewport=PHONE, locale="id-ID")
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", password)
            page.click("main button[type=submit]")
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            page.wait_for_load_state("load")
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_3G)
            cold, warm = [], []
            for _ in range(LOADS):
                cdp.send("Network.clearBrowserCache")
                cdp.send("Network.setBypassServiceWorker", {"bypass": True})
                cold.append(_first_paint(page))
                cdp.send("Network.setBypassServiceWorker", {"bypass": False})
                warm.append(_first_paint(page))
            return {"cold_ms": statistics.median(cold), "warm_ms": statistics.median(warm), "loads": LOADS}
        finally:
            browser.close()


def _first_paint(page) -> float:
    page.goto("/", wait_until="load")
    return page.evaluate(
        """() => new Promise(resolve => {
            const found = () => performance.getEntriesByName('first-contentful-paint')[0];
            if (found()) return resolve(found().startTime);
            new PerformanceObserver(() => found() && resolve(found().startTime)).observe({type: 'paint', buffered: true});
        })"""
    )
