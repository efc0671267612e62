"""Issue 24 end to end: a desa's Destana assessment, filed by the camat and verified by BPBD, moves
Paringin's computed Kencana indicator and shows on the map; a facilitator sees no other desa."""

import re

from playwright.sync_api import expect

from kecamatan.models import Kecamatan
from kencana.readiness.demo import TEMPLATE_NAME
from kencana.readiness.demo_units import WALKTHROUGH_DESA
from kencana.readiness.destana import DESTANA_NAME
from kencana.readiness.models import Report, ReportState

from .conftest import login
from .test_map import zoom_to
from .test_readiness import answer_everything

COMPUTED = "[data-computed=destana_madya_share]"


def computed_value(page) -> str:
    return page.locator(f"{COMPUTED} [data-computed-value]").inner_text()


def test_a_verified_destana_assessment_moves_the_computed_indicator_and_the_map(readiness_demo, new_page):
    # The camat opens Paringin's Kencana report: DS-01 is computed, with its source figures.
    phone = new_page(phone=True)
    login(phone, "camat.paringin")
    phone.goto("/readiness/")
    # Start the current quarter's report (or continue it, when already started).
    phone.locator(".period-list li", has_text=TEMPLATE_NAME).first.locator("button, a.button").first.click()
    phone.wait_for_selector(f"#report-form {COMPUTED}")
    report_url = phone.url
    before = computed_value(phone)
    expect(phone.locator(f"{COMPUTED} [data-provenance]")).to_contain_text(re.compile(r"\b16\b"))  # Paringin's desa
    assert phone.locator(f"{COMPUTED} input").count() == 0  # nothing to type over

    # …then files Lasung Batu's Destana assessment from the desa's page and submits it.
    phone.goto(f"/kecamatan/desa/{WALKTHROUGH_DESA}/")
    phone.locator("form[action='/readiness/reports/open/'] button").click()
    phone.wait_for_selector("#report-form")
    expect(phone.locator("h1")).to_contain_text("Lasung Batu")
    answer_everything(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    with phone.expect_navigation():  # the page sends the form itself, then goes where the answer says
        phone.locator("button[name=submit]").click()
    destana = Report.objects.get(desa__code=WALKTHROUGH_DESA, state=ReportState.SUBMITTED)
    assert destana.version.template.name == DESTANA_NAME and destana.tier == "Utama"

    # BPBD staff verify it.
    desk = new_page()
    login(desk, "staff.balangan")
    desk.goto(f"/readiness/reports/{destana.pk}/")
    desk.locator("button[name=decision][value=verify]").click()
    desk.wait_for_load_state()
    destana.refresh_from_db()
    assert destana.state == ReportState.VERIFIED

    # Paringin's Kencana report has followed, and says where the figure came from.
    phone.goto(report_url)
    after = computed_value(phone)
    assert after != before, (before, after)
    phone.locator(f"{COMPUTED} details summary").click()
    expect(phone.locator(f"{COMPUTED} .sources")).to_contain_text("Lasung Batu")

    # The map shows the desa's tier when zoomed in.
    desk.goto("/map/")
    desk.wait_for_selector(".kecamatan-label span")
    zoom_to(desk, Kecamatan.objects.get(code="63.11.06"), 12)
    # Paringin's desa, in view at this zoom (desa of other kecamatan are outside it and not drawn).
    expect(desk.locator("path.desa-of-63-11-06.desa-tier-utama").first).to_be_visible()
    expect(desk.locator(".desa-label span[data-tier]", has_text="Lasung Batu")).to_contain_text("Utama")


def test_a_desa_facilitator_lands_on_their_desa_and_finds_no_other(readiness_demo, new_page):
    page = new_page(phone=True)
    login(page, "fasilitator.balang", form=True)
    expect(page.locator("h1")).to_contain_text("Balang")
    for other in (WALKTHROUGH_DESA, "63.11.03.2007"):
        assert page.goto(f"/kecamatan/desa/{other}/").status == 404
    assert page.goto("/kecamatan/63.11.06/").status == 404
