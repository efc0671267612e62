"""The report form filed from an officer's outbox: once per Idempotency-Key, same rules as the form."""

import datetime
import json

import pytest
from rest_framework.test import APIClient

from kencana.core.models import AppliedRequest
from kencana.readiness import services
from kencana.readiness.models import Answer, Evidence, Report, ReportState
from tests.factories import rows_unchanged

from .conftest import PNG, pdf

ANSWERS = [
    {"indicator": "Y1", "value": "yes"},
    {"indicator": "S1", "value": "Ditetapkan"},
    {"indicator": "N1", "value": "7", "comment": "Dicatat tanpa sinyal"},
    {"indicator": "C1", "value": "Tiap triwulan"},
]
KEY = "7d0e8c52-3f0b-4c1e-9a57-1b2f6c4d9e10"


@pytest.fixture
def api(officer):
    client = APIClient()
    client.force_authenticate(officer)
    return client


def file(api, report, *, key=KEY, answers=ANSWERS, files=(), submit=True):
    body = {"answers": json.dumps(answers), "submit": "true" if submit else "false"}
    if files:
        body["files"] = [upload for _code, upload in files]
        body["file_indicators"] = [code for code, _upload in files]
    headers = {"Idempotency-Key": key, "Accept-Language": "en"} if key else {"Accept-Language": "en"}
    return api.post(f"/api/v1/readiness/reports/{report.pk}/file/", body, format="multipart", headers=headers)


def photo(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_a_filing_saves_the_answers_and_both_photos_and_submits(api, report):
    response = file(api, report, files=[("Y1", photo("foto-1.png")), ("Y1", photo("foto-2.png"))])
    assert response.status_code == 200, response.content
    assert response.json() == {"report": report.pk, "state": "submitted", "submitted": True, "problems": []}
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert Answer.objects.get(report=report, indicator__code="N1").comment == "Dicatat tanpa sinyal"
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["foto-1.png", "foto-2.png"]


def test_a_retry_with_the_same_key_files_nothing_twice_and_gets_the_first_answer(api, report):
    first = file(api, report, files=[("Y1", photo("foto-1.png"))])
    again = file(api, report, files=[("Y1", photo("foto-1.png"))])
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Evidence.objects.count() == 1
    assert AppliedRequest.objects.get().action == "readiness.report_file"


def test_a_twin_that_filed_while_this_copy_was_on_its_way_is_answered_with_its_outcome(
    api, report, officer, monkeypatch, media_root
):
    # The twin commits between this copy's first look at the key and its transaction.
    assert file(api, report, key="twin-key-0001", submit=False, files=[("Y1", pdf())]).status_code == 200
    real = services.idempotency.outcome
    calls = []

    def first_look_misses(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(services.idempotency, "outcome", first_look_misses)
    y1 = report.version.indicators.get(code="Y1")
    with rows_unchanged([Answer, Evidence, AppliedRequest]):
        outcome = services.report_file(
            report=report,
            by=officer,
            key="twin-key-0001",
            entries=[],
            uploads=[services.EvidenceUpload(indicator=y1, upload=pdf())],
        )
    assert outcome == {"report": report.pk, "state": "draft", "submitted": False, "problems": []}
    assert len(list(media_root.rglob("*.pdf"))) == 1  # the copy's file did not stay


def test_a_refused_submission_keeps_the_answers_and_names_what_is_missing(api, report):
    response = file(api, report)  # Y1 needs an evidence file
    assert response.status_code == 200
    assert response.json()["problems"] == ["Y1 needs an evidence file."]
    assert response.json()["submitted"] is False
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    assert Answer.objects.filter(report=report).count() == 4


def test_a_refused_filing_changes_nothing_and_a_corrected_retry_with_its_key_is_applied(api, report, media_root):
    wrong = [*ANSWERS[:2], {"indicator": "N1", "value": "tujuh"}]
    with rows_unchanged([Answer, Evidence, Report, AppliedRequest]):
        response = file(api, report, answers=wrong, files=[("Y1", pdf())])
    assert response.status_code == 400
    assert "N1" in str(response.json())
    assert not list(media_root.rglob("*.pdf"))
    assert file(api, report, files=[("Y1", pdf())]).json()["submitted"] is True


@pytest.mark.parametrize("key", ["", "short", "no spaces allowed here"])
def test_a_filing_without_a_proper_key_is_refused(api, report, key):
    with rows_unchanged([Answer, Evidence, Report, AppliedRequest]):
        response = file(api, report, key=key)
    assert response.status_code == 400
    assert response.json()["detail"] == [
        "Send an Idempotency-Key header of 8 to 100 letters, digits, hyphens or underscores (a UUID)."
    ]


def test_files_and_their_indicators_must_pair_up(api, report):
    body = {"answers": "[]", "files": [pdf()], "file_indicators": []}
    with rows_unchanged([Answer, Evidence, AppliedRequest]):
        response = api.post(
            f"/api/v1/readiness/reports/{report.pk}/file/",
            body,
            format="multipart",
            headers={"Idempotency-Key": KEY, "Accept-Language": "en"},
        )
    assert response.status_code == 400
    assert response.json()["file_indicators"] == ["Name one indicator code for each file."]


def test_a_report_submitted_meanwhile_refuses_the_filing_and_nothing_changes(api, report, officer):
    file(api, report, key="first-filing-01", files=[("Y1", pdf())])
    with rows_unchanged([Answer, Evidence, Report, AppliedRequest]):
        response = file(api, report, key="second-filing-02")
    assert response.status_code == 400
    assert response.json()["detail"] == ["This report is Submitted and cannot be changed."]


def test_another_kecamatans_officer_gets_a_404_and_bpbd_a_403(report, awayan_officer, staff):
    for user, status in [(awayan_officer, 404), (staff, 403)]:
        client = APIClient()
        client.force_authenticate(user)
        with rows_unchanged([Answer, Evidence, Report, AppliedRequest]):
            assert file(client, report, key=f"key-of-user-{user.pk}").status_code == status


def test_the_same_key_from_two_officers_is_two_filings(api, report, officer):
    from tests.factories import UserFactory

    colleague = UserFactory(district=officer.district, role=officer.role, kecamatan=[report.kecamatan])
    other = APIClient()
    other.force_authenticate(colleague)
    file(api, report, submit=False)
    assert file(other, report, submit=False).status_code == 200
    assert AppliedRequest.objects.count() == 2


def base_of(report) -> str:
    report.refresh_from_db()
    return f"{report.updated_at.timestamp():.6f}"


def test_a_report_returned_while_the_officer_was_offline_is_a_conflict_and_nothing_changes(api, submitted, staff):
    services.report_return(report=submitted, by=staff, note="Lengkapi SK")
    base = base_of(submitted)  # the officer's phone saw the returned report, then lost its signal
    submitted.refresh_from_db()
    submitted.returned_at = submitted.updated_at + datetime.timedelta(minutes=5)  # BPBD returned it again
    submitted.save(update_fields=["returned_at"])
    body = {"answers": json.dumps(ANSWERS), "base": base}
    with rows_unchanged([Answer, Evidence, AppliedRequest]):
        response = api.post(
            f"/api/v1/readiness/reports/{submitted.pk}/file/",
            body,
            format="multipart",
            headers={"Idempotency-Key": KEY, "Accept-Language": "en"},
        )
    assert response.status_code == 400
    assert response.json()["base"] == [
        "BPBD returned, verified or reopened this report while you were offline: compare your answers with theirs and choose."
    ]


def test_a_filing_based_on_the_latest_version_or_without_a_base_is_no_conflict(api, submitted, staff):
    services.report_return(report=submitted, by=staff, note="Lengkapi SK")
    body = {"answers": json.dumps(ANSWERS), "base": base_of(submitted)}
    response = api.post(
        f"/api/v1/readiness/reports/{submitted.pk}/file/", body, format="multipart", headers={"Idempotency-Key": KEY}
    )
    assert response.status_code == 200, response.content
    chosen = {"answers": json.dumps(ANSWERS)}  # the officer's choice after the conflict view: no base
    response = api.post(
        f"/api/v1/readiness/reports/{submitted.pk}/file/",
        chosen,
        format="multipart",
        headers={"Idempotency-Key": "after-the-choice"},
    )
    assert response.status_code == 200


# --- The form sent online by the officer's page, with the key the outbox would use ------------------


def send_the_form(client, report, *, key=KEY, files=(), submit=True):
    """The report form as the page sends it online (static/js/offline.js): the plain form's fields,
    with the Idempotency-Key made when the officer pressed the button."""
    indicators = {i.code: i.pk for i in report.version.indicators.all()}
    body = {f"value_{indicators[a['indicator']]}": a["value"] for a in ANSWERS}
    body |= {f"comment_{indicators[a['indicator']]}": a.get("comment", "") for a in ANSWERS}
    for code, upload in files:
        body.setdefault(f"evidence_{indicators[code]}", []).append(upload)
    if submit:
        body["submit"] = ""
    return client.post(f"/readiness/reports/{report.pk}/save/", body, headers={"Idempotency-Key": key})


def test_the_form_sent_by_the_page_lands_on_the_report_and_the_outbox_retry_of_its_key_files_nothing(
    client_for, officer, api, report
):
    client = client_for(officer)
    sent = send_the_form(client, report, files=[("Y1", photo("foto-1.png")), ("Y1", photo("foto-2.png"))])
    assert sent.status_code == 200 and sent.json() == {"location": f"/readiness/reports/{report.pk}/"}
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert AppliedRequest.objects.get().action == "readiness.report_file"
    # The answer was lost on its way back: the outbox files the same press again, through the API.
    again = file(api, report, files=[("Y1", photo("foto-1.png")), ("Y1", photo("foto-2.png"))])
    assert again.status_code == 200
    assert again.json() == {"report": report.pk, "state": "submitted", "submitted": True, "problems": []}
    assert Evidence.objects.count() == 2 and AppliedRequest.objects.count() == 1
    # The page the officer lands on says what the plain form said.
    landed = client.get(sent.json()["location"])
    assert [str(m) for m in landed.context["messages"]] == ["Laporan diajukan. BPBD akan memeriksanya."]


def test_the_form_sent_by_the_page_that_cannot_be_submitted_yet_keeps_the_save_as_the_plain_form(
    client_for, officer, report
):
    sent = send_the_form(client_for(officer), report)  # Y1 needs an evidence file
    assert sent.json() == {"location": f"/readiness/reports/{report.pk}/?missing=1#missing"}
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and Answer.objects.filter(report=report).count() == 4


def test_the_form_sent_by_the_page_with_a_wrong_answer_is_shown_again_and_nothing_is_recorded(
    client_for, officer, report
):
    client = client_for(officer)
    n1 = report.version.indicators.get(code="N1").pk
    with rows_unchanged([Answer, Evidence, Report, AppliedRequest]):
        sent = client.post(
            f"/readiness/reports/{report.pk}/save/", {f"value_{n1}": "tujuh"}, headers={"Idempotency-Key": KEY}
        )
        assert sent.status_code == 400 and "report-form" in sent.content.decode()
        malformed = client.post(
            f"/readiness/reports/{report.pk}/save/", {f"value_{n1}": "7"}, headers={"Idempotency-Key": "short"}
        )
        assert malformed.status_code == 400


def test_evidence_ticked_for_removal_is_removed_by_the_outbox_filing_too(api, report, officer):
    y1 = report.version.indicators.get(code="Y1")
    evidence = services.evidence_add(report=report, indicator=y1, by=officer, upload=pdf())
    response = api.post(
        f"/api/v1/readiness/reports/{report.pk}/file/",
        {"answers": json.dumps(ANSWERS), "remove_evidence": [evidence.pk]},
        format="multipart",
        headers={"Idempotency-Key": KEY},
    )
    assert response.status_code == 200, response.content
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
