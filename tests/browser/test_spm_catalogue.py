"""The SPM catalogue revised in a real browser on a 390 px phone: a BNPB admin makes a draft from
version 1, is refused weights that add up to 90, fixes them and publishes version 2."""

from playwright.sync_api import expect

from kencana.accounts.demo import DEMO_PASSWORD
from kencana.accounts.models import Role, User
from kencana.upward.models import SpmSubActivity, SpmVersion

from .conftest import fits_the_screen, login


def test_a_bnpb_admin_revises_a_sub_activity_and_publishes_a_new_version(demo, new_page):
    admin = User.objects.create_user(username="admin.bnpb", password=DEMO_PASSWORD, role=Role.NATIONAL_ADMIN)
    phone = new_page(phone=True)
    login(phone, admin.username)
    phone.goto("/upward/catalogue/")
    phone.get_by_role("button", name="Draf baru dari versi terbaru").click()
    expect(phone.locator("h1")).to_contain_text("v2")
    sub = SpmSubActivity.objects.get(service__version__number=2, code="1.2")
    phone.get_by_role("link", name="1.2", exact=True).click()
    phone.fill("#id_target_note", "Penduduk di kawasan rawan")
    phone.fill("#id_c-0-weight", "30")  # 30 + 30 + 30 = 90
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.locator("main")).to_contain_text("90, bukan 100")
    assert not SpmSubActivity.objects.get(pk=sub.pk).target_note  # nothing saved
    assert fits_the_screen(phone)
    phone.fill("#id_c-0-weight", "40")
    phone.get_by_role("button", name="Simpan").click()
    expect(phone.locator(".messages")).to_contain_text("Sub-kegiatan disimpan")
    phone.get_by_role("button", name="Terbitkan").click()
    expect(phone.locator(".messages")).to_contain_text("Versi diterbitkan")
    assert SpmVersion.objects.get(number=2).published_by == admin
    phone.goto("/upward/catalogue/")
    expect(phone.get_by_role("row", name="v2")).to_contain_text("Dipakai")  # the newest published
    expect(phone.get_by_role("row", name="v1")).not_to_contain_text("Dipakai")
    assert fits_the_screen(phone)
