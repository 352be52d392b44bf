"""Bad input the schema fuzzing (tests/api/) found: a 400 with German field errors, never a 500."""

import pytest

from tests.events.factories import EventFactory, RegistrationFactory, berlin

pytestmark = pytest.mark.django_db

LIST = "/api/v1/events/"


@pytest.fixture
def meeting(db):
    return EventFactory(
        slug="netzwerktreffen", starts_at=berlin(2027, 5, 14, 10), ends_at=berlin(2027, 5, 14, 16)
    )


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    ("starts_after", "found"),
    [
        # PostgreSQL takes offsets up to ±15:59 only; these were a 500 (DataError).
        ("2027-05-14T23:59:00+16:00", True),
        ("2027-05-15T00:30:00+23:59", True),
        ("2027-05-14T00:00:00-20:00", False),
        # The same instants in offsets PostgreSQL knows: nothing changes for them.
        ("2027-05-14T07:59:00Z", True),
        ("2027-05-14T10:00:00+02:00", True),
        ("2027-05-14T10:00:01+02:00", False),
    ],
)
def test_starts_after_with_any_utc_offset(client, meeting, starts_after, found):
    response = client.get(LIST, {"starts_after": starts_after})
    assert slugs(response) == (["netzwerktreffen"] if found else [])


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"])
@pytest.mark.parametrize("name", ["starts_after", "starts_before"])
def test_instants_beyond_the_calendar_are_a_field_error(client, meeting, name, value):
    response = client.get(LIST, {name: value})
    assert response.status_code == 400
    assert response.json() == {name: ["Datum und Uhrzeit liegen außerhalb des gültigen Bereichs."]}


@pytest.mark.parametrize("name", ["starts_after", "starts_before"])
def test_instants_without_a_utc_offset_are_a_field_error(client, meeting, name):
    # RFC 3339, as the schema says: the offset is part of the date-time.
    response = client.get(LIST, {name: "2027-05-14T10:00:00"})
    assert response.status_code == 400
    assert response.json() == {
        name: ["Datum und Uhrzeit nach RFC 3339 sind erforderlich, etwa 2026-04-25T10:00:00+02:00."]
    }


@pytest.mark.parametrize("method", ["get", "delete"])
@pytest.mark.parametrize("email", ["\x00", "charlie\x00@kl.digital.example"])
def test_registration_user_with_a_nul_byte_is_a_field_error(
    actor_client, coordinator, meeting, method, email
):
    # Was a 500 for coordinators: the address went unchecked into the query.
    response = getattr(actor_client(coordinator), method)(
        f"/api/v1/events/{meeting.slug}/registration/?user={email}"
    )
    assert response.status_code == 400
    assert response.json() == {"user": ["Der Wert enthält unzulässige Zeichen."]}


@pytest.mark.parametrize("method", ["get", "delete"])
def test_registration_user_must_be_an_email_address(actor_client, coordinator, meeting, method):
    response = getattr(actor_client(coordinator), method)(
        f"/api/v1/events/{meeting.slug}/registration/", QUERY_STRING="user=kein-mail"
    )
    assert response.status_code == 400
    assert response.json() == {"user": ["Bitte geben Sie eine gültige E-Mail-Adresse an."]}


def test_coordinator_still_reads_someone_elses_registration(
    actor_client, coordinator, speyer_staff, meeting
):
    RegistrationFactory(event=meeting, user=speyer_staff)
    response = actor_client(coordinator).get(
        f"/api/v1/events/{meeting.slug}/registration/", {"user": speyer_staff.email.upper()}
    )
    assert response.status_code == 200
    assert response.json()["user"] == speyer_staff.email


def test_staff_still_may_not_read_someone_elses_registration(
    actor_client, speyer_staff, landau_staff, meeting
):
    RegistrationFactory(event=meeting, user=landau_staff)
    response = actor_client(speyer_staff).get(
        f"/api/v1/events/{meeting.slug}/registration/", {"user": landau_staff.email}
    )
    assert response.status_code == 403
