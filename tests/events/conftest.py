import pytest

from events import services
from tests.events.factories import EventFactory
from tests.members.factories import StaffFactory


@pytest.fixture
def event(db):
    """A published meeting in two weeks with two seats."""
    return EventFactory(capacity=2, title="Netzwerktreffen Speyer", slug="netzwerktreffen-speyer")


@pytest.fixture
def register():
    """``register(event, user)``: the service as the person themselves."""

    def run(event, user):
        return services.registration_create(event=event, user=user, actor=user)

    return run


@pytest.fixture
def staff_of(speyer):
    """``staff_of(n)``: n more staff members of Speyer."""

    def make(count):
        return [StaffFactory(municipality=speyer) for _ in range(count)]

    return make
