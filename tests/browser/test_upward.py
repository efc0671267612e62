"""The SPM report in a real browser: BPBD Provinsi Kalimantan Selatan see Balangan and Banjar side by
side; admin.balangan files last quarter's SPM report; the province returns it with a note; Balangan
fixes and resubmits; the province verifies it; the XLSX has the service and sub-activity rows with
the figures entered and computed; BNPB reads it and cannot change it."""

import io

from django.test import Client
from openpyxl import load_workbook
from playwright.sync_api import expect

from kencana.accounts.models import User
from kencana.upward.models import SpmReport, UpwardState

from ..security.world import PDF
from .conftest import fits_the_screen, login


def test_a_province_returns_balangans_spm_report_balangan_fixes_it_and_the_province_verifies(
    demo, new_page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"

    # The province's home: its districts side by side.
    province = new_page()
    login(province, "prov.kalsel", form=True)
    table = province.locator("table.overview")
    expect(table).to_contain_text("Balangan")
    expect(table).to_contain_text("Banjar")

    # Balangan's admin opens last quarter's report and files it.
    district = new_page()
    login(district, "admin.balangan")
    district.goto("/upward/")
    district.get_by_role("button", name="Buka laporan").click()
    expect(district.locator("h1")).to_contain_text("Balangan")
    report = SpmReport.objects.get(district__code="63.11")
    for box in district.locator("input[name$='_target']").all():
        box.fill("10")
    for box in district.locator("input[name$='_achieved']").all():
        box.fill("0")
    kie = report.entries.get(sub_activity__code="1.2")
    district.fill(f"#id_e{kie.pk}_achieved", "4")
    district.set_input_files(
        f"#id_e{kie.pk}_evidence", files=[{"name": "daftar-hadir.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    district.check(f"#id_e{kie.pk}_met_0")
    district.get_by_role("button", name="Ajukan ke provinsi").click()
    expect(district.locator(".messages")).to_contain_text("Laporan diajukan ke provinsi")
    report.refresh_from_db()
    assert report.state == UpwardState.SUBMITTED

    # The province opens it from its list and returns it with a note.
    province.goto("/upward/")
    province.get_by_role("link", name=report.period_label).click()
    province.select_option("#id_decision", "return")
    province.fill("#id_note", "Target KIE harus sesuai jumlah penduduk rawan.")
    province.get_by_role("button", name="Kirim keputusan").click()
    expect(province.locator(".messages")).to_contain_text("dikembalikan")
    report.refresh_from_db()
    assert report.state == UpwardState.RETURNED

    # Balangan reads the note, fixes the target and submits again.
    district.goto(f"/upward/spm/{report.pk}/")
    expect(district.get_by_role("note")).to_contain_text("Target KIE harus sesuai")
    district.fill(f"#id_e{kie.pk}_target", "1200")
    district.get_by_role("button", name="Ajukan ke provinsi").click()
    expect(district.locator(".messages")).to_contain_text("Laporan diajukan ke provinsi")

    # The province verifies it, on a phone.
    phone = new_page(phone=True)
    login(phone, "prov.kalsel")
    phone.goto(f"/upward/spm/{report.pk}/")
    assert fits_the_screen(phone)
    phone.select_option("#id_decision", "verify")
    phone.get_by_role("button", name="Kirim keputusan").click()
    expect(phone.locator(".messages")).to_contain_text("Laporan diverifikasi")
    report.refresh_from_db()
    assert report.state == UpwardState.VERIFIED

    # The XLSX: a sheet per service, a row per sub-activity, figures entered and computed.
    download = province.request.get(f"/upward/spm/{report.pk}/export.xlsx")
    book = load_workbook(io.BytesIO(download.body()))
    assert [name[:2] for name in book.sheetnames] == ["L1", "L2", "L3"]
    rows = {row[0]: row for row in book["L1 Pelayanan informasi rawan bencana"[:31]].iter_rows(values_only=True)}
    assert rows["1.2"][4:6] == (1200, 4) and rows["1.2"][7] == 40
    assert rows["1.1"][3] == "dihitung oleh Kencana" and rows["1.1"][4] == 8  # Balangan's kecamatan

    # BNPB reads it, with nothing to change.
    national = new_page()
    login(national, "bnpb.pusat")
    national.goto(f"/upward/spm/{report.pk}/")
    expect(national.locator("[data-state=verified]")).to_be_visible()
    expect(national.get_by_role("button", name="Kirim keputusan")).to_have_count(0)
    expect(national.get_by_role("button", name="Ajukan ke provinsi")).to_have_count(0)
    client = Client()
    client.force_login(User.objects.get(username="bnpb.pusat"))
    assert client.post(f"/upward/spm/{report.pk}/review/", {"decision": "return", "note": "x"}).status_code == 403
    assert client.post(f"/upward/spm/{report.pk}/", {"problems": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.state == UpwardState.VERIFIED
