"""Shelters and needs in a real browser, on the demo: the Paringin officer files a head count on a
390 px phone; BPBD staff see the needs for 7 days under Perka BNPB 7/2008, switch the event to
Sphere 2018 and see other figures, draft a dispatch from the shortfall and post it to the shelter;
once it is received there, the shortfall has dropped by exactly the quantity received and the
ledger is clean."""

from decimal import Decimal

from playwright.sync_api import expect

from kencana.shelters.models import Shelter, ShelterCount
from logistics.ledger_check import ledger_differences
from logistics.models import Document

from ..factories import local_input
from .conftest import login

WITA = "Asia/Makassar"


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def figure(page, code: str, column: str) -> Decimal:
    return Decimal(page.locator(f"tr[data-item='{code}'] td[data-{column}]").get_attribute(f"data-{column}"))


def test_a_count_on_a_phone_drives_the_needs_and_a_received_dispatch_lowers_the_shortfall(demo_everything, new_page):
    school = Shelter.objects.select_related("event").get(name="SDN Lasung Batu")
    event = school.event

    # The officer counts the school's people on his phone: yesterday's figures come prefilled.
    phone = new_page(phone=True)
    login(phone, "camat.paringin")
    phone.goto(f"/shelters/{school.pk}/counts/new/")
    expect(phone.locator("#id_people")).to_have_value("176")
    phone.fill("#id_as_of", local_input())
    phone.fill("#id_people", "180")
    phone.fill("#id_households", "50")
    assert fits_the_phone(phone)
    phone.get_by_role("button", name="Simpan pendataan").click()
    expect(phone.locator(".messages")).to_contain_text("180 jiwa")
    assert ShelterCount.objects.filter(shelter=school).latest("as_of").people == 180

    # Staff read the needs for 7 days under the district's profile, then switch the event to Sphere.
    desk = new_page()
    login(desk, "staff.balangan")
    desk.goto(f"/shelters/events/{event.pk}/needs/?days=7")
    expect(desk.locator("h1")).to_contain_text("Perka BNPB 7/2008")
    perka_water = figure(desk, "AIR", "needed")
    desk.select_option("#id_profile", label="Sphere 2018")
    desk.get_by_role("button", name="Pakai profil ini").click()
    expect(desk.locator("h1")).to_contain_text("Sphere 2018")
    sphere_water = figure(desk, "AIR", "needed")
    assert sphere_water != perka_water
    shortfall = figure(desk, "AIR", "shortfall")
    assert shortfall > 100

    # From the school's shortfall, a dispatch is drafted; staff send 100 L of water now.
    desk.locator("section", has_text="SDN Lasung Batu").get_by_role("link", name="Siapkan pengiriman").click()
    water = desk.get_by_label("Air minum dalam kemasan (liter)")
    assert Decimal(water.input_value()) > 0
    for field in desk.locator("input[name^=item_]").all():
        field.fill("")
    water.fill("100")
    desk.get_by_role("button", name="Bukukan pengiriman").click()
    expect(desk.locator(".messages")).to_contain_text("dibukukan")
    dispatch = Document.objects.get(kind="dispatch", destination_warehouse=school.store, status="in_transit")
    assert dispatch.reference == event.number

    # Received at the school (BAST): the shortfall drops by exactly what was received.
    desk.get_by_role("button", name="Konfirmasi penerimaan").click()
    expect(desk.locator(".messages")).to_be_visible()
    dispatch.refresh_from_db()
    assert dispatch.status == "received"
    desk.goto(f"/shelters/events/{event.pk}/needs/?days=7")
    assert figure(desk, "AIR", "shortfall") == shortfall - 100
    assert ledger_differences() == []

    # The map shows the three shelters, sized by people and coloured by occupancy.
    desk.goto("/map/")
    expect(desk.locator("path.shelter-marker")).to_have_count(3)
