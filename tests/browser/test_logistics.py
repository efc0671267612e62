"""Logistics in a real browser: a phone-sized warehouse page and adding a dispatch line."""

from playwright.sync_api import expect

from .conftest import fits_the_screen, login


def test_staff_read_a_warehouse_on_a_phone(new_page, stock):
    page = new_page(phone=True)
    login(page, "staff.balangan")
    page.goto("/logistics/")
    page.click("text=Gudang Logistik Utama BPBD Balangan")
    assert page.locator("h1").inner_text().startswith("Gudang Logistik Utama")
    expect(page.locator("text=Beras").first).to_be_visible()
    assert fits_the_screen(page)


def test_a_dispatch_form_gains_a_line_without_reloading(new_page, stock):
    page = new_page()
    login(page, "staff.balangan")
    page.goto("/logistics/documents/dispatch/new/")
    before = page.locator("fieldset.line").count()
    page.click("[data-add-line=lines]")
    assert page.locator("fieldset.line").count() == before + 1
    assert page.locator("#id_lines-TOTAL_FORMS").input_value() == str(before + 1)


def test_the_lot_picker_offers_only_the_lots_of_the_chosen_warehouse(new_page, stock):
    from logistics.models import Balance, Warehouse

    stocked = [
        w for w in Warehouse.objects.order_by("pk") if Balance.objects.filter(warehouse=w, quantity__gt=0).exists()
    ]
    assert len(stocked) >= 2
    page = new_page()
    login(page, "staff.balangan")
    page.goto("/logistics/documents/dispatch/new/")
    for warehouse in stocked[:2]:
        page.select_option("#id_warehouse", str(warehouse.pk))
        held = set(Balance.objects.filter(warehouse=warehouse, quantity__gt=0).values_list("lot_id", flat=True))
        offered = page.eval_on_selector_all(
            "#id_lines-0-lot option[data-warehouses]:not([disabled])", "options => options.map(o => Number(o.value))"
        )
        assert set(offered) == held


def test_staff_compute_needs_on_a_phone_under_the_districts_profile(new_page, stock):
    page = new_page(phone=True)
    login(page, "staff.balangan")
    page.goto("/logistics/needs/")
    from kecamatan.models import Kecamatan

    page.select_option("#id_kecamatan", str(Kecamatan.objects.get(name="Awayan").pk))
    page.fill("#id_people", "100")
    page.fill("#id_households", "25")
    page.fill("#id_under_five", "10")
    page.fill("#id_days", "7")
    page.click("main form button[type=submit]")
    expect(page.locator("text=Perka BNPB 7/2008").first).to_be_visible()
    row = page.locator("tr", has_text="Beras").first
    assert "280" in row.inner_text()  # 100 people × 2.8 kg a week
    assert fits_the_screen(page)
