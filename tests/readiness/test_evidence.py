import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kencana.readiness import services
from kencana.readiness.models import Evidence

from .conftest import PNG, fill_and_submit, pdf


def y1(report):
    return report.version.indicators.get(code="Y1")


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Daftar hadir gladi"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_pdf_is_stored_under_a_random_name_with_its_original_name_kept(report, officer, media_root):
    evidence = services.evidence_add(report=report, indicator=y1(report), by=officer, upload=pdf("SK Camat 2026.pdf"))
    assert evidence.original_name == "SK Camat 2026.pdf"
    assert evidence.content_type == "application/pdf"
    stored = Path(evidence.file.path)
    assert stored.is_file() and stored.is_relative_to(media_root)
    assert "SK" not in stored.name and stored.suffix == ".pdf"


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("foto.png", PNG, "image/png"),
        ("daftar.xlsx", None, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_images_and_office_files_are_recognised_by_content(report, officer, name, content, mime):
    upload = SimpleUploadedFile(name, content or xlsx_bytes())
    assert services.evidence_add(report=report, indicator=y1(report), by=officer, upload=upload).content_type == mime


def test_a_file_whose_content_is_not_an_allowed_type_is_refused_whatever_its_name(report, officer, media_root):
    fake = SimpleUploadedFile("bukti.pdf", b"#!/bin/sh\necho bukan pdf\n", content_type="application/pdf")
    with pytest.raises(ValidationError, match="pdf is not one of the accepted types") as error:
        services.evidence_add(report=report, indicator=y1(report), by=officer, upload=fake)
    assert "not one of the accepted types (PDF, JPEG, PNG, DOCX, XLSX)" in error.value.messages[0]
    assert not Evidence.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_file_over_the_size_limit_is_refused(report, officer, settings):
    settings.UPLOAD_MAX_BYTES = 50
    with pytest.raises(ValidationError, match="pdf is larger than") as error:
        services.evidence_add(
            report=report, indicator=y1(report), by=officer, upload=pdf(content=b"%PDF-1.4\n" + b"0" * 100)
        )
    assert "larger than" in error.value.messages[0]
    assert not Evidence.objects.exists()


def test_removing_evidence_deletes_the_file_after_commit(report, officer, django_capture_on_commit_callbacks):
    evidence = services.evidence_add(report=report, indicator=y1(report), by=officer, upload=pdf())
    path = Path(evidence.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(evidence=evidence, by=officer)
    assert not path.exists()
    assert not Evidence.objects.exists()


def test_the_officer_and_staff_download_evidence(report, officer, staff, client_for):
    evidence = services.evidence_add(report=report, indicator=y1(report), by=officer, upload=pdf("sk.pdf"))
    for user in (officer, staff):
        response = client_for(user).get(f"/readiness/evidence/{evidence.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert 'filename="sk.pdf"' in response["Content-Disposition"]


def test_another_kecamatan_and_a_partner_get_404_for_evidence_by_url_and_api(
    report, officer, awayan_officer, partner_staff, client_for
):
    evidence = services.evidence_add(report=report, indicator=y1(report), by=officer, upload=pdf())
    for user in (awayan_officer, partner_staff):
        client = client_for(user)
        assert client.get(f"/readiness/evidence/{evidence.pk}/").status_code == 404
        assert client.get(f"/api/v1/readiness/evidence/{evidence.pk}/").status_code == 404


def test_evidence_cannot_be_attached_to_another_kecamatans_report(report, awayan_officer):
    with pytest.raises(PermissionDenied, match="Only an officer of the kecamatan"):
        services.evidence_add(report=report, indicator=y1(report), by=awayan_officer, upload=pdf())
    assert not Evidence.objects.exists()


def test_a_png_named_like_a_web_page_downloads_under_a_png_name(report, officer, client_for):
    upload = SimpleUploadedFile("evil.html", PNG, content_type="text/html")
    evidence = services.evidence_add(report=report, indicator=y1(report), by=officer, upload=upload)
    assert evidence.original_name == "evil.png"
    Evidence.objects.filter(pk=evidence.pk).update(original_name="evil.html")  # as stored before names were cleaned
    for url in (f"/readiness/evidence/{evidence.pk}/", f"/api/v1/readiness/evidence/{evidence.pk}/"):
        response = client_for(officer).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert 'filename="evil.png"' in response["Content-Disposition"]


def test_a_photo_shows_inline_to_the_reviewer_through_the_scoped_view(report, officer, staff, client_for):
    photo = SimpleUploadedFile("foto-posko.png", PNG, content_type="image/png")
    evidence = services.evidence_add(report=report, indicator=y1(report), by=officer, upload=photo)
    fill_and_submit(report, officer)
    response = client_for(staff).get(f"/readiness/evidence/{evidence.pk}/")
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"] and response["Cache-Control"] == "private, no-store"
    page = client_for(staff).get(f"/readiness/reports/{report.pk}/").text
    assert 'class="review-form"' in page
    assert f'<img class="evidence-preview" src="/readiness/evidence/{evidence.pk}/"' in page


def test_a_document_other_than_pdf_or_a_photo_still_downloads(report, officer, client_for):
    from kencana.core.uploads import file_response

    response = file_response(io.BytesIO(b"x"), content_type="application/zip", filename="a.zip")
    assert response["Content-Disposition"].startswith("attachment")
