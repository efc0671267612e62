"""The readiness round trip in a real browser: an officer on a phone, BPBD staff on a desktop."""

from playwright.sync_api import expect

from kencana.readiness.demo import DEMO_PDF
from kencana.readiness.models import Report, ReportState

from .conftest import fits_the_screen, login


def answer_everything(page, *, number="100"):
    """Yes to yes/no, the top level of scales and choices, the target or more for numbers (computed ones
    are left alone)."""
    for indicator in page.locator("#report-form .indicator").all():
        if indicator.locator("[data-computed]").count():
            continue  # computed from the desa: nothing to type
        yes = indicator.locator("input[type=radio][value=yes]")
        radios = indicator.locator("input[type=radio]")
        if yes.count():
            yes.check()
        elif radios.count():
            radios.last.check()
        else:
            indicator.locator("input[type=number]").fill(number)


def test_an_officer_files_on_a_phone_staff_return_the_officer_resubmits_and_staff_verify(readiness_demo, new_page):
    phone = new_page(phone=True)
    login(phone, "camat.paringin")
    phone.goto("/readiness/")
    phone.locator("form[action='/readiness/reports/open/'] button").first.click()
    phone.wait_for_selector("#report-form")
    report = Report.objects.get(kecamatan__code="63.11.06", state=ReportState.DRAFT)

    answer_everything(phone)
    needs_evidence = phone.locator("#report-form .indicator:has(.badge.info) input[type=file]")
    assert needs_evidence.count() > 0
    for n in range(needs_evidence.count()):
        needs_evidence.nth(n).set_input_files(
            {"name": f"bukti-{n}.pdf", "mimeType": "application/pdf", "buffer": DEMO_PDF}
        )
    assert fits_the_screen(phone)
    with phone.expect_navigation():  # the page sends the form itself, then goes where the answer says
        phone.locator("button[name=submit]").click()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED, phone.locator(".messages").inner_text()
    assert report.answers.filter(evidence__isnull=False).exists()

    desk = new_page()
    login(desk, "staff.balangan")
    desk.goto(f"/readiness/reports/{report.pk}/")
    first = desk.locator(".review-form .indicator").first
    first.locator("input[value=needs_revision]").check()
    first.locator("input[type=text]").fill("Lampirkan SK yang sudah ditandatangani")
    desk.fill("textarea[name=note]", "Mohon perbaiki KL-01")
    desk.locator("button[name=decision][value=return]").click()
    desk.wait_for_load_state()
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED

    phone.goto(f"/readiness/reports/{report.pk}/")
    assert "Mohon perbaiki KL-01" in phone.locator("main").inner_text()
    assert phone.locator(".indicator.flagged").count() == 1
    phone.locator("textarea[name^=comment_]").first.fill("SK terlampir, sudah ditandatangani camat")
    with phone.expect_navigation():  # the page sends the form itself, then goes where the answer says
        phone.locator("button[name=submit]").click()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED

    desk.goto(f"/readiness/reports/{report.pk}/")
    desk.locator(".review-form .indicator").first.locator("input[value=accepted]").check()
    desk.locator("button[name=decision][value=verify]").click()
    desk.wait_for_load_state()
    report.refresh_from_db()
    assert report.state == ReportState.VERIFIED and report.tier == "Utama"
    assert desk.locator(".summary .tier").inner_text() == "Utama"

    desk.goto("/readiness/trend/63.11.06/")
    assert desk.locator(".trend-chart rect").count() == 4


def test_typed_answers_survive_a_reload_before_saving(readiness_demo, new_page):
    page = new_page(phone=True)
    login(page, "camat.paringin")
    page.goto("/readiness/")
    page.locator("form[action='/readiness/reports/open/'] button").first.click()
    page.wait_for_selector("#report-form")
    comment = page.locator("textarea[name^=comment_]").first
    comment.fill("Diketik saat sinyal hilang")
    page.wait_for_function("Object.keys(localStorage).length > 0")
    page.reload()
    expect(page.locator("textarea[name^=comment_]").first).to_have_value("Diketik saat sinyal hilang")
    expect(page.locator("#autosave-status")).to_be_visible()
