import pytest
from rest_framework.test import APIClient

from kencana.accounts.models import Role
from kencana.readiness.models import Report, ReportState, Template
from tests.factories import UserFactory

from .conftest import pdf


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def fill(api, report):
    answers = [
        {"indicator": c, "value": v}
        for c, v in {"Y1": "ya", "S1": "Ditetapkan", "N1": "7", "C1": "Tiap triwulan"}.items()
    ]
    response = api.post(f"/api/v1/readiness/reports/{report.pk}/answers/", {"answers": answers}, format="json")
    assert response.status_code == 200, response.content
    response = api.post(
        f"/api/v1/readiness/reports/{report.pk}/evidence/", {"indicator": "Y1", "file": pdf()}, format="multipart"
    )
    assert response.status_code == 201, response.content
    return response


def test_an_officer_answers_uploads_and_submits_through_the_api(api, report, officer):
    client = as_user(api, officer)
    fill(client, report)
    response = client.post(f"/api/v1/readiness/reports/{report.pk}/submit/")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "submitted" and body["score"] == "94.00" and body["tier"] == "Utama"
    assert {a["indicator"]: a["value"] for a in body["answers"]}["N1"] == "7"


def test_submitting_an_incomplete_report_says_what_is_missing(api, report, officer):
    response = as_user(api, officer).post(f"/api/v1/readiness/reports/{report.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Y1 is not answered." in response.json()["detail"]


def test_an_officer_gets_403_for_verify_and_staff_verify(api, report, officer, staff):
    fill(as_user(api, officer), report)
    api.post(f"/api/v1/readiness/reports/{report.pk}/submit/")
    assert api.post(f"/api/v1/readiness/reports/{report.pk}/verify/").status_code == 403
    staff_api = as_user(APIClient(), staff)
    response = staff_api.post(f"/api/v1/readiness/reports/{report.pk}/verify/")
    assert response.status_code == 200 and response.json()["state"] == "verified"
    reopen = staff_api.post(f"/api/v1/readiness/reports/{report.pk}/reopen/", {"reason": ""}, format="json")
    assert reopen.status_code == 400
    reopen = staff_api.post(f"/api/v1/readiness/reports/{report.pk}/reopen/", {"reason": "Koreksi"}, format="json")
    assert reopen.json()["state"] == "returned" and reopen.json()["reopen_reason"] == "Koreksi"


def test_staff_return_a_report_with_verdicts_through_the_api(api, report, officer, staff):
    fill(as_user(api, officer), report)
    api.post(f"/api/v1/readiness/reports/{report.pk}/submit/")
    staff_api = as_user(APIClient(), staff)
    review = [{"indicator": "N1", "verdict": "needs_revision", "note": "Data desa?"}]
    assert staff_api.post(f"/api/v1/readiness/reports/{report.pk}/review/", review, format="json").status_code == 200
    response = staff_api.post(f"/api/v1/readiness/reports/{report.pk}/return/", {"note": ""}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "returned"


def test_another_kecamatan_and_a_partner_get_404_by_api(api, report, awayan_officer, partner_staff):
    for user in (awayan_officer, partner_staff):
        client = as_user(APIClient(), user)
        assert client.get(f"/api/v1/readiness/reports/{report.pk}/").status_code == 404
        assert client.post(f"/api/v1/readiness/reports/{report.pk}/submit/").status_code == 404
        assert (
            client.post(f"/api/v1/readiness/reports/{report.pk}/answers/", {"answers": []}, format="json").status_code
            == 404
        )
        assert client.get("/api/v1/readiness/reports/").json()["count"] == 0


def test_reports_filter_by_kecamatan_and_state(api, report, staff, assignment, awayan, current_start):
    Report.objects.create(
        assignment=assignment,
        version=assignment.version,
        kecamatan=awayan,
        period_type="quarter",
        period_start=current_start,
        period_end=report.period_end,
        due_on=report.due_on,
        closes_on=report.closes_on,
        state=ReportState.SUBMITTED,
    )
    client = as_user(api, staff)
    assert [
        r["kecamatan"] for r in client.get("/api/v1/readiness/reports/", {"kecamatan": "63.11.03"}).json()["results"]
    ] == ["63.11.03"]
    assert [r["kecamatan"] for r in client.get("/api/v1/readiness/reports/", {"state": "draft"}).json()["results"]] == [
        "63.11.06"
    ]


def test_an_officer_opens_the_current_period_by_api(api, assignment, officer, current_start):
    response = as_user(api, officer).post(
        "/api/v1/readiness/reports/open/",
        {"assignment": assignment.pk, "kecamatan": "63.11.06", "period": current_start.isoformat()},
        format="json",
    )
    assert response.status_code == 200 and response.json()["state"] == "draft"


def test_partners_browse_the_library_and_an_admin_adopts_by_api(api, version, banjar, partner_staff):
    client = as_user(api, partner_staff)
    library = client.get("/api/v1/readiness/templates/library/").json()["results"]
    assert [t["name"] for t in library] == ["Instrumen Uji"]
    assert client.get("/api/v1/readiness/templates/").json()["count"] == 0
    assert client.get(f"/api/v1/readiness/versions/{version.pk}/").status_code == 200
    assert client.post(f"/api/v1/readiness/templates/{version.template_id}/adopt/").status_code == 403

    admin = UserFactory(username="admin.banjar", district=banjar, role=Role.BPBD_ADMIN)
    response = as_user(APIClient(), admin).post(
        f"/api/v1/readiness/templates/{version.template_id}/adopt/", {"name": "Versi Banjar"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["provenance"] == {
        "district": "63.11",
        "template": version.template_id,
        "template_name": "Instrumen Uji",
        "versions_copied": [1],
        "newer_version": None,
    }
    assert Template.objects.get(district=banjar).name == "Versi Banjar"


def test_a_draft_is_not_visible_to_partners_by_api(api, balangan, partner_staff):
    from .factories import make_version

    draft = make_version(balangan, name="Draf", state="draft")
    assert as_user(api, partner_staff).get(f"/api/v1/readiness/versions/{draft.pk}/").status_code == 404


def test_completeness_by_api(api, report, staff, assignment, current_start):
    response = as_user(api, staff).get(
        "/api/v1/readiness/completeness/", {"assignment": assignment.pk, "period": current_start.isoformat()}
    )
    assert response.status_code == 200
    assert response.json()["totals"] == {
        "expected": 2,
        "submitted": 0,
        "on_time": 0,
        "verified": 0,
        "returned": 0,
        "missing": 2,
    }


def test_completeness_of_another_districts_assignment_is_404(api, assignment, partner_staff):
    assert (
        as_user(api, partner_staff).get("/api/v1/readiness/completeness/", {"assignment": assignment.pk}).status_code
        == 404
    )
