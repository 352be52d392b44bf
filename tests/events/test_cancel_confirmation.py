"""Issue 16.5: cancelling asks first; people waiting see their place."""

import pytest
from django.urls import reverse

from events.models import Registration

pytestmark = pytest.mark.django_db


def test_cancel_asks_before_it_cancels(actor_client, event, register, speyer_staff):
    register(event, speyer_staff)
    client = actor_client(speyer_staff)
    detail = client.get(event.get_absolute_url()).content.decode()
    url = reverse("events:registration-cancel", args=[event.slug])
    assert f'href="{url}"' in detail  # a link to the question, not a button that cancels

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Anmeldung stornieren?" in html
    assert "Netzwerktreffen Speyer" in html
    assert "Ja, stornieren" in html and "Nein, zurück zum Termin" in html
    assert Registration.objects.get(user=speyer_staff).status == Registration.Status.CONFIRMED

    response = client.post(url, follow=True)
    assert "Ihre Anmeldung wurde storniert." in response.content.decode()
    assert Registration.objects.get(user=speyer_staff).status == Registration.Status.CANCELLED


def test_waiting_list_question_names_the_place(
    actor_client, event, register, speyer_staff, staff_of
):
    for person in staff_of(2):
        register(event, person)
    register(event, speyer_staff)
    html = (
        actor_client(speyer_staff)
        .get(reverse("events:registration-cancel", args=[event.slug]))
        .content.decode()
    )
    assert "<title>Von der Warteliste abmelden?" in html
    assert "auf Platz 1 der Warteliste" in html


def test_people_waiting_see_their_place_and_how_many_wait(
    actor_client, event, register, speyer_staff, staff_of
):
    first, second = staff_of(2)
    register(event, first)
    register(event, second)
    others = staff_of(1)
    register(event, others[0])
    register(event, speyer_staff)
    client = actor_client(speyer_staff)
    assert (
        "Sie stehen auf der Warteliste (Platz 2 von 2)"
        in client.get(event.get_absolute_url()).content.decode()
    )
    assert (
        "Sie stehen auf der Warteliste (Platz 2 von 2)" in client.get("/termine/").content.decode()
    )

    actor_client(others[0]).post(reverse("events:registration-cancel", args=[event.slug]))
    assert (
        "Sie stehen auf der Warteliste (Platz 1 von 1)"
        in client.get(event.get_absolute_url()).content.decode()
    )


def test_coordinator_is_asked_before_cancelling_someone(
    actor_client, event, register, speyer_staff, coordinator
):
    registration = register(event, speyer_staff)
    url = reverse("events:participant-cancel", args=[event.slug, registration.pk])
    client = actor_client(coordinator)
    assert f'href="{url}"' in client.get(event.get_absolute_url()).content.decode()
    html = client.get(url).content.decode()
    assert "wird storniert; die Person wird benachrichtigt" in html
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_others_may_not_see_the_question_for_someone_elses_registration(
    actor_client, event, register, speyer_staff, landau_staff
):
    registration = register(event, speyer_staff)
    url = reverse("events:participant-cancel", args=[event.slug, registration.pk])
    response = actor_client(landau_staff).get(url)
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_cancel_question_needs_a_login(client, event):
    response = client.get(reverse("events:registration-cancel", args=[event.slug]))
    assert response.status_code == 302
    assert "/konto/anmelden/" in response["Location"]
