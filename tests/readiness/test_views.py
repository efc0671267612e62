import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kencana.accounts.models import Role
from kencana.readiness import services
from kencana.readiness.models import Answer, Evidence, Report, ReportState, Template
from tests.factories import UserFactory

from .conftest import pdf


def form_data(report, values):
    indicators = {i.code: i.pk for i in report.version.indicators.all()}
    return {f"value_{indicators[code]}": value for code, value in values.items()}


def test_the_officer_saves_a_draft_with_evidence_from_the_form(report, officer, client_for):
    data = form_data(report, {"Y1": "yes", "N1": "4"})
    data[f"evidence_{report.version.indicators.get(code='Y1').pk}"] = pdf("sk.pdf")
    response = client_for(officer).post(f"/readiness/reports/{report.pk}/save/", data)
    assert response.status_code == 302
    assert Answer.objects.get(report=report, indicator__code="N1").number == 4
    assert Evidence.objects.get().original_name == "sk.pdf"


def test_a_refused_save_shows_what_was_typed_and_stores_nothing(report, officer, client_for):
    data = form_data(report, {"Y1": "yes", "N1": "empat"})
    response = client_for(officer).post(f"/readiness/reports/{report.pk}/save/", data)
    assert response.status_code == 400
    assert "N1: isi dengan angka." in response.content.decode()  # the page speaks Indonesian
    assert 'value="empat"' in response.content.decode()
    assert not Answer.objects.filter(report=report).exists()


def test_a_save_with_a_refused_upload_changes_nothing_at_all(report, officer, client_for):
    """Answers, evidence removal and uploads are one save: a bad file refuses all of it."""
    y1 = report.version.indicators.get(code="Y1")
    services.answers_save(report=report, by=officer, entries=[services.AnswerInput(indicator=y1, value="yes")])
    kept = services.evidence_add(report=report, indicator=y1, by=officer, upload=pdf("sk-lama.pdf"))
    data = form_data(report, {"Y1": "no", "N1": "4"}) | {"remove_evidence": [kept.pk]}
    data[f"evidence_{y1.pk}"] = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 64, content_type="application/pdf")
    response = client_for(officer).post(f"/readiness/reports/{report.pk}/save/", data)
    assert response.status_code == 400
    assert "virus.exe" in response.content.decode()
    assert Answer.objects.get(report=report, indicator=y1).yes is True
    assert not Answer.objects.filter(report=report, indicator__code="N1").exists()
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["sk-lama.pdf"]
    assert Path(Evidence.objects.get().file.path).exists()


def test_a_refused_submit_keeps_the_draft(report, officer, client_for):
    data = form_data(report, {"Y1": "yes", "S1": "Draf"}) | {"submit": "1"}
    response = client_for(officer).post(f"/readiness/reports/{report.pk}/save/", data, follow=True)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert Answer.objects.filter(report=report, points__isnull=False).count() == 2
    # one message, and one list at the top linking each question still missing, marked in place
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and "lihat yang masih kurang di bawah" in shown[0]
    assert response.redirect_chain[-1][0].endswith("?missing=1#missing")
    page = response.content.decode()
    assert '<details class="card missing" id="missing" open>' in page
    assert '<a href="#ind-N1"><code>N1</code>' in page
    assert page.count("data-missing") == page.count('<li><a href="#ind-')


def test_saving_a_draft_comes_back_to_the_question_the_officer_was_at(report, officer, client_for):
    data = form_data(report, {"Y1": "yes"}) | {"save": "1", "anchor": "ind-N1"}
    response = client_for(officer).post(f"/readiness/reports/{report.pk}/save/", data)
    assert response["Location"].endswith(f"/readiness/reports/{report.pk}/#ind-N1")
    hostile = client_for(officer).post(f"/readiness/reports/{report.pk}/save/", data | {"anchor": '"><script>'})
    assert hostile["Location"].endswith(f"/readiness/reports/{report.pk}/")


def test_the_form_page_is_phone_friendly_and_loads_the_autosave_script(report, officer, client_for):
    content = client_for(officer).get(f"/readiness/reports/{report.pk}/").content.decode()
    assert 'data-autosave-key="kencana-report-' in content
    assert "js/readiness.js" in content
    assert "<script>" not in content  # no inline script under the CSP


def test_staff_return_then_verify_from_the_review_page(submitted, staff, officer, client_for):
    client = client_for(staff)
    n1 = submitted.answers.get(indicator__code="N1")
    client.post(
        f"/readiness/reports/{submitted.pk}/review/",
        {f"verdict_{n1.pk}": "needs_revision", f"note_{n1.pk}": "Sebutkan desanya", "decision": "return", "note": ""},
    )
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED
    services.report_submit(report=submitted, by=officer)
    client.post(
        f"/readiness/reports/{submitted.pk}/review/",
        {f"verdict_{n1.pk}": "accepted", f"note_{n1.pk}": "", "decision": "verify"},
    )
    submitted.refresh_from_db()
    assert submitted.state == ReportState.VERIFIED


def test_an_officer_posting_a_review_gets_403(submitted, officer, client_for):
    response = client_for(officer).post(f"/readiness/reports/{submitted.pk}/review/", {"decision": "verify"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_reopen_from_the_page_needs_a_reason_and_shows_in_history(submitted, staff, client_for):
    services.report_verify(report=submitted, by=staff)
    client = client_for(staff)
    client.post(f"/readiness/reports/{submitted.pk}/reopen/", {"reason": ""})
    submitted.refresh_from_db()
    assert submitted.state == ReportState.VERIFIED
    client.post(f"/readiness/reports/{submitted.pk}/reopen/", {"reason": "Salah ketik"})
    page = client.get(f"/readiness/reports/{submitted.pk}/").content.decode()
    assert "Dibuka kembali: Salah ketik" in page


def test_awayan_officer_gets_404_on_every_paringin_report_page(report, awayan_officer, client_for):
    client = client_for(awayan_officer)
    for url in ("", "print/"):
        assert client.get(f"/readiness/reports/{report.pk}/{url}").status_code == 404
    assert client.post(f"/readiness/reports/{report.pk}/save/", {}).status_code == 404
    assert client.get("/readiness/trend/63.11.06/").status_code == 404


def test_the_printable_page_has_signature_blocks(submitted, staff, client_for):
    content = client_for(staff).get(f"/readiness/reports/{submitted.pk}/print/").content.decode()
    assert content.count('class="signature"') == 2


def test_results_exports_respect_the_filters(submitted, staff, client_for, assignment, awayan):
    other = Report.objects.create(
        assignment=assignment,
        version=assignment.version,
        kecamatan=awayan,
        period_type="quarter",
        period_start=submitted.period_start,
        period_end=submitted.period_end,
        due_on=submitted.due_on,
        closes_on=submitted.closes_on,
        state=ReportState.SUBMITTED,
    )
    assert other.pk
    client = client_for(staff)
    body = client.get("/readiness/reports/export.csv", {"kecamatan": "63.11.06"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[1] for row in rows[1:]] == ["Paringin"]
    assert "Kebijakan" in rows[0]
    sheet = load_workbook(io.BytesIO(client.get("/readiness/reports/export.xlsx").content)).active
    assert sheet.max_row == 3
    assert client.get("/readiness/reports/export.pdf").status_code == 404


def test_the_admin_builds_and_publishes_a_template_in_the_editor(balangan, admin_user, client_for):
    client = client_for(admin_user)
    client.post("/readiness/templates/new/", {"name": "Baru"})
    draft = Template.objects.get(name="Baru").draft_version()
    client.post(f"/readiness/versions/{draft.pk}/sections/", {"title": "Kebijakan", "title_en": "Policy"})
    section = draft.sections.get()
    response = client.post(
        f"/readiness/versions/{draft.pk}/indicators/new/",
        {
            "section": section.pk,
            "code": "K1",
            "text_id": "Ada SK",
            "answer_type": "scale",
            "choices": "Belum=0|Ada=2",
            "weight": "2",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    client.post(
        f"/readiness/versions/{draft.pk}/thresholds/",
        {"name_0": "Pratama", "bound_0": "0", "name_1": "Madya", "bound_1": "55"},
    )
    client.post(f"/readiness/versions/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.state == "published"
    assert draft.indicators.get().choices == [{"label": "Belum", "points": 0}, {"label": "Ada", "points": 2}]


def test_staff_may_view_templates_but_not_edit(version, staff, client_for):
    client = client_for(staff)
    assert client.get(f"/readiness/versions/{version.pk}/").status_code == 200
    assert client.get("/readiness/templates/new/").status_code == 403
    assert client.post(f"/readiness/templates/{version.template_id}/draft/").status_code == 403


def test_officers_do_not_reach_templates(version, officer, client_for):
    client = client_for(officer)
    assert client.get("/readiness/templates/").status_code == 403
    assert client.get(f"/readiness/versions/{version.pk}/").status_code == 404


def test_the_import_page_lists_errors_and_stores_nothing(admin_user, client_for):
    content = (Path(__file__).parent / "data" / "template_errors.csv").read_bytes()
    response = client_for(admin_user).post(
        "/readiness/templates/import/", {"file": SimpleUploadedFile("t.csv", content), "name": "X", "thresholds": ""}
    )
    assert response.status_code == 200
    assert len(response.context["problems"]) == 7
    assert not Template.objects.exists()


def test_a_partner_admin_adopts_from_the_library_page_and_sees_provenance(version, banjar, client_for):
    admin = UserFactory(username="admin.banjar", district=banjar, role=Role.BPBD_ADMIN)
    client = client_for(admin)
    assert client.get(f"/readiness/library/{version.template_id}/").status_code == 200
    response = client.post(
        f"/readiness/library/{version.template_id}/adopt/", {"name": "Instrumen Banjar"}, follow=True
    )
    adopted = Template.objects.get(district=banjar)
    assert response.redirect_chain[-1][0] == f"/readiness/templates/{adopted.pk}/"
    assert "Instrumen Uji" in response.content.decode()  # provenance names the source


def test_the_trend_page_draws_one_bar_per_scored_report(submitted, staff, client_for):
    services.report_verify(report=submitted, by=staff)
    response = client_for(staff).get("/readiness/trend/63.11.06/")
    assert len(response.context["chart"]["bars"]) == 1
    assert "<svg" in response.content.decode()


@pytest.mark.parametrize("username", ["camat.paringin", "staff.balangan"])
def test_the_readiness_index_renders_for_each_role(report, officer, staff, client_for, username):
    user = officer if username == "camat.paringin" else staff
    assert client_for(user).get("/readiness/").status_code == 200


def history_block(page: str) -> str:
    """The change-history card of an object page."""
    assert 'class="card history"' in page
    return page.split('class="card history"', 1)[1]


def test_a_templates_page_shows_who_renamed_it(version, admin_user, client_for):
    client = client_for(admin_user)
    client.post(f"/readiness/templates/{version.template_id}/", {"name": "Instrumen Baru", "description": ""})
    history = history_block(client.get(f"/readiness/templates/{version.template_id}/").content.decode())
    assert "admin.balangan" in history and "Instrumen Uji → Instrumen Baru" in history


def test_a_versions_page_shows_who_published_it(version, admin_user, staff, client_for):
    client = client_for(admin_user)
    draft_url = client.post(f"/readiness/templates/{version.template_id}/draft/").url
    draft = version.template.versions.get(number=2)
    assert draft_url == f"/readiness/versions/{draft.pk}/"
    client.post(f"/readiness/versions/{draft.pk}/publish/")
    client.cookies["django_language"] = "en"
    history = history_block(client_for(staff).get(draft_url).content.decode())
    assert "admin.balangan" in history and "Draft → Published" in history


def test_an_assignments_page_shows_who_changed_its_deadline(assignment, admin_user, paringin, awayan, client_for):
    client = client_for(admin_user)
    form = {
        "version": assignment.version_id,
        "kecamatan": [paringin.pk, awayan.pk],
        "period_type": "quarter",
        "starts_on": "2025-01-01",
        "due_days": "20",
        "close_days": "45",
    }
    assert client.post(f"/readiness/assignments/{assignment.pk}/", form).status_code == 302
    history = history_block(client.get(f"/readiness/assignments/{assignment.pk}/").content.decode())
    assert "admin.balangan" in history and "15 → 20" in history


def test_admins_reorder_sections_and_indicators_of_a_draft_and_nothing_else(version, admin_user, staff, client_for):
    draft = services.version_edit(template=version.template, by=admin_user)
    first, second = draft.sections.order_by("position", "pk")[:2]
    client = client_for(admin_user)
    url = f"/readiness/versions/{draft.pk}/sections/{second.pk}/move/"
    response = client.post(url, {"direction": "up"})
    assert response.status_code == 302 and response.url.endswith(f"#section-{second.pk}")
    assert list(draft.sections.order_by("position").values_list("pk", flat=True))[:2] == [second.pk, first.pk]
    client.post(f"/readiness/versions/{draft.pk}/sections/{second.pk}/move/", {"direction": "up"})  # already first
    assert draft.sections.order_by("position").first() == second

    indicators = list(first.indicators.order_by("position", "pk"))
    assert len(indicators) > 1
    client.post(f"/readiness/versions/{draft.pk}/indicators/{indicators[0].pk}/move/", {"direction": "down"})
    moved = list(first.indicators.order_by("position").values_list("pk", flat=True))
    assert moved[:2] == [indicators[1].pk, indicators[0].pk]

    before = list(draft.sections.order_by("position").values_list("pk", flat=True))
    client.post(url, {"direction": "sideways"})
    assert list(draft.sections.order_by("position").values_list("pk", flat=True)) == before
    published_section = version.sections.order_by("position").last()
    client.post(f"/readiness/versions/{version.pk}/sections/{published_section.pk}/move/", {"direction": "up"})
    assert version.sections.order_by("position").last() == published_section  # published versions never change
    assert client_for(staff).post(url, {"direction": "down"}).status_code == 403


def test_the_kecamatan_page_shows_its_current_tier_from_the_latest_verified_report(submitted, staff, client_for):
    before = client_for(staff).get("/kecamatan/63.11.06/").text
    assert "belum ada laporan terverifikasi" in before[before.index("data-current-tier") :]
    verified = services.report_verify(report=submitted, by=staff)
    page = client_for(staff).get("/kecamatan/63.11.06/").text
    current = page[page.index("data-current-tier") :][:600]
    assert f"<strong>{verified.tier}</strong>" in current and verified.period_label in current
