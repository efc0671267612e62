import pytest
from pypdf import PdfReader

from kecamatan.demo_risk import seed_risk_profiles
from kencana.plans.demo import seed_plans_demo
from kencana.plans.models import QuickResponseCard

from .conftest import ARTIFACTS, fits_the_screen, login


@pytest.fixture
def plans_demo(demo):
    seed_risk_profiles()
    seed_plans_demo()


def test_the_printable_flood_card_fits_one_a4_page(plans_demo, new_page):
    card = QuickResponseCard.objects.get(kecamatan__code="63.11.03", hazard__code="banjir")
    page = new_page()
    login(page, "camat.awayan")
    page.goto(f"/plans/cards/{card.pk}/")
    assert "Kartu aksi cepat".upper() in page.locator(".qr-kicker").inner_text().upper()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "quick-response-card-awayan.pdf").write_bytes(pdf)
    reader = PdfReader(ARTIFACTS / "quick-response-card-awayan.pdf")
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Awayan" in text and "Polsek Awayan" in text


def test_the_card_reads_on_a_phone_without_sideways_scrolling(plans_demo, new_page):
    card = QuickResponseCard.objects.get(kecamatan__code="63.11.06", hazard__code="banjir")
    page = new_page(phone=True)
    login(page, "camat.paringin")
    page.goto(f"/plans/cards/{card.pk}/")
    assert fits_the_screen(page)
    assert page.locator(".qr-steps li").count() == 7


def test_the_kecamatan_page_shows_risk_matrix_and_an_overdue_item(plans_demo, new_page):
    page = new_page(phone=True)
    login(page, "camat.paringin")
    page.goto("/kecamatan/63.11.06/")
    assert page.locator(".risk-matrix .cell").count() == 9
    assert page.locator(".risk-table tbody tr").count() == 2
    assert "Simulasi evakuasi" in page.locator(".overdue-list").inner_text()
