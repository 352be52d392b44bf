"""The participating cities of a meeting come from the cache until a
registration, a person's city or a city's name changes (events.cache)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from members import services as members_services
from tests.events.factories import RegistrationFactory
from tests.members.factories import MunicipalityFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _cities(client, event) -> tuple[str, int]:
    """The page and how many times it looked the cities up."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/termine/{event.slug}/")
    assert response.status_code == 200
    lookups = sum("= ANY(ARRAY(" in q["sql"] for q in queries.captured_queries)
    return response.content.decode(), lookups


def test_cities_follow_registrations_people_and_names(
    actor_client, event, speyer_staff, coordinator
):
    worms = MunicipalityFactory(name="Worms", slug="worms")
    mainz = MunicipalityFactory(name="Mainz", slug="mainz")
    RegistrationFactory(event=event, user=StaffFactory(municipality=worms))
    member = actor_client(speyer_staff)
    page, lookups = _cities(member, event)
    assert ("Worms" in page, lookups) == (True, 1)
    page, lookups = _cities(member, event)
    assert ("Worms" in page, lookups) == (True, 0)  # from the cache

    newcomer = StaffFactory(municipality=mainz)
    registration = services.registration_create(event=event, user=newcomer, actor=newcomer)
    page, lookups = _cities(member, event)
    assert ("Mainz" in page, lookups) == (True, 1)

    newcomer.save(update_fields=["last_login"])  # a login changes nothing shown
    assert _cities(member, event)[1] == 0

    services.registration_cancel(registration=registration, actor=newcomer)
    assert "Mainz" not in _cities(member, event)[0]

    worms.name = "Worms am Rhein"
    members_services.municipality_save(municipality=worms, actor=coordinator)
    assert "Worms am Rhein" in _cities(member, event)[0]

    moved = event.registrations.get(user__municipality=worms).user
    moved.municipality = mainz
    members_services.user_save(user=moved, actor=coordinator)
    page = _cities(member, event)[0]
    assert "Mainz" in page
    assert "Worms" not in page
