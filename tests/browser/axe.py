"""Accessibility: axe-core (pinned in package-lock.json, installed by `npm ci`) run in the page.

``violations(page)`` injects ``node_modules/axe-core/axe.min.js`` and runs the WCAG 2.0 and 2.1
A and AA rules; each violation is given as its rule, the elements it found and the help text.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


def violations(page) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # through the debugging protocol: the page's CSP allows no inline script
    return [f"{v['rule']} ({v['impact']}): {v['help']} — {', '.join(v['targets'])}" for v in page.evaluate(_RUN, WCAG)]
