"""API tokens expire, die with the password and with deactivation, and each person sees and revokes their own."""

import datetime

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from kencana.accounts import services
from kencana.accounts.models import ApiToken
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "Banjir-Surut-2026!"


def token_for(username: str, password: str = TEST_PASSWORD, name: str = "") -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password, "name": name}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def me(token: str) -> int:
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code


def test_each_request_for_a_token_gives_a_new_named_one_and_only_its_hash_is_kept(officer):
    phone, script = token_for("camat.paringin", name="Ponsel"), token_for("camat.paringin", name="Skrip")
    assert phone != script and me(phone) == 200 and me(script) == 200
    stored = ApiToken.objects.get(name="Ponsel")
    assert stored.key_hash == ApiToken.hash_of(phone) and phone not in stored.key_hash
    assert stored.prefix == phone[:8]


def test_a_token_expires_after_the_configured_days(officer, settings):
    settings.API_TOKEN_DAYS = 90
    token = token_for("camat.paringin")
    assert ApiToken.objects.get().expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=89)):
        assert me(token) == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91)):
        assert me(token) == 401


def test_changing_the_password_revokes_every_token(officer, client):
    token = token_for("camat.paringin")
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert me(token) == 401 and not ApiToken.objects.exists()


def test_a_password_reset_revokes_every_token(officer, client):
    token = token_for("camat.paringin")
    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    link = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(officer)])
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert me(token) == 401


def test_deactivating_then_reactivating_an_account_does_not_bring_its_token_back(officer, admin_user):
    from kencana.accounts.services import user_update

    token = token_for("camat.paringin")
    profile = {"role": officer.role, "kecamatan": list(officer.kecamatan.all())}
    user_update(by=admin_user, user=officer, is_active=False, **profile)
    assert me(token) == 401
    user_update(by=admin_user, user=officer, is_active=True, **profile)
    assert me(token) == 401


def test_delete_revokes_only_the_token_used(officer):
    kept, revoked = token_for("camat.paringin"), token_for("camat.paringin")
    assert APIClient().delete("/api/v1/auth/token/", HTTP_AUTHORIZATION=f"Token {revoked}").status_code == 204
    assert me(revoked) == 401 and me(kept) == 200


def test_people_see_their_tokens_create_one_and_revoke_it(officer, staff, client_for):
    services.api_token_create(user=staff, name="Milik staf")
    client = client_for(officer)
    created = client.post(reverse("accounts:api_tokens"), {"name": "Aplikasi posko"})
    assert created.status_code == 200 and created["Cache-Control"] == "private, no-store"
    key = created.context["created_key"]
    assert key in created.text and me(key) == 200
    page = client.get(reverse("accounts:api_tokens")).text
    assert "Aplikasi posko" in page and key not in page and "Milik staf" not in page
    token = ApiToken.objects.get(user=officer)
    assert client.post(reverse("accounts:api_tokens"), {"revoke": token.pk}).status_code == 302
    assert me(key) == 401


def test_nobody_revokes_another_person_s_token(officer, staff, client_for):
    token, key = services.api_token_create(user=staff, name="Milik staf")
    response = client_for(officer).post(reverse("accounts:api_tokens"), {"revoke": token.pk})
    assert response.status_code == 404 and me(key) == 200


@pytest.mark.parametrize("language, text", [("id", "Token API"), ("en", "API tokens")])
def test_the_token_page_reads_in_the_chosen_language(officer, client_for, settings, language, text):
    client = client_for(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert text in client.get(reverse("accounts:api_tokens")).text
