"""403, 404, 500 and a refused form: pages in the app's layout and the user's language."""

import pytest
from django.test import Client
from django.urls import reverse

from kencana.readiness.models import Template


def test_a_page_outside_the_scope_is_a_404_in_the_layout_and_in_indonesian(client_for, officer, awayan):
    response = client_for(officer).get(reverse("kecamatan:detail", args=[awayan.code]))
    assert response.status_code == 404
    text = response.text
    assert 'data-status="404"' in text and "Halaman tidak ditemukan" in text
    assert 'class="mainnav"' in text and "Not Found" not in text


def test_a_forbidden_action_is_a_403_that_says_why_in_indonesian(client_for, officer):
    response = client_for(officer).get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert 'data-status="403"' in response.text and "Anda tidak boleh melakukan ini" in response.text
    assert "403 Forbidden" not in response.text


def test_a_server_error_shows_the_layout_and_no_debug_page(client_for, staff, settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"
    client = client_for(staff)
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert 'data-status="500"' in response.text and "Terjadi kesalahan di pihak kami" in response.text
    assert "Traceback" not in response.text and "RuntimeError" not in response.text


@pytest.mark.django_db
def test_an_expired_form_is_refused_in_indonesian_and_changes_nothing(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("readiness:template_create"), {"name": "Baru"})
    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.text and "CSRF" not in response.text
    assert not Template.objects.exists()
