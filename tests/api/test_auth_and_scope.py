import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.factories import TEST_PASSWORD


@pytest.fixture
def api():
    return APIClient()


def token_for(api, username, password=TEST_PASSWORD):
    response = api.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_an_officer_gets_a_token_and_lists_only_their_kecamatan(api, officer, paringin, awayan):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(api, 'camat.paringin')}")
    response = api.get("/api/v1/kecamatan/")
    assert response.status_code == 200
    assert [k["code"] for k in response.json()["results"]] == ["63.11.06"]


def test_a_kecamatan_outside_scope_is_404(api, officer, awayan):
    api.force_authenticate(officer)
    assert api.get(f"/api/v1/kecamatan/{awayan.code}/").status_code == 404


def test_staff_filter_kecamatan_by_name(api, staff, paringin, awayan):
    api.force_authenticate(staff)
    response = api.get("/api/v1/kecamatan/", {"name": "away"})
    assert [k["code"] for k in response.json()["results"]] == ["63.11.03"]


def test_a_wrong_password_gets_a_json_error(api, officer):
    response = api.post("/api/v1/auth/token/", {"username": "camat.paringin", "password": "salah"}, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_malformed_json_is_a_400_not_a_500(api, officer):
    response = api.post("/api/v1/auth/token/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_a_revoked_token_no_longer_works(api, officer):
    token = token_for(api, "camat.paringin")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401


def test_anonymous_requests_are_refused(api, paringin):
    assert api.get("/api/v1/kecamatan/").status_code == 401


def test_errors_follow_the_clients_language(api, db):
    response = api.get("/api/v1/kecamatan/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.json()["detail"] == "Data autentikasi tidak diberikan."
    english = api.get("/api/v1/kecamatan/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"] == "Authentication credentials were not provided."


def test_the_schema_validates_without_warnings(db, capsys):
    call_command("spectacular", "--validate", "--fail-on-warn")
    assert "openapi: 3" in capsys.readouterr().out


def test_swagger_ui_is_served_without_a_cdn(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "cdn" not in response.text.lower()
