"""A school's focal person files the school's SPAB assessment on a phone and finds no other school;
BPBD staff follow who filed from the kecamatan page's completeness figures."""

from playwright.sync_api import expect

from kencana.readiness.models import Report, ReportState

from .conftest import fits_the_screen, login
from .test_readiness import answer_everything

FOCAL_SCHOOL = "99110603"  # SD Negeri Balang, not assessed in the demo
OTHER_SCHOOL = "99110601"  # SD Negeri Lasung Batu, same kecamatan


def test_a_focal_person_files_their_schools_spab_and_staff_see_it_filed(readiness_demo, new_page):
    phone = new_page(phone=True)
    login(phone, "spab.balang", form=True)
    expect(phone.locator("h1")).to_contain_text("SD Negeri Balang")  # their school is their home
    assert fits_the_screen(phone)
    phone.locator("form[action='/readiness/reports/open/'] button").click()
    phone.wait_for_selector("#report-form")
    expect(phone.locator("h1")).to_contain_text("SD Negeri Balang")
    answer_everything(phone)
    assert fits_the_screen(phone)
    with phone.expect_navigation():  # the page sends the form itself, then goes where the answer says
        phone.locator("button[name=submit]").click()
    report = Report.objects.get(school__npsn=FOCAL_SCHOOL)
    assert report.state == ReportState.SUBMITTED and report.submitted_by.username == "spab.balang"

    # No other school, desa or kecamatan: not found.
    assert phone.goto(f"/kecamatan/school/{OTHER_SCHOOL}/").status == 404
    assert phone.goto("/kecamatan/desa/63.11.06.2005/").status == 404
    assert phone.goto("/kecamatan/63.11.06/").status == 404
    phone.goto(f"/kecamatan/school/{FOCAL_SCHOOL}/")
    expect(phone.locator("table")).to_contain_text(report.period_label)

    # BPBD staff: Paringin's page counts the schools that filed, and the figure opens the list.
    desk = new_page()
    login(desk, "staff.balangan")
    desk.goto("/kecamatan/63.11.06/")
    row = desk.locator("#unit-completeness tr[data-assignment]", has_text="SPAB")
    row.locator("[data-figure=submitted]").click()
    desk.wait_for_selector("table.completeness")
    expect(desk.locator(f"tr[data-school='{FOCAL_SCHOOL}']")).to_be_visible()
    expect(desk.locator(f"tr[data-school='{OTHER_SCHOOL}']")).to_be_visible()  # submitted in the demo
    desk.locator("[data-figure=missing]").click()
    desk.wait_for_selector("table.completeness")
    expect(desk.locator(f"tr[data-school='{FOCAL_SCHOOL}']")).to_have_count(0)

    # The same on a phone: the completeness list fits the screen.
    staff_phone = new_page(phone=True)
    login(staff_phone, "staff.balangan")
    staff_phone.goto(desk.url)
    assert fits_the_screen(staff_phone)


def test_an_officer_adds_a_school_on_a_phone_and_is_told_what_is_wrong(readiness_demo, new_page):
    phone = new_page(phone=True)
    login(phone, "camat.paringin")
    phone.goto("/kecamatan/desa/63.11.06.2005/")
    phone.locator("#schools a.button").click()
    phone.wait_for_selector("input[name=npsn]")
    phone.fill("input[name=name]", "SMP Negeri 2 Paringin")
    phone.fill("input[name=npsn]", FOCAL_SCHOOL)  # SD Negeri Balang's
    phone.select_option("select[name=level]", "smp")
    phone.fill("input[name=latitude]", "-2.33")
    phone.locator("main button[type=submit]").click()
    expect(phone.locator("main")).to_contain_text(f"Sekolah lain sudah memakai NPSN {FOCAL_SCHOOL}")
    expect(phone.locator("main")).to_contain_text("Isi lintang dan bujur sekaligus")
    assert fits_the_screen(phone)
    phone.fill("input[name=npsn]", "99110604")
    phone.fill("input[name=longitude]", "115.47")
    phone.locator("main button[type=submit]").click()
    expect(phone.locator("h1")).to_contain_text("SMP Negeri 2 Paringin")
    assert fits_the_screen(phone)

    # It is expected in Paringin's SPAB completeness, and missing.
    phone.goto("/kecamatan/63.11.06/")
    phone.locator("#unit-completeness tr[data-assignment]", has_text="SPAB").locator("[data-figure=missing]").click()
    expect(phone.locator("tr[data-school='99110604']")).to_be_visible()
    assert fits_the_screen(phone)
