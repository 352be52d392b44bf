"""/healthz: 200 with each dependency "ok", 503 when one is down, never a 500."""

import socket
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A port on which nothing listens (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthy_with_database_and_redis(client, settings):
    assert settings.REDIS_URL, "the suite runs against real Redis"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "ok", "reminders": "ok"},
        "oldest_due_reminder_seconds": None,
    }
    assert "no-cache" in response["Cache-Control"]


def test_redis_down_answers_503(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"] == {"database": "ok", "redis": "down", "reminders": "ok"}


@pytest.mark.parametrize(
    "url", ["kein-redis", "redis://127.0.0.1:kein-port/0", "redis://256.0.0.1:6379/0"]
)
def test_broken_redis_url_answers_503_not_500(client, settings, url):
    settings.REDIS_URL = url
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "down"


def test_without_redis_only_the_database_is_checked(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "reminders": "ok"}


def test_healthz_is_not_redirected_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # a new client builds its middleware with this setting
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


def _due_reminder(waiting: timedelta):
    from funding.models import ReportingReminder
    from tests.funding.factories import ObligationFactory
    from tests.members.factories import StaffFactory

    obligation = ObligationFactory()
    ReportingReminder.objects.create(
        obligation=obligation,
        recipient=StaffFactory(municipality=obligation.grant.municipality),
        stage="vor-7",
        next_attempt_at=timezone.now() - waiting,
    )


def test_reports_how_long_a_due_reminder_has_waited(client, settings):
    _due_reminder(timedelta(minutes=3))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["reminders"] == "ok"
    assert 180 <= response.json()["oldest_due_reminder_seconds"] < 240


def test_a_reminder_waiting_past_interval_and_margin_answers_503(client, settings):
    _due_reminder(settings.REMINDER_STALE_AFTER + timedelta(minutes=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["reminders"] == "down"
    assert response.json()["oldest_due_reminder_seconds"] > 15 * 60


def test_reminders_that_no_longer_go_out_do_not_count(client, settings):
    _due_reminder(timedelta(days=2))
    from funding.models import ReportingReminder

    recipient = ReportingReminder.objects.get().recipient
    recipient.is_active = False  # reminders to inactive people are never sent
    recipient.save()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["oldest_due_reminder_seconds"] is None
