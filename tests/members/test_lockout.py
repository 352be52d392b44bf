"""Brute-force protection: 5 failures for one account from one address lock that pair
for 15 minutes, on the portal login and the admin login alike."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client

from tests.members.factories import PASSWORD

pytestmark = pytest.mark.django_db

PORTAL = "/konto/anmelden/"
ADMIN = "/admin/login/"
LOCKOUT_MESSAGE = "Zu viele fehlgeschlagene Anmeldeversuche."
ATTACKER = "192.0.2.10"


def attempt(client: Client, url: str, email: str, password: str, ip: str = ATTACKER, **extra):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def fail(client, url, email, times=5, ip=ATTACKER, **extra):
    for number in range(1, times + 1):
        response = attempt(client, url, email, "falsch", ip=ip, **extra)
        # Failures 1-4 show the form again; the 5th already says "locked".
        assert response.status_code == (429 if number == 5 else 200)


def assert_locked(response, client):
    assert response.status_code == 429
    content = response.content.decode()
    assert LOCKOUT_MESSAGE in content
    assert "für 15 Minuten gesperrt" in content
    assert SESSION_KEY not in client.session


def assert_logged_in(response, client, user):
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.parametrize("url", [PORTAL, ADMIN])
def test_sixth_attempt_is_refused_even_with_the_right_password(client, coordinator, url):
    fail(client, url, coordinator.email)
    assert_locked(attempt(client, url, coordinator.email, PASSWORD), client)


def test_four_failures_do_not_lock(client, speyer_staff):
    fail(client, PORTAL, speyer_staff.email, times=4)
    assert_logged_in(attempt(client, PORTAL, speyer_staff.email, PASSWORD), client, speyer_staff)


def test_a_success_resets_the_count(client, speyer_staff):
    fail(client, PORTAL, speyer_staff.email, times=4)
    attempt(client, PORTAL, speyer_staff.email, PASSWORD)
    client.logout()
    fail(client, PORTAL, speyer_staff.email, times=4)
    assert_logged_in(attempt(client, PORTAL, speyer_staff.email, PASSWORD), client, speyer_staff)


def test_failures_on_the_portal_lock_the_admin_login_too(client, coordinator):
    fail(client, PORTAL, coordinator.email)
    assert_locked(attempt(client, ADMIN, coordinator.email, PASSWORD), client)


def test_failures_on_the_admin_lock_the_portal_login_too(client, coordinator):
    fail(client, ADMIN, coordinator.email)
    assert_locked(attempt(client, PORTAL, coordinator.email, PASSWORD), client)


def test_spelling_the_address_differently_does_not_buy_more_attempts(client, speyer_staff):
    email = speyer_staff.email
    for variant in (email, email.upper(), email.title(), f" {email}", email.capitalize()):
        attempt(client, PORTAL, variant, "falsch")
    assert_locked(attempt(client, PORTAL, email, PASSWORD), client)


def test_another_account_from_the_same_address_is_not_locked(client, speyer_staff, landau_staff):
    fail(client, PORTAL, speyer_staff.email)
    assert_logged_in(attempt(client, PORTAL, landau_staff.email, PASSWORD), client, landau_staff)


def test_the_same_account_from_another_address_is_not_locked(client, speyer_staff):
    fail(client, PORTAL, speyer_staff.email)
    response = attempt(client, PORTAL, speyer_staff.email, PASSWORD, ip="198.51.100.7")
    assert_logged_in(response, client, speyer_staff)


def test_behind_a_proxy_the_client_address_counts(client, speyer_staff, settings):
    settings.PROXY_COUNT = 1
    proxy = "10.0.0.2"
    fail(client, PORTAL, speyer_staff.email, ip=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    # Someone else behind the same proxy still gets in ...
    response = attempt(
        client, PORTAL, speyer_staff.email, PASSWORD, ip=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )  # fmt: skip
    assert_logged_in(response, client, speyer_staff)
    client.logout()
    # ... the attacker does not, whatever he puts in front of the header.
    response = attempt(
        client, PORTAL, speyer_staff.email, PASSWORD, ip=proxy,
        HTTP_X_FORWARDED_FOR=f"203.0.113.99, {ATTACKER}",
    )  # fmt: skip
    assert_locked(response, client)


def test_lockout_lasts_fifteen_minutes(client, speyer_staff):
    fail(client, PORTAL, speyer_staff.email)
    attempts = AccessAttempt.objects.filter(username=speyer_staff.email, ip_address=ATTACKER)
    assert attempts.count() == 1

    # 14 minutes later still locked (the refused attempt restarts the clock) ...
    attempts.update(attempt_time=attempts.get().attempt_time - timedelta(minutes=14))
    assert_locked(attempt(client, PORTAL, speyer_staff.email, PASSWORD), client)

    # ... 15 minutes after the last attempt the right password works again.
    attempts.update(attempt_time=attempts.get().attempt_time - timedelta(minutes=15, seconds=1))
    assert_logged_in(attempt(client, PORTAL, speyer_staff.email, PASSWORD), client, speyer_staff)


def test_locked_page_offers_the_password_reset(client, speyer_staff):
    fail(client, PORTAL, speyer_staff.email)
    content = attempt(client, PORTAL, speyer_staff.email, PASSWORD).content.decode()
    assert 'href="/konto/passwort-vergessen/"' in content
