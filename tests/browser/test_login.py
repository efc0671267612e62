import pytest

from .conftest import login


@pytest.mark.parametrize(
    ("username", "sees", "does_not_see"),
    [
        ("admin.balangan", ["Paringin", "Awayan", "Pengguna"], ["Aluh Aluh"]),
        ("staff.balangan", ["Paringin", "Awayan", "Tebing Tinggi"], ["Aluh Aluh", "Pengguna"]),
        ("camat.paringin", ["Paringin"], ["Awayan", "Pengguna"]),
        ("camat.awayan", ["Awayan"], ["Paringin", "Pengguna"]),
        ("staff.banjar", ["Aluh Aluh", "Martapura"], ["Paringin"]),
    ],
)
def test_each_demo_role_logs_in_and_sees_only_its_scope(demo, new_page, username, sees, does_not_see):
    page = new_page()
    login(page, username, form=True)
    nav = page.locator("nav").inner_text()
    page.goto("/kecamatan/")
    text = page.locator("main").inner_text()
    for name in sees:
        assert name in text or name in nav
    for name in does_not_see:
        assert name not in text
        assert name not in nav


def test_the_kecamatan_map_draws_its_polygon_without_a_tile_server(demo, new_page):
    page = new_page(phone=True)
    login(page, "camat.paringin")
    page.goto("/kecamatan/63.11.06/")
    page.wait_for_selector("#kecamatan-map path.leaflet-interactive")
    assert page.locator("#kecamatan-map path.leaflet-interactive").count() == 1
    assert page.locator("#kecamatan-map img.leaflet-tile").count() == 0


def test_a_wrong_password_is_refused_in_indonesian(demo, new_page):
    page = new_page(phone=True)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "staff.balangan")
    page.fill("input[name=password]", "salah")
    page.click("main button[type=submit]")
    assert "/accounts/login/" in page.url
    assert "benar" in page.locator(".errors").inner_text().lower()
