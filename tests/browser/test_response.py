"""From readiness to response in a real browser, as the demo roles: BPBD staff on a desktop open an
event from a BMKG-style warning, record the Bupati's decree and activate Paringin's flood card; the
Paringin officer on a 390 px phone acknowledges a task and files impact reports for two desa; staff
verify one and return the other; the sitrep issued then shows exactly the verified totals, marks
the unverified desa, prints on one A4 page and gives the same figures as WhatsApp text, and it does
not change when a later report arrives."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from kecamatan.demo_risk import seed_risk_profiles
from kecamatan.models import Desa, Hazard, Kecamatan
from kencana.accounts.models import User
from kencana.alerts.models import Alert, HazardWarning
from kencana.alerts.services import hazard_warning_create
from kencana.plans.demo import seed_plans_demo
from kencana.response.models import Event, ImpactReport, ReportState, Sitrep, Task

from ..response import factories
from .conftest import ARTIFACTS, fits_the_screen, login

# Real desa of Paringin, by their Kemendagri codes, as the demo territory holds them.
LASUNG_BATU, BALANG = ("63.11.06.2007", "Lasung Batu"), ("63.11.06.2005", "Balang")


@pytest.fixture
def response_demo(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_risk_profiles()
    seed_plans_demo()
    paringin = Kecamatan.objects.get(code="63.11.06")
    for code, name in (LASUNG_BATU, BALANG):
        assert Desa.objects.get(code=code, kecamatan=paringin).name == name
    hazard_warning_create(
        by=User.objects.get(username="staff.balangan"),
        kecamatan=list(Kecamatan.objects.filter(code__in=["63.11.06", "63.11.03"])),
        hazard=Hazard.objects.get(code="banjir"),
        title="Peringatan dini BMKG: hujan lebat di Paringin dan Awayan",
        status_level=HazardWarning.Status.ALERT,
        expires_at=timezone.now() + datetime.timedelta(days=2),
    )
    return Alert.objects.get(rule="hazard_warning", kecamatan=paringin)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"response-{name}.png", full_page=True)


def file_impact(phone, event, desa_name: str, figures: dict) -> None:
    phone.goto(f"/response/events/{event.pk}/impact/new/")
    phone.select_option("#id_desa", label=f"{desa_name} (Paringin)")
    for field, value in figures.items():
        phone.fill(f"#id_{field}", str(value))
    assert fits_the_screen(phone)
    phone.locator("button[name=submit]").click()
    expect(phone.locator(".messages")).to_contain_text("diajukan ke BPBD")


def test_from_a_warning_to_a_frozen_sitrep(response_demo, new_page):
    alert = response_demo
    desk = new_page()
    login(desk, "staff.balangan")

    # Staff open an event from the alert: the warning's hazard and kecamatan come filled in.
    desk.goto(f"/alerts/{alert.pk}/")
    desk.get_by_role("link", name="Buka kejadian bencana dari peringatan ini").click()
    expect(desk.locator("#id_hazard option:checked")).to_have_text("Banjir")
    assert desk.locator("input[name=kecamatan]:checked").count() == 2
    for _code, name in (LASUNG_BATU, BALANG):
        desk.get_by_label(f"{name} (Paringin)").check()
    desk.fill("#id_title", "Banjir luapan Sungai Balangan")
    desk.get_by_role("button", name="Catat kejadian").click()
    expect(desk.locator("h1")).to_contain_text("Banjir luapan Sungai Balangan")
    event = Event.objects.get()
    assert event.source_alert == alert and event.desa.count() == 2

    # The Bupati's decree: tanggap darurat for seven days.
    today = factories.today()
    desk.get_by_role("link", name="Catat SK").click()
    desk.fill("#id_number", "188.45/412/KUM/2026")
    desk.fill("#id_signed_on", today.isoformat())
    desk.select_option("#id_level", "tanggap")
    desk.fill("#id_period_start", today.isoformat())
    desk.fill("#id_period_end", (today + datetime.timedelta(days=6)).isoformat())
    desk.get_by_role("button", name="Catat SK").click()
    expect(desk.locator(".decree-box")).to_contain_text("Tanggap darurat")
    expect(desk.locator(".decree-box")).to_contain_text("6 hari lagi")

    # Paringin's flood card becomes tasks.
    desk.get_by_role("link", name="Aktifkan kartu").click()
    desk.get_by_role("button", name="Aktifkan kartu Paringin").click()
    expect(desk.locator(".tasks li")).to_have_count(7)
    shot(desk, "event-staff")

    # The Paringin officer, on a phone, sees and acknowledges a task, then files for two desa.
    phone = new_page(phone=True)
    login(phone, "camat.paringin", form=True)
    expect(phone.locator(".response-panel")).to_contain_text("Tugas saya yang belum selesai")
    phone.goto("/response/tasks/")
    first = phone.locator(".task-cards li").first
    expect(first).to_contain_text("#1")
    first.get_by_role("button", name="Tanggapi").click()
    expect(phone.locator(".messages")).to_contain_text("Tugas #1: Ditanggapi")
    assert fits_the_screen(phone)
    shot(phone, "tasks-officer")
    assert Task.objects.get(event=event, number=1).state == "acknowledged"

    file_impact(
        phone,
        event,
        "Lasung Batu",
        {
            "dead": 1,
            "missing": 2,
            "injured_light": 4,
            "displaced_shelter_people": 120,
            "displaced_shelter_households": 35,
            "houses_heavy": 3,
        },
    )
    file_impact(phone, event, "Balang", {"dead": 5, "displaced_shelter_people": 60, "displaced_shelter_households": 20})
    phone.goto(f"/response/events/{event.pk}/")
    assert fits_the_screen(phone)
    shot(phone, "event-officer")

    # Staff verify Lasung Batu and return Balang.
    lasung = ImpactReport.objects.get(desa__code=LASUNG_BATU[0])
    balang = ImpactReport.objects.get(desa__code=BALANG[0])
    desk.goto(f"/response/impact/{lasung.pk}/")
    desk.get_by_role("button", name="Verifikasi").click()
    expect(desk.locator(".messages")).to_contain_text("Laporan diverifikasi")
    desk.goto(f"/response/impact/{balang.pk}/")
    desk.fill("textarea[name=note]", "Periksa lagi jumlah korban meninggal")
    desk.get_by_role("button", name="Kembalikan ke petugas").click()
    expect(desk.locator(".messages")).to_contain_text("dikembalikan")

    # The sitrep issued now: exactly the verified totals, Balang marked as not verified.
    desk.goto(f"/response/events/{event.pk}/sitreps/new/")
    desk.fill("#id_assessment", "Evakuasi berjalan; kaji cepat berlanjut.")
    desk.get_by_role("button", name="Terbitkan laporan").click()
    expect(desk.locator(".sitrep-head")).to_contain_text("LAPORAN SITUASI BANJIR")
    sitrep = Sitrep.objects.get()
    totals = desk.locator(".sitrep-table tfoot tr")
    expect(totals).to_contain_text("1")
    cells = [c.strip() for c in totals.locator("td").all_inner_texts()]
    assert cells[:5] == ["1", "2", "4", "120", "35"]  # dead, missing, injured, displaced, households
    expect(desk.locator(".unverified")).to_contain_text("Balang (Paringin)")
    expect(desk.locator(".unverified")).to_contain_text("dikembalikan")
    whatsapp = desk.locator("#whatsapp-text").input_value()
    assert "meninggal 1 · hilang 2 · luka 4 · mengungsi 120 jiwa (35 KK)" in whatsapp
    assert "Balang (Paringin): dikembalikan" in whatsapp
    assert len(whatsapp) <= 4000
    shot(desk, "sitrep")

    desk.emulate_media(media="print")
    pdf = desk.pdf(format="A4", print_background=True)
    (ARTIFACTS / "response-sitrep.pdf").write_bytes(pdf)
    reader = PdfReader(ARTIFACTS / "response-sitrep.pdf")
    assert len(reader.pages) == 1
    printed = reader.pages[0].extract_text()
    assert "LAPORAN SITUASI BANJIR" in printed and "Lasung Batu" in printed and "188.45/412/KUM/2026" in printed
    desk.emulate_media(media="screen")

    # A later report arrives and is verified: the issued sitrep stays as it was.
    phone.goto(f"/response/impact/{balang.pk}/edit/")
    expect(phone.locator(".notice")).to_contain_text("Periksa lagi jumlah korban meninggal")
    phone.fill("#id_dead", "0")
    phone.locator("button[name=submit]").click()
    expect(phone.locator(".messages")).to_contain_text("diajukan ke BPBD")
    desk.goto(f"/response/impact/{balang.pk}/")
    desk.get_by_role("button", name="Verifikasi").click()
    assert ImpactReport.objects.get(pk=balang.pk).state == ReportState.VERIFIED
    desk.goto(f"/response/sitreps/{sitrep.pk}/")
    assert desk.locator("#whatsapp-text").input_value() == whatsapp
    assert Sitrep.objects.get(pk=sitrep.pk).data == sitrep.data
    later = desk.locator(".sitrep-table tfoot tr td").all_inner_texts()
    assert [c.strip() for c in later[:5]] == cells[:5]
    assert re.search(r"Diterbitkan .* WITA", desk.locator(".sitrep-foot").inner_text())
