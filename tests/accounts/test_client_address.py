"""Throttles and lockouts key on the real client: X-Forwarded-For only from the configured proxies."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from tests.factories import TEST_PASSWORD

PROXY = "10.0.0.1"  # the TLS-terminating proxy every request comes through


@pytest.fixture
def proxies(settings):
    """Set NUM_PROXIES for both DRF (which caches its settings) and the rest of the app."""

    def configure(count: int):
        settings.NUM_PROXIES = count
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}
        api_settings.reload()

    yield configure
    api_settings.reload()


def guess_token(xff: str, remote: str = "203.0.113.9", username: str = "camat.paringin") -> int:
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": username, "password": "salah"},
        format="json",
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=xff,
    )
    return response.status_code


def test_a_rotating_forwarded_header_does_not_escape_the_token_throttle(officer, proxies, settings):
    proxies(0)
    # A different username each time, so that only the throttle (not the lockout) can stop them.
    statuses = [guess_token(f"198.51.100.{n}", username=f"tebak{n}") for n in range(25)]
    assert statuses[:10] == [400] * 10 and set(statuses[10:]) == {429}


def test_behind_one_proxy_only_the_address_the_proxy_saw_counts(officer, proxies):
    proxies(1)
    statuses = [guess_token(f"198.51.100.{n}, 203.0.113.7", remote=PROXY, username=f"tebak{n}") for n in range(12)]
    assert statuses[:10] == [400] * 10 and set(statuses[10:]) == {429}
    assert (
        guess_token("203.0.113.8", remote=PROXY, username="lain") == 400
    )  # another client behind the same proxy is not throttled


def log_in(client: Client, password: str, address: str):
    return client.post(
        reverse("login"),
        {"username": "camat.paringin", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_wrong_passwords_from_one_client_do_not_lock_the_account_for_everyone_behind_the_proxy(officer, proxies):
    proxies(1)
    attacker = Client()
    for _attempt in range(5):
        log_in(attacker, "salah", "198.51.100.66")
    locked = log_in(attacker, TEST_PASSWORD, "198.51.100.66")
    assert locked.status_code == 429
    assert "Kunci terbuka sendiri setelah 30 menit" in locked.text
    assert "Perangkat lain tidak dikunci" in locked.text
    assert log_in(Client(), TEST_PASSWORD, "203.0.113.20").status_code == 302


def reset(address: str, email: str = "camat.paringin@example.org"):
    return Client().post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_password_reset_requests_are_limited_per_client_and_per_address(officer, proxies, settings):
    proxies(1)
    officer.email = "camat.paringin@example.org"
    officer.save(update_fields=["email"])
    statuses = [reset("198.51.100.1").status_code for _request in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5
    assert reset("203.0.113.30").status_code == 429  # the same email from elsewhere: limited too
    assert reset("203.0.113.30", "someone@example.org").status_code == 302
    refused = reset("198.51.100.1", "someone@example.org")
    assert refused.status_code == 429 and "Terlalu banyak permintaan setel ulang kata sandi" in refused.text
