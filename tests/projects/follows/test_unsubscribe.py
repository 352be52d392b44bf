"""One-click unsubscribe: signed, without login, GET shows, POST changes."""

import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from projects import follow_tokens as tokens
from projects.models import Delivery, Follow, Subscriber
from projects.services.follows import follow_set, network_digest_set
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow(landau_staff, speyer):
    follow, _created = follow_set(
        actor=landau_staff, project=ProjectFactory(lead_municipality=speyer)
    )
    return follow


def _url(token):
    return reverse("follows:unsubscribe", kwargs={"token": token})


def test_get_confirms_and_changes_nothing(follow, landau_staff):
    token = tokens.make(tokens.FOLLOW, user_id=landau_staff.pk, follow_id=follow.pk)
    response = Client().get(_url(token))
    assert response.status_code == 200
    assert "Abbestellen" in response.content.decode()
    follow.refresh_from_db()
    assert follow.delivery == Delivery.IMMEDIATE


def test_post_without_login_ends_exactly_that_follow(follow, landau_staff, speyer):
    other, _created = follow_set(actor=landau_staff, municipality=speyer)
    token = tokens.make(tokens.FOLLOW, user_id=landau_staff.pk, follow_id=follow.pk)
    # RFC 8058: a mail client POSTs List-Unsubscribe=One-Click, without CSRF token or session.
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(token), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    follow.refresh_from_db()
    other.refresh_from_db()
    assert follow.delivery == Delivery.OFF
    assert other.delivery == Delivery.IMMEDIATE
    again = client.post(_url(token))
    assert "Bereits abbestellt" in again.content.decode()


def test_digest_token_ends_the_weekly_digest(landau_staff, speyer):
    weekly, _created = follow_set(actor=landau_staff, municipality=speyer, delivery=Delivery.WEEKLY)
    network_digest_set(actor=landau_staff, enabled=True)
    token = tokens.make(tokens.DIGEST, user_id=landau_staff.pk)
    Client().post(_url(token))
    weekly.refresh_from_db()
    assert weekly.delivery == Delivery.OFF
    assert Subscriber.objects.get(user=landau_staff).network_digest is False


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("aa" if not token.endswith("aa") else "bb"),
        lambda token: token.replace("follow.", "digest.", 1),
        lambda token: "follow.kaputt",
        lambda token: "nichts",
    ],
)
def test_tampered_token_is_a_clear_german_page_and_changes_nothing(follow, landau_staff, tamper):
    token = tamper(tokens.make(tokens.FOLLOW, user_id=landau_staff.pk, follow_id=follow.pk))
    for method in ("get", "post"):
        response = getattr(Client(), method)(_url(token))
        assert response.status_code == 400
        assert "Dieser Link ist ungültig" in response.content.decode()
    follow.refresh_from_db()
    assert follow.delivery == Delivery.IMMEDIATE


def test_expired_token_is_a_clear_german_page_and_changes_nothing(follow, landau_staff):
    long_ago = time.time() - 181 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        token = tokens.make(tokens.FOLLOW, user_id=landau_staff.pk, follow_id=follow.pk)
    response = Client().post(_url(token))
    assert response.status_code == 400
    assert "Dieser Link ist abgelaufen" in response.content.decode()
    follow.refresh_from_db()
    assert follow.delivery == Delivery.IMMEDIATE


def test_a_token_names_its_own_person_only(follow, landau_staff, ministry):
    # A valid token of another person cannot end this person's follow.
    token = tokens.make(tokens.FOLLOW, user_id=ministry.pk, follow_id=follow.pk)
    Client().post(_url(token))
    assert Follow.objects.get(pk=follow.pk).delivery == Delivery.IMMEDIATE
