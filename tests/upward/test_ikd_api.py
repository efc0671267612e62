"""The IKD self-assessment through /api/v1/upward/ikd-assessments/: the same services and scope as
the pages; bad input is a 400 that saves nothing."""

from kencana.upward.models import IkdAnswer, IkdAssessment, UpwardState

from ..factories import rows_unchanged, today
from .conftest import STEPS, codes

ROWS = [IkdAssessment, IkdAnswer]


def url(name: str, pk: int | None = None) -> str:
    base = "/api/v1/upward/ikd-assessments/"
    return {"list": base, "open": f"{base}open/"}.get(name) or f"{base}{pk}/{'' if name == 'detail' else name + '/'}"


def test_bpbd_open_answer_and_submit_the_province_returns_and_verifies_bnpb_reads(
    client_for, version, staff, province_staff, national_staff
):
    opened = client_for(staff).post(
        url("open"), {"district": "63.11", "year": today().year}, content_type="application/json"
    )
    assert opened.status_code == 200, opened.content
    pk = opened.json()["id"]
    answers = [{"indicator": code, "value": STEPS[2], "comment": "SK ada"} for code in codes(version)]
    saved = client_for(staff).post(
        url("save", pk=pk), {"answers": answers, "submit": True}, content_type="application/json"
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert (body["state"], body["index"], body["level"]) == ("submitted", "0.5000", "Tingkat 3")
    assert len(body["section_scores"]) == 7 and body["answers"][0]["points"] == "0.5000"
    returned = client_for(province_staff).post(
        url("return", pk=pk), {"note": "Lampirkan Perda"}, content_type="application/json"
    )
    assert returned.json()["state"] == "returned"
    client_for(staff).post(url("save", pk=pk), {"submit": True}, content_type="application/json")
    refused = client_for(national_staff).post(url("verify", pk=pk))
    assert refused.status_code == 403
    assert client_for(province_staff).post(url("verify", pk=pk)).json()["state"] == "verified"
    read = client_for(national_staff).get(url("detail", pk=pk))
    assert read.status_code == 200 and read.json()["review_note"] == ""
    assert IkdAssessment.objects.get(pk=pk).state == UpwardState.VERIFIED


def test_a_bad_answer_is_a_400_that_saves_nothing(client_for, assessment, staff):
    answers = [{"indicator": "IKD-1.1", "value": STEPS[3]}, {"indicator": "IKD-1.2", "value": "Sempurna"}]
    with rows_unchanged(ROWS):
        refused = client_for(staff).post(
            url("save", pk=assessment.pk), {"answers": answers}, content_type="application/json"
        )
    assert refused.status_code == 400
    assert "IKD-1.2" in str(refused.json())


def test_another_district_and_officers_do_not_see_it(client_for, assessment, officer, partner_staff):
    assert client_for(partner_staff).get(url("detail", pk=assessment.pk)).status_code == 404
    assert client_for(officer).get(url("detail", pk=assessment.pk)).status_code == 404
    assert client_for(officer).get(url("list")).json()["count"] == 0
