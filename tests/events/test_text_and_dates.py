"""Control characters and dates of meetings: a right-to-left override in a
title, a speaker or a cancellation reason, a meeting in 9999 — German errors
at the field (admin, services), nothing stored."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from events import services
from events.models import AgendaItem, Event
from tests.events.factories import EventFactory, in_days
from tests.events.test_admin import event_form

pytestmark = pytest.mark.django_db

RLO = "\u202e"
CONTROL_MESSAGE = (
    "Der Text enthält unsichtbare Steuerzeichen (U+202E), etwa zur Umkehr der Schreibrichtung "
    "oder für Zeilenumbrüche. Bitte entfernen Sie sie."
)
DATE_MESSAGE = "Bitte geben Sie ein Datum zwischen 1990 und 2100 an."


@pytest.mark.parametrize("field", ["title", "venue", "time_note", "address", "description"])
def test_event_texts_refuse_an_override(field, actor_client, coordinator):
    response = actor_client(coordinator).post(
        "/admin/events/event/add/", event_form(**{field: f"Rathaus{RLO}"})
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [CONTROL_MESSAGE]
    assert not Event.objects.exists()


def test_a_meeting_in_9999_is_refused(actor_client, coordinator):
    response = actor_client(coordinator).post(
        "/admin/events/event/add/",
        event_form(starts_at_0="9999-12-30", ends_at_0="9999-12-30"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["starts_at"] == [DATE_MESSAGE] and errors["ends_at"] == [DATE_MESSAGE]
    assert not Event.objects.exists()


def test_services_refuse_times_out_of_range(coordinator):
    event = Event(
        title="Treffen",
        slug="treffen",
        starts_at=datetime(1989, 12, 31, 10, tzinfo=UTC),
        ends_at=in_days(3),
    )
    with pytest.raises(ValidationError) as error:
        services.event_save(event=event, actor=coordinator)
    assert error.value.message_dict == {"starts_at": [DATE_MESSAGE]}


def test_an_agenda_item_with_an_override_is_refused(coordinator):
    event = EventFactory()
    item = AgendaItem(event=event, title="Grußwort", speaker=f"OB{RLO}")
    with pytest.raises(ValidationError) as error:
        services.agenda_item_save(item=item, actor=coordinator)
    assert error.value.message_dict == {"speaker": [CONTROL_MESSAGE]}
    assert not AgendaItem.objects.exists()


def test_a_cancellation_reason_with_an_override_is_refused(coordinator):
    event = EventFactory()
    with pytest.raises(ValidationError) as error:
        services.event_cancel(event=event, actor=coordinator, reason=f"Krank{RLO}heit")
    assert error.value.message_dict == {"reason": [CONTROL_MESSAGE]}
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
