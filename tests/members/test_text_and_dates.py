"""Control characters and dates in the members' forms: a right-to-left
override in a name or phone number, a membership dated 9999 — German errors
at the field, nothing stored."""

import pytest
from django.core.exceptions import ValidationError

from members import roles, services
from members.models import Municipality, User
from tests.members.test_admin import form_errors, invite_form, municipality_form

pytestmark = pytest.mark.django_db

RLO = "\u202e"
CONTROL_MESSAGE = (
    "Der Text enthält unsichtbare Steuerzeichen (U+202E), etwa zur Umkehr der Schreibrichtung "
    "oder für Zeilenumbrüche. Bitte entfernen Sie sie."
)
DATE_MESSAGE = "Bitte geben Sie ein Datum zwischen 1990 und 2100 an."


@pytest.mark.parametrize("field", ["name", "official_name", "district", "address", "description"])
def test_municipality_texts_refuse_an_override(field, actor_client, coordinator):
    response = actor_client(coordinator).post(
        "/admin/members/municipality/add/", municipality_form(**{field: f"Speyer{RLO}"})
    )
    assert form_errors(response)[field] == [CONTROL_MESSAGE]
    assert not Municipality.objects.filter(slug="musterhausen").exists()


@pytest.mark.parametrize("field", ["joined_on", "left_on"])
def test_membership_dates_within_1990_to_2100(field, actor_client, coordinator):
    response = actor_client(coordinator).post(
        "/admin/members/municipality/add/", municipality_form(**{field: "31.12.9999"})
    )
    assert DATE_MESSAGE in form_errors(response)[field]
    assert not Municipality.objects.filter(slug="musterhausen").exists()


@pytest.mark.parametrize("field", ["first_name", "last_name", "position", "phone"])
def test_an_invitation_refuses_an_override(field, actor_client, coordinator, speyer):
    data = invite_form(municipality=speyer.pk, **{field: f"06232{RLO}14-0"})
    response = actor_client(coordinator).post("/admin/members/user/add/", data)
    assert form_errors(response)[field] == [CONTROL_MESSAGE]
    assert not User.objects.filter(email__iexact="neu@speyer.example").exists()


def test_the_invite_service_refuses_it_too(coordinator, speyer):
    with pytest.raises(ValidationError) as error:
        services.user_invite(
            email="neu@speyer.example",
            role=roles.MUNICIPAL_STAFF,
            municipality=speyer,
            phone=f"06232{RLO}14-0",
            actor=coordinator,
        )
    assert error.value.message_dict == {"phone": [CONTROL_MESSAGE]}
    assert not User.objects.filter(email="neu@speyer.example").exists()
