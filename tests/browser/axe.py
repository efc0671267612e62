"""Accessibility: axe-core (pinned in package-lock.json, installed by `npm ci`) run in the page.

``violations(page)`` loads ``node_modules/axe-core/axe.min.js`` into the page as a script of the
site's own (the live server serves it under ``/static/axe-core/``, see ``served``) and runs the
WCAG 2.0 and 2.1 A and AA rules; each violation is given as its rule, the elements it found and
the help text. A script the page loads from its own site passes its CSP, and Chromium keeps it
compiled between the pages of a context: sending its 550 kB through the debugging protocol for
each page cost the crawls a sixth of their CPU.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from playwright.sync_api import Error as PlaywrightError

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PREFIX = "axe-core"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


def served():
    """A generator for a session fixture: while it is suspended, the static files (and so the live
    server) include axe-core's folder under ``/static/axe-core/``. The settings' list is changed in
    place, so tests that override other settings meanwhile keep it."""
    entry = (PREFIX, str(AXE.parent))
    settings.STATICFILES_DIRS.append(entry)
    finders.get_finder.cache_clear()
    try:
        yield
    finally:
        settings.STATICFILES_DIRS.remove(entry)
        finders.get_finder.cache_clear()


def violations(page) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        try:
            page.add_script_tag(url=f"{settings.STATIC_URL}{PREFIX}/{AXE.name}")
        except PlaywrightError:  # a page without a network (the offline tests): through the debugging protocol
            page.evaluate(AXE.read_text())
    return [f"{v['rule']} ({v['impact']}): {v['help']} — {', '.join(v['targets'])}" for v in page.evaluate(_RUN, WCAG)]
