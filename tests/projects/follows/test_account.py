""" "Mein Konto" as a personal start page: deadlines, registrations, reuse, follows, news."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from projects import services as project_services
from projects.models import Subscriber
from projects.services.follows import follow_set
from tests.events.factories import EventFactory, RegistrationFactory
from tests.funding.factories import GrantFactory, ObligationFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_staff_see_their_citys_deadlines_overdue_first_with_days_left(
    actor_client, speyer, landau, speyer_staff
):
    grant = GrantFactory(municipality=speyer, file_reference="AZ-SP-1")
    today = timezone.localdate()
    ObligationFactory(grant=grant, due_date=today + timedelta(days=9))
    ObligationFactory(grant=grant, due_date=today - timedelta(days=3))
    ObligationFactory(grant=GrantFactory(municipality=landau, file_reference="AZ-LD-1"))
    page = actor_client(speyer_staff).get(reverse("members:account")).content.decode()
    assert "Nächste Berichtsfristen Ihrer Kommune" in page
    assert "AZ-LD-1" not in page
    assert page.index("3 Tage überfällig") < page.index("9 Tage")


def test_registrations_with_waiting_list_position(actor_client, speyer_staff, landau_staff):
    event = EventFactory(title="Markt der Projekte", capacity=1)
    RegistrationFactory(event=event, user=landau_staff)
    RegistrationFactory(
        event=event, user=speyer_staff, status=Registration.Status.WAITING, waitlist_position=1
    )
    page = actor_client(speyer_staff).get(reverse("members:account")).content.decode()
    assert "Markt der Projekte" in page and "Platz 1" in page


def test_own_citys_reuse_declarations(actor_client, speyer, landau, speyer_staff):
    AdoptionFactory(
        project=ProjectFactory(title="Kitaportal", lead_municipality=landau), municipality=speyer
    )
    page = actor_client(speyer_staff).get(reverse("members:account")).content.decode()
    assert "Was Speyer nachnutzt" in page and "Kitaportal" in page


def test_what_changed_since_the_last_visit(actor_client, speyer, speyer_staff, landau_staff):
    project = ProjectFactory(title="Social Wall", lead_municipality=speyer)
    follow_set(actor=landau_staff, project=project)
    client = actor_client(landau_staff)
    first = client.get(reverse("members:account")).content.decode()
    assert "Bei dem, was Sie verfolgen, hat sich nichts geändert." in first
    assert Subscriber.objects.get(user=landau_staff).last_visit_at is not None
    project_services.project_update(project=project, actor=speyer_staff, phase="abgeschlossen")
    second = client.get(reverse("members:account")).content.decode()
    assert "Neu seit Ihrem letzten Besuch" in second
    assert "Social Wall ist jetzt in der Phase „Abgeschlossen“" in second
    third = client.get(reverse("members:account")).content.decode()
    assert "Social Wall ist jetzt" not in third


def test_ministry_sees_the_networks_deadlines_and_its_follows(actor_client, ministry, speyer):
    ObligationFactory(grant=GrantFactory(municipality=speyer, file_reference="AZ-SP-2"))
    follow_set(actor=ministry, municipality=speyer)
    page = actor_client(ministry).get(reverse("members:account")).content.decode()
    assert "Nächste Berichtsfristen im Netzwerk" in page and "AZ-SP-2" in page
    assert 'id="follows-title"' in page and "Speyer" in page
