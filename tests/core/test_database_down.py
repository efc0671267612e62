"""The database is down: every request gets the documented 503, and /healthz tells nobody where it lives."""

import contextlib

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

REFUSED = 'connection to server at "db.internal" (10.1.2.3), port 5432 failed: Connection refused'


@contextlib.contextmanager
def database_down():
    """Every query fails as it does when PostgreSQL cannot be reached."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError(REFUSED)

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.parametrize("path", ["/", "/readiness/", "/logistics/", "/alerts/"])
def test_a_logged_in_page_gets_the_503_page_not_a_bare_500(client_for, staff, path):
    client = client_for(staff)
    with database_down():
        response = client.get(path)
    assert response.status_code == 503 and response["Retry-After"] == "10"
    page = response.content.decode()
    assert "Basis data tidak dapat dihubungi; tidak ada yang disimpan." in page
    assert "<html" in page and "10.1.2.3" not in page


def test_a_logged_in_post_gets_the_503_page(client_for, staff):
    client = client_for(staff)
    with database_down():
        response = client.post(reverse("alerts:warning_create"), {"title": "Siaga"})
    assert response.status_code == 503


def test_an_api_call_with_a_session_gets_json(client_for, staff):
    client = client_for(staff)
    with database_down():
        response = client.get("/api/v1/alerts/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response.json() == {"detail": "The database could not be reached; nothing was saved. Try again in a moment."}


def test_healthz_keeps_error_details_for_the_logs(client, db, caplog):
    with database_down():
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": {"ok": False}, "broker": {"ok": True}}
    assert "10.1.2.3" in caplog.text


def test_healthz_does_not_name_the_broker_s_host(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert "127.0.0.1" not in response.content.decode() and response.json()["broker"] == {"ok": False}
