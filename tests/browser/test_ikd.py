"""The IKD self-assessment on a 390 px phone: admin.balangan opens this year's assessment on the
starter IKD template and submits it; BPBD Provinsi Kalimantan Selatan returns it with a note;
Balangan raises an answer and submits again; the province verifies it; BNPB reads it with nothing
to press."""

from playwright.sync_api import expect

from kencana.accounts.models import User
from kencana.readiness.services import version_publish
from kencana.upward.demo import ikd_starter_import
from kencana.upward.models import IkdAssessment, UpwardState

from ..factories import today
from .conftest import fits_the_screen, login


def test_balangan_files_its_ikd_the_province_returns_then_verifies_it_and_bnpb_reads_it(demo, new_page):
    admin = User.objects.get(username="admin.balangan")
    template = ikd_starter_import(district=admin.district, by=admin)
    version_publish(version=template.versions.get(), by=admin)

    # Balangan's admin opens this year's assessment and answers every indicator.
    district = new_page(phone=True)
    login(district, "admin.balangan")
    district.goto("/upward/")
    district.fill("#id_ikd-year", str(today().year))
    district.get_by_role("button", name="Buka penilaian").click()
    expect(district.locator("h1")).to_contain_text("Balangan")
    answers = district.locator("select[name^='i']")
    expect(answers).to_have_count(14)
    for answer in answers.all():
        answer.select_option("Tingkat 2 terpenuhi")
    assert fits_the_screen(district)
    district.get_by_role("button", name="Ajukan ke provinsi").click()
    expect(district.locator(".messages")).to_contain_text("Penilaian diajukan ke provinsi")
    assessment = IkdAssessment.objects.get(district__code="63.11")
    assert (assessment.state, str(assessment.index), assessment.level) == ("submitted", "0.5000", "Tingkat 3")

    # The province opens it from its list and returns it with a note.
    province = new_page(phone=True)
    login(province, "prov.kalsel")
    province.goto("/upward/")
    province.get_by_role("link", name=f"IKD {assessment.year}").click()
    expect(province.locator("[data-level]")).to_have_text("Tingkat 3")
    assert fits_the_screen(province)
    province.select_option("#id_decision", "return")
    province.fill("#id_note", "Lampirkan Perda penanggulangan bencana.")
    province.get_by_role("button", name="Kirim keputusan").click()
    expect(province.locator(".messages")).to_contain_text("Penilaian dikembalikan")
    assessment.refresh_from_db()
    assert assessment.state == UpwardState.RETURNED

    # Balangan reads the note, raises its first answer and submits again.
    district.goto(f"/upward/ikd/{assessment.pk}/")
    expect(district.get_by_role("note")).to_contain_text("Lampirkan Perda")
    answers.first.select_option("Tingkat 4 terpenuhi")
    district.get_by_role("button", name="Ajukan ke provinsi").click()
    expect(district.locator(".messages")).to_contain_text("Penilaian diajukan ke provinsi")

    # The province verifies it.
    province.goto(f"/upward/ikd/{assessment.pk}/")
    province.select_option("#id_decision", "verify")
    province.get_by_role("button", name="Kirim keputusan").click()
    expect(province.locator(".messages")).to_contain_text("Penilaian diverifikasi")
    assessment.refresh_from_db()
    assert assessment.state == UpwardState.VERIFIED and str(assessment.index) == "0.5357"

    # BNPB reads it, with nothing to press.
    national = new_page(phone=True)
    login(national, "bnpb.pusat")
    national.goto("/upward/")
    national.get_by_role("link", name=f"IKD {assessment.year}").click()
    expect(national.locator("[data-state=verified]")).to_be_visible()
    expect(national.locator("[data-level]")).to_have_text("Tingkat 3")
    expect(national.locator("main button")).to_have_count(0)
    assert fits_the_screen(national)
