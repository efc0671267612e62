"""Logistics in a real browser: a phone-sized warehouse page and adding a dispatch line."""

import pytest

from logistics.demo import seed_logistics

from .conftest import login


@pytest.fixture
def stock(demo):
    seed_logistics()


def test_staff_read_a_warehouse_on_a_phone(new_page, stock):
    page = new_page(phone=True)
    login(page, "staff.balangan")
    page.goto("/logistics/")
    page.click("text=Gudang Logistik Utama BPBD Balangan")
    assert page.locator("h1").inner_text().startswith("Gudang Logistik Utama")
    assert page.locator("text=Beras").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1


def test_a_dispatch_form_gains_a_line_without_reloading(new_page, stock):
    page = new_page()
    login(page, "staff.balangan")
    page.goto("/logistics/documents/dispatch/new/")
    before = page.locator("fieldset.line").count()
    page.click("[data-add-line=lines]")
    assert page.locator("fieldset.line").count() == before + 1
    assert page.locator("#id_lines-TOTAL_FORMS").input_value() == str(before + 1)
