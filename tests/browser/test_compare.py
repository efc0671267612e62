"""Districts compared per section in a real browser, on a 390 px phone: BPBD Provinsi Kalimantan
Selatan open the comparison from their home and see Balangan and Banjar side by side on the
template Banjar adopted from Balangan, as a table and a chart."""

import datetime

from playwright.sync_api import expect

from kecamatan.models import Kecamatan
from kencana.readiness.models import Template

from ..readiness.factories import make_assignment, make_version
from ..readiness.test_compare import verified_report
from .conftest import fits_the_screen, login


def test_a_province_compares_balangan_and_banjar_per_section_on_a_phone(demo, new_page):
    balangan = Kecamatan.objects.filter(district__code="63.11").order_by("code")[:2]
    banjar = Kecamatan.objects.filter(district__code="63.03").order_by("code")[:1]
    version = make_version(balangan[0].district, name="Instrumen Kencana")
    adopted = Template.objects.create(
        district=banjar[0].district, name="Instrumen Kencana Banjar", source_template=version.template
    )
    ours = make_assignment(version, list(balangan))
    theirs = make_assignment(make_version(banjar[0].district, template=adopted), list(banjar))
    quarter = datetime.date(2025, 1, 1)
    verified_report(ours, balangan[0], quarter, policy=80, response=60, tier="Madya")
    verified_report(ours, balangan[1], quarter, policy=60, response=40, tier="Pratama")
    verified_report(theirs, banjar[0], quarter, policy=90, response=70, tier="Utama")

    phone = new_page(phone=True)
    login(phone, "prov.kalsel", form=True)
    phone.get_by_role("link", name="Bandingkan kabupaten/kota per bagian").click()
    expect(phone.locator("h1")).to_contain_text("Bandingkan")
    expect(phone.get_by_role("checkbox", name="Kabupaten Balangan")).to_be_checked()
    expect(phone.get_by_role("checkbox", name="Kabupaten Banjar")).to_be_checked()
    table = phone.locator("table.compare")
    expect(table).to_contain_text("Kabupaten Balangan")
    expect(table).to_contain_text("Kabupaten Banjar")
    expect(table.get_by_role("row", name="Kebijakan")).to_contain_text("70,0")
    expect(table.get_by_role("row", name="Kebijakan")).to_contain_text("90,0")
    expect(phone.locator("svg.compare-chart g")).to_have_count(4)  # two sections, two districts
    assert fits_the_screen(phone)
