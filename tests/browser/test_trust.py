"""What a BPBD must be able to trust, in the browser, in Indonesian, on a desktop and a phone:
every date and number input shows what is stored, every field wears the site's style, every
chart's words stay inside the chart, every bar and meter is drawn from a figure the browser reads,
a filter offers a choice only where there is one, error pages speak Indonesian in the layout,
an acknowledgement says what follows, a resubmitted report shows what changed, and a partner's
admin adopts a template."""

import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest

from kencana.accounts.models import User

from .axe import violations as axe_violations
from .conftest import ARTIFACTS, first_check, kind_of_page, login

# What a crawl does not open: files, feeds, exports and the API (not pages), the admin site.
NOT_PAGES = re.compile(
    r"/(api|admin|cap|static|jsi18n|i18n)/|export|\.(csv|xlsx|json|xml|atom|pdf)$|/evidence/|/proofs/|format="
)
# Forms first: a crawl of a few dozen pages must reach the pages that edit something.
FORMS_FIRST = re.compile(r"/(edit|new|settings|receive|dispatch|count|minimums|preferences)/|/risk/")

SHOWN_VALUES = """() => Array.from(document.querySelectorAll(
    "input[type=date], input[type=datetime-local], input[type=time], input[type=number]"
  )).filter(el => el.hasAttribute("value")).map(el => ({
    name: el.name, type: el.type, sent: el.getAttribute("value"), shown: el.value,
  }))"""


# Fields the browser draws in its own way: every other one wears the site's field style (the text
# of its label's size, a touch-sized height), whatever its type.
UNSTYLED_FIELDS = """() => Array.from(document.querySelectorAll("input, select, textarea"))
  .filter(el => el.getClientRects().length
    && !["hidden", "checkbox", "radio", "submit", "button", "reset", "image", "range", "color"].includes(el.type))
  .filter(el => {
    const own = getComputedStyle(el), around = getComputedStyle(el.parentElement);
    return own.fontSize !== around.fontSize || parseFloat(own.minHeight || 0) < 40;
  })
  .map(el => `${el.name || el.id} (${el.type}): ${getComputedStyle(el).fontSize}, min-height ${getComputedStyle(el).minHeight}`)"""

# Every word of every chart (axis labels, legends, values) is drawn inside the chart, none cut off
# at its edge (a map's tiles and markers are not charts: Leaflet's panes are left out).
CUT_OFF_CHART_TEXT = """() => Array.from(document.querySelectorAll("svg:not(.leaflet-zoom-animated)")).flatMap(svg => {
    const box = svg.getBoundingClientRect();
    return Array.from(svg.querySelectorAll("text")).filter(text => {
      const own = text.getBoundingClientRect();
      return own.width && (own.left < box.left - 1 || own.right > box.right + 1 || own.top < box.top - 1 || own.bottom > box.bottom + 1);
    }).map(text => text.textContent.trim());
  })"""

# Every figure drawn as a length (a meter, a progress bar, a bar's width) reaches the browser as
# a number it can read: one it cannot (a localised "92,0", or nothing) draws an empty meter or a
# full bar.
UNREADABLE_LENGTHS = """() => [
    ...Array.from(document.querySelectorAll("meter, progress")).flatMap(m => ["value", "min", "max"]
      .filter(name => m.hasAttribute(name) || (name === "value" && m.localName === "meter"))
      .filter(name => !/^-?\\d+(\\.\\d+)?$/.test(m.getAttribute(name) || ""))
      .map(name => `${m.localName} ${name} ${JSON.stringify(m.getAttribute(name))}`)),
    ...Array.from(document.querySelectorAll("[style*=width]"))
      .filter(el => /(^|;)\\s*width\\s*:/.test(el.getAttribute("style")) && !el.style.width)
      .map(el => `style ${JSON.stringify(el.getAttribute("style"))}`),
  ]"""

# A filter offers a choice only where there is one: "all" or the one place there is (a district's
# staff choosing among their one district) is no choice, and is left out of the form; a required
# choice of one shows that one, chosen.
NOTHING_TO_CHOOSE = """() => Array.from(document.querySelectorAll("form select"))
  .filter(s => (s.form.getAttribute("method") || "get").toLowerCase() === "get" && s.getClientRects().length)
  .filter(s => Array.from(s.options).some(o => o.value === "") && Array.from(s.options).filter(o => o.value !== "").length < 2)
  .map(s => s.name)"""


def _crawl(page, base: str, limit: int):
    """Pages reachable by links from the dashboard, forms first, then breadth first, up to ``limit``
    kinds of page (one page of each: the same template with other ids shows its inputs the same way)."""
    seen, forms, queue = set(), deque(), deque(["/"])
    while (forms or queue) and len(seen) < limit:
        path = forms.popleft() if forms else queue.popleft()
        if kind_of_page(path) in seen:
            continue
        seen.add(kind_of_page(path))
        response = page.goto(path)
        if response is not None and response.status >= 500:
            raise AssertionError(f"{path} answered {response.status}")
        if response is None or response.status != 200 or "html" not in response.headers.get("content-type", ""):
            continue
        yield path
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            url = urlparse(urljoin(base + path, href))
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.netloc == urlparse(base).netloc and not NOT_PAGES.search(target) and kind_of_page(target) not in seen:
                (forms if FORMS_FIRST.search(url.path) else queue).append(target)


@pytest.mark.parametrize(("username", "phone", "least"), [("staff.balangan", False, 20), ("camat.paringin", True, 3)])
def test_every_page_draws_its_fields_figures_and_charts_truly(
    demo_everything, browser, live_server, username, phone, least
):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    login(page, username)
    problems, inputs, pages = [], 0, 0
    for path in _crawl(page, live_server.url, limit=90):
        pages += 1
        # Accessibility once per kind of page (the same address but for its ids, as `new_page` does).
        if first_check(page, path):
            problems += [f"{path}: {v}" for v in axe_violations(page)]
        problems += [f"{path}: {field} is not in the site's field style" for field in page.evaluate(UNSTYLED_FIELDS)]
        problems += [f"{path}: the chart's text {text!r} is cut off" for text in page.evaluate(CUT_OFF_CHART_TEXT)]
        problems += [f"{path}: a figure the browser cannot draw: {what}" for what in page.evaluate(UNREADABLE_LENGTHS)]
        problems += [f"{path}: the filter {name!r} has nothing to choose" for name in page.evaluate(NOTHING_TO_CHOOSE)]
        for field in page.evaluate(SHOWN_VALUES):
            inputs += 1
            if field["sent"] and field["shown"] != field["sent"]:
                problems.append(f"{path}: {field['name']} was sent {field['sent']!r} but shows {field['shown']!r}")
            if field["type"] == "number" and re.search(r"\.\d*0$|,", field["sent"]):
                problems.append(f"{path}: {field['name']} shows {field['sent']!r}: a number with spurious decimals")
    context.close()
    assert pages > 30 and inputs >= least, (pages, inputs)  # the crawl reached the forms
    assert not problems, "\n".join(problems)


def test_the_item_edit_form_shows_and_keeps_its_dates_in_indonesian(demo_everything, new_page):
    from kencana.plans.models import ActionItem

    item = ActionItem.objects.filter(start_date__isnull=False, due_date__isnull=False, status="in_progress").first()
    page = new_page(phone=True)
    login(page, "staff.balangan")
    page.goto(f"/plans/items/{item.pk}/edit/")
    assert page.input_value("#id_start_date") == item.start_date.isoformat()
    assert page.input_value("#id_due_date") == item.due_date.isoformat()
    page.fill("#id_progress", "55")
    page.click("main form button[type=submit].primary, main form button[type=submit]")
    page.wait_for_url(f"**/plans/items/{item.pk}/")
    item.refresh_from_db()
    assert item.progress == 55 and item.start_date and item.due_date


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_error_pages_are_in_the_layout_and_in_indonesian(demo_everything, new_page, phone):
    page = new_page(phone=phone)
    login(page, "camat.paringin")
    response = page.goto("/kecamatan/63.11.03/")  # Awayan: outside the officer's scope
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Halaman tidak ditemukan"
    assert page.locator("nav.mainnav").count() == 1 and page.title() == "Halaman tidak ditemukan · Kencana"
    response = page.goto("/accounts/users/")
    assert response.status == 403 and page.locator("h1").inner_text() == "Anda tidak boleh melakukan ini"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"page-error-403-{'phone' if phone else 'desktop'}.png", full_page=True)


def test_acknowledging_an_alert_says_what_happens_next(demo_everything, new_page):
    from kecamatan.models import Kecamatan
    from kencana.alerts.engine import rules_run
    from kencana.alerts.models import Alert
    from tests.alerts.factories import HazardWarningFactory

    paringin = Kecamatan.objects.get(code="63.11.06")
    staff = User.objects.get(username="staff.balangan")
    HazardWarningFactory(district=paringin.district, created_by=staff, kecamatan=[paringin], title="Siaga banjir uji")
    rules_run()
    alert = Alert.objects.get(title__startswith="Siaga banjir uji", state="open")
    page = new_page(phone=True)
    login(page, "camat.paringin")
    page.goto(f"/alerts/{alert.pk}/")
    effect = page.locator("[data-ack-effect]").inner_text()
    assert "eskalasi" in effect
    page.click("form[action$='/acknowledge/'] button")
    page.wait_for_url(f"**/alerts/{alert.pk}/")
    outlook = page.locator("[data-outlook]").inner_text()
    alert.refresh_from_db()
    assert alert.state == "acknowledged"
    if alert.escalation.get("ack_timeout_minutes"):
        assert "eskalasi dijeda" in outlook and "mulai dari langkah 1" in outlook
    else:
        assert "eskalasi berhenti sepenuhnya" in outlook


def test_a_resubmitted_report_shows_the_reviewer_what_changed(demo_everything, new_page):
    from kencana.readiness import services
    from kencana.readiness.models import Report, Verdict

    submitted = Report.objects.kecamatan_units().filter(state="submitted")  # a kecamatan's own report, with numbers
    report = submitted.filter(kecamatan__code="63.11.06").first() or submitted.first()
    staff = User.objects.get(username="staff.balangan")
    officer = User.objects.filter(kecamatan=report.kecamatan, role="officer").first()
    numeric = report.answers.filter(number__isnull=False).select_related("indicator").first()
    other = report.answers.exclude(pk=numeric.pk).select_related("indicator").first()
    for answer in (numeric, other):
        services.answer_review(answer=answer, by=staff, verdict=Verdict.NEEDS_REVISION, note="Periksa lagi")
    services.report_return(report=report, by=staff, note="Perbaiki dua jawaban")

    page = new_page(phone=True)
    login(page, officer.username)
    page.goto(f"/readiness/reports/{report.pk}/")
    field = page.locator(f"input[name=value_{numeric.indicator.pk}]")
    field.fill(str(int(numeric.number) + 1))
    with page.expect_navigation():  # the page sends the form itself, then goes where the answer says
        page.click("#report-form button[name=submit]")

    staff_page = new_page()
    login(staff_page, "staff.balangan")
    staff_page.goto(f"/readiness/reports/{report.pk}/")
    assert staff_page.locator("[data-review=changed]").count() == 1
    assert staff_page.locator("[data-review=kept]").count() >= 1
    staff_page.locator(f"input[name=verdict_{other.pk}][value=accepted]").check()
    staff_page.click("button[name=decision][value=verify]")
    staff_page.wait_for_url(f"**/readiness/reports/{report.pk}/")
    report.refresh_from_db()
    assert report.state == "verified"


def test_the_partner_admin_adopts_a_shared_template_and_the_staff_is_told_who_may(demo_everything, new_page):
    from kencana.readiness.models import Template

    shared = Template.objects.filter(district__code="63.11", shared_with_partners=True).first()
    staff = new_page(phone=True)
    login(staff, "staff.banjar")
    staff.goto(f"/readiness/library/{shared.pk}/")
    refusal = staff.locator("[data-adoption=refused]").inner_text()
    assert "admin.banjar" in refusal and staff.locator("form[action$='/adopt/']").count() == 0

    admin = new_page()
    login(admin, "admin.banjar")
    admin.goto(f"/readiness/library/{shared.pk}/")
    admin.fill("input[name=name]", "Instrumen Kencana Banjar")
    admin.click("form[action$='/adopt/'] button[type=submit]")
    admin.wait_for_url("**/readiness/templates/*/")
    assert Template.objects.filter(district__code="63.03", name="Instrumen Kencana Banjar").exists()
    assert "Instrumen Kencana Banjar" in admin.locator("h1").inner_text()
