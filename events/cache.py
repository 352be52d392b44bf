"""What the events app caches, under the one policy of ``core.cache``.

Members see which cities take part in a meeting. A national meeting has about
a thousand registrations from some 940 cities, which take as long to look up
and link as the rest of the page. The list is cached per meeting under the
meeting's own topic — raised by every service that writes the meeting or its
registrations — and under the topics of who belongs to which city and of the
cities' names, raised by the members services.
"""

from core import cache
from members.cache import MUNICIPALITIES, PEOPLE

# Members who may see the cities all see the same list (events.permissions).
MEMBERS = "members"
# Every meeting: lists of meetings alike for everyone (the start page's next meetings).
EVENTS = "events"


def event_topic(event_id: int) -> str:
    return f"event:{event_id}"


def event_changed(event_id: int) -> None:
    """Called by every service that writes a meeting or its registrations."""
    cache.changed(event_topic(event_id), EVENTS)


def cached_cities(event_id: int, compute) -> list:
    return cache.get_or_compute(
        "event-cities",
        compute,
        depends_on=(event_topic(event_id), PEOPLE, MUNICIPALITIES),
        scope=MEMBERS,
        vary=(event_id,),
    )
