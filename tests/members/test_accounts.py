"""Login, logout, password reset and invitation, end to end through the pages."""

import re

import pytest
from django.contrib.auth import SESSION_KEY

from members import roles
from members.models import User
from tests.members.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ein-ganz-neues-Passwort-2024"
LINK = re.compile(r"https?://[^/\s]+(/konto/passwort-setzen/[^/\s]+/[^/\s]+/)")


def log_in(client, email: str, password: str):
    return client.post("/konto/anmelden/", {"username": email, "password": password})


def logged_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


def set_password_through(client, mail_body: str, password: str):
    """Follow the link of a mail and set a password on the page it leads to."""
    match = LINK.search(mail_body)
    assert match, mail_body
    form_page = client.get(match.group(1), follow=True)
    assert form_page.status_code == 200
    assert "Neues Passwort setzen" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    return client.post(set_url, {"new_password1": password, "new_password2": password})


# --- login and logout -------------------------------------------------------


def test_login_with_email_and_password_leads_to_the_account(client, speyer_staff):
    response = log_in(client, speyer_staff.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/konto/"
    assert logged_in_user_id(client) == str(speyer_staff.pk)


def test_login_ignores_the_case_of_the_address(client, speyer_staff):
    log_in(client, speyer_staff.email.upper(), PASSWORD)
    assert logged_in_user_id(client) == str(speyer_staff.pk)


def test_login_follows_a_safe_next_only(client, speyer_staff):
    response = client.post(
        "/konto/anmelden/",
        {"username": speyer_staff.email, "password": PASSWORD, "next": "/kommunen/"},
    )
    assert response["Location"] == "/kommunen/"
    client.logout()
    response = client.post(
        "/konto/anmelden/",
        {"username": speyer_staff.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/konto/"


@pytest.mark.parametrize(
    ("email", "password"),
    [("alice@speyer.example", "falsch"), ("niemand@speyer.example", PASSWORD)],
)
def test_wrong_credentials_give_a_german_error(client, speyer_staff, email, password):
    response = log_in(client, email, password)
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.content.decode()
    assert logged_in_user_id(client) is None


def test_inactive_account_cannot_log_in(client, speyer_staff):
    speyer_staff.is_active = False
    speyer_staff.save()
    log_in(client, speyer_staff.email, PASSWORD)
    assert logged_in_user_id(client) is None


def test_logout_ends_the_session(client, speyer_staff):
    log_in(client, speyer_staff.email, PASSWORD)
    response = client.post("/konto/abmelden/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) is None
    assert client.get("/konto/").status_code == 302


def test_logout_needs_post(client, speyer_staff):
    log_in(client, speyer_staff.email, PASSWORD)
    assert client.get("/konto/abmelden/").status_code == 405
    assert logged_in_user_id(client) == str(speyer_staff.pk)


def test_there_is_no_self_registration(client):
    for url in ("/konto/registrieren/", "/register/", "/accounts/signup/"):
        assert client.get(url).status_code == 404


# --- password change ----------------------------------------------------------


def test_password_change_keeps_the_session(client, speyer_staff):
    log_in(client, speyer_staff.email, PASSWORD)
    response = client.post(
        "/konto/passwort/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "Ihr Passwort wurde geändert." in response.content.decode()
    assert logged_in_user_id(client) == str(speyer_staff.pk)
    speyer_staff.refresh_from_db()
    assert speyer_staff.check_password(NEW_PASSWORD)


def test_password_change_refuses_a_weak_password_in_german(client, speyer_staff):
    log_in(client, speyer_staff.email, PASSWORD)
    response = client.post(
        "/konto/passwort/",
        {"old_password": PASSWORD, "new_password1": "kurz", "new_password2": "kurz"},
    )
    assert response.status_code == 200
    assert "Dieses Passwort ist zu kurz" in response.content.decode()


# --- password reset -----------------------------------------------------------


def test_password_reset_end_to_end(client, speyer_staff, mailoutbox):
    response = client.post("/konto/passwort-vergessen/", {"email": "ALICE@speyer.example"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/passwort-vergessen/gesendet/"

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [speyer_staff.email]
    assert mail.subject == "Neues Passwort für das IKONE-Portal"
    assert "Guten Tag" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and "Neues Passwort setzen" in html

    done = set_password_through(client, mail.body, NEW_PASSWORD)
    assert done.status_code == 302
    assert done["Location"] == "/konto/passwort-setzen/fertig/"

    assert log_in(client, speyer_staff.email, PASSWORD).status_code == 200  # old one is gone
    assert log_in(client, speyer_staff.email, NEW_PASSWORD)["Location"] == "/konto/"
    assert logged_in_user_id(client) == str(speyer_staff.pk)


def test_password_reset_link_works_once(client, speyer_staff, mailoutbox):
    client.post("/konto/passwort-vergessen/", {"email": speyer_staff.email})
    set_password_through(client, mailoutbox[0].body, NEW_PASSWORD)
    path = LINK.search(mailoutbox[0].body).group(1)
    again = client.get(path, follow=True)
    assert "Dieser Link ist ungültig oder abgelaufen." in again.content.decode()


def test_password_reset_for_unknown_address_sends_nothing_and_tells_nothing(
    client, speyer_staff, mailoutbox
):
    response = client.post("/konto/passwort-vergessen/", {"email": "niemand@example.org"})
    assert response["Location"] == "/konto/passwort-vergessen/gesendet/"
    assert mailoutbox == []


def test_password_reset_refuses_a_weak_password(client, speyer_staff, mailoutbox):
    client.post("/konto/passwort-vergessen/", {"email": speyer_staff.email})
    response = set_password_through(client, mailoutbox[0].body, "12345678")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dieses Passwort ist zu kurz" in content
    assert "Dieses Passwort ist komplett numerisch" in content


# --- invitation -------------------------------------------------------------------


def invite(client, **fields):
    data = {
        "email": "Nora.Neu@Speyer.example",
        "first_name": "Nora",
        "last_name": "Neu",
        "role": roles.MUNICIPAL_STAFF,
        "municipality": "",
        "position": "Digitalisierungsbeauftragte",
        "phone": "06232 14-0",
    }
    data.update(fields)
    return client.post("/admin/members/user/add/", data)


def test_invited_person_sets_a_password_and_logs_in(
    actor_client, coordinator, speyer, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(actor_client(coordinator), municipality=speyer.pk)
    assert response.status_code == 302

    user = User.objects.get(email="nora.neu@speyer.example")
    assert not user.has_usable_password()
    assert user.municipality == speyer
    assert user.is_municipal_staff and not user.is_staff

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["nora.neu@speyer.example"]
    assert mail.subject == "Einladung zum IKONE-Portal"
    assert mail.alternatives[0][1] == "text/html"

    done = set_password_through(client, mail.body, NEW_PASSWORD)
    assert done["Location"] == "/konto/passwort-setzen/fertig/"
    assert log_in(client, "nora.neu@speyer.example", NEW_PASSWORD)["Location"] == "/konto/"


def test_invited_coordinator_gets_admin_access(
    actor_client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(actor_client(coordinator), email="neu@kl.example", role=roles.COORDINATION)
    user = User.objects.get(email="neu@kl.example")
    assert user.is_staff and user.is_coordinator
    assert user.municipality is None


def test_no_mail_before_the_account_is_committed(
    actor_client, coordinator, speyer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(actor_client(coordinator), municipality=speyer.pk)
    assert mailoutbox == []
    for callback in callbacks:  # the commit
        callback()
    assert [mail.to for mail in mailoutbox] == [["nora.neu@speyer.example"]]


def test_invited_person_whose_link_expired_can_ask_for_a_new_one(client, speyer, mailoutbox):
    user = User.objects.create_user(email="spaet@speyer.example", municipality=speyer)
    assert not user.has_usable_password()
    client.post("/konto/passwort-vergessen/", {"email": "spaet@speyer.example"})
    assert len(mailoutbox) == 1
    set_password_through(client, mailoutbox[0].body, NEW_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_admin_action_sends_a_fresh_set_password_link(
    actor_client, coordinator, speyer, client, mailoutbox, django_capture_on_commit_callbacks
):
    person = StaffFactory(email="vergessen@speyer.example", municipality=speyer)
    with django_capture_on_commit_callbacks(execute=True):
        response = actor_client(coordinator).post(
            "/admin/members/user/",
            {"action": "send_set_password_mail", "_selected_action": [person.pk]},
        )
    assert response.status_code == 302
    assert [mail.to for mail in mailoutbox] == [["vergessen@speyer.example"]]
    set_password_through(client, mailoutbox[0].body, NEW_PASSWORD)
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
