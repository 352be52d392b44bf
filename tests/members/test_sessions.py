"""Sessions end after 30 minutes idle and 12 hours at most; a user can end the others."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from members.models import ApiToken
from tests.members.factories import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in_client(user) -> Client:
    client = Client()
    response = client.post("/konto/anmelden/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def shift_session_start(client: Client, by: timedelta) -> None:
    session = client.session
    session[SESSION_STARTED_KEY] = session[SESSION_STARTED_KEY] - by.total_seconds()
    session.save()


def is_logged_in(client: Client) -> bool:
    return client.get("/konto/").status_code == 200


def test_settings_say_30_minutes_idle_and_12_hours_at_most():
    assert settings.SESSION_COOKIE_AGE == 1800
    lifetime = settings.SESSION_ABSOLUTE_LIFETIME
    assert lifetime == timedelta(hours=12)


def test_session_cookie_lives_30_minutes(speyer_staff):
    client = Client()
    response = client.post(
        "/konto/anmelden/", {"username": speyer_staff.email, "password": PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 1800
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def _last_renewed(client: Client, ago: timedelta) -> None:
    session = client.session
    session[SESSION_SEEN_KEY] = (timezone.now() - ago).timestamp()
    session.save()
    Session.objects.filter(pk=session_row(client).pk).update(
        expire_date=timezone.now() + timedelta(minutes=30) - ago
    )


def test_activity_renews_the_idle_limit(speyer_staff):
    client = logged_in_client(speyer_staff)
    _last_renewed(client, timedelta(minutes=29))
    response = client.get("/kommunen/")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800
    remaining = session_row(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_the_session_is_written_at_most_once_a_minute(speyer_staff):
    client = logged_in_client(speyer_staff)
    _last_renewed(client, timedelta(seconds=10))
    before = session_row(client).expire_date
    response = client.get("/kommunen/")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert session_row(client).expire_date == before


def test_idle_session_has_ended(speyer_staff):
    client = logged_in_client(speyer_staff)
    Session.objects.filter(pk=session_row(client).pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/konto/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/anmelden/")


def test_active_session_lives_almost_12_hours(speyer_staff):
    client = logged_in_client(speyer_staff)
    shift_session_start(client, timedelta(hours=11, minutes=59))
    assert is_logged_in(client)


def test_session_ends_12_hours_after_login_however_active(speyer_staff):
    client = logged_in_client(speyer_staff)
    shift_session_start(client, timedelta(hours=12, seconds=1))

    response = client.get("/konto/", follow=True)

    assert response.redirect_chain[0] == ("/konto/anmelden/?next=/konto/", 302)
    assert "Ihre Sitzung ist abgelaufen." in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not is_logged_in(client)


def test_expired_session_on_a_public_page_answers_as_anonymous(speyer_staff):
    client = logged_in_client(speyer_staff)
    shift_session_start(client, timedelta(hours=13))
    response = client.get("/kommunen/")
    assert response.status_code == 200
    assert "Mein Konto" not in response.content.decode()


def _with_token(user) -> dict:
    _token, raw = ApiToken.issue(user=user, days=1)
    return {"Authorization": f"Bearer {raw}"}


def test_an_api_request_with_a_token_is_not_the_sessions(speyer_staff, landau_staff):
    client = logged_in_client(speyer_staff)
    shift_session_start(client, timedelta(hours=13))
    _last_renewed(client, timedelta(minutes=29))
    before = session_row(client).expire_date

    # Answered for the token's holder, whatever session the browser sends ...
    response = client.get("/api/v1/me/", headers=_with_token(landau_staff))

    assert response.status_code == 200
    assert response.json()["email"] == landau_staff.email
    # ... which it neither ends nor renews: the program was active, not the person.
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert session_row(client).expire_date == before
    assert SESSION_KEY in client.session
    # The session's own next request ends it, 12 hours after the login.
    assert not is_logged_in(client)


def test_the_12_hours_count_from_the_login(speyer_staff):
    client = logged_in_client(speyer_staff)
    shift_session_start(client, timedelta(hours=11))
    client.post("/konto/abmelden/")
    client.post("/konto/anmelden/", {"username": speyer_staff.email, "password": PASSWORD})
    started = client.session[SESSION_STARTED_KEY]
    assert timezone.now().timestamp() - started < 60


def test_end_other_sessions_keeps_this_one(speyer_staff, landau_staff):
    office = logged_in_client(speyer_staff)
    laptop = logged_in_client(speyer_staff)
    colleague = logged_in_client(landau_staff)

    response = office.post("/konto/sitzungen-beenden/", follow=True)

    assert "Alle anderen Sitzungen wurden abgemeldet." in response.content.decode()
    assert is_logged_in(office)
    assert not is_logged_in(laptop)
    assert is_logged_in(colleague)


def test_end_other_sessions_needs_post_and_login(speyer_staff):
    client = logged_in_client(speyer_staff)
    assert client.get("/konto/sitzungen-beenden/").status_code == 405
    anonymous = Client().post("/konto/sitzungen-beenden/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/konto/anmelden/")


def test_password_change_ends_the_other_sessions(speyer_staff):
    office = logged_in_client(speyer_staff)
    laptop = logged_in_client(speyer_staff)
    new = "ein-ganz-neues-Passwort-2024"
    office.post(
        "/konto/passwort/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert is_logged_in(office)
    assert not is_logged_in(laptop)


def test_the_person_comes_with_the_roles_and_older_sessions_go_on(coordinator):
    client = Client()
    # A session begun before members.backends, through Django's backend.
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/projekte/").content.decode()
    assert "Projekt eintragen" in html  # logged in, as a coordinator
    role_reads = [q["sql"] for q in queries.captured_queries if '"auth_group"' in q["sql"]]
    assert len(role_reads) == 1 and '"members_user"' in role_reads[0]


def test_the_person_comes_with_their_city(speyer_staff, coordinator):
    from members.backends import UserWithRolesBackend

    backend = UserWithRolesBackend()
    with CaptureQueriesContext(connection) as queries:
        person = backend.get_user(speyer_staff.pk)
        assert person.municipality.name == speyer_staff.municipality.name
        assert person.municipality.slug == speyer_staff.municipality.slug
    assert len(queries.captured_queries) == 1
    assert backend.get_user(coordinator.pk).municipality is None  # the network's office
