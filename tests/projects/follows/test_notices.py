"""Notices "at once": the right recipients, exactly once, through the services."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from projects import notices
from projects import services as project_services
from projects.models import Delivery, Notice, Project
from projects.services.follows import follow_set
from tests.members.factories import StaffFactory
from tests.projects.factories import ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return TopicFactory(name="Mobilität", slug="mobilitaet")


def _submitted(lead, topic):
    return ProjectFactory(
        lead_municipality=lead, state=Project.State.SUBMITTED, published_at=None, topics=[topic]
    )


def _outbox_to():
    return sorted(address for message in mail.outbox for address in message.to)


def test_publishing_in_a_followed_topic_tells_its_followers_once(
    django_capture_on_commit_callbacks, topic, speyer, landau_staff, ministry, coordinator
):
    follow_set(actor=landau_staff, topic=topic)
    follow_set(actor=ministry, topic=topic, delivery=Delivery.WEEKLY)  # not at once
    project = _submitted(speyer, topic)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        project_services.project_publish(project=project, actor=coordinator)
    notices_out = [m for m in mail.outbox if "Neu im Katalog" in m.subject]
    assert [m.to for m in notices_out] == [[landau_staff.email]]
    message = notices_out[0]
    assert project.title in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["Message-ID"].startswith("<reminder.follows.")
    # A repeated run, or a second dispatcher, sends nothing more.
    mail.outbox.clear()
    assert notices.claim_due() == 0
    assert notices.deliver().sent == 0
    assert mail.outbox == []


def test_reuse_declaration_tells_lead_city_staff_and_contact(
    django_capture_on_commit_callbacks, speyer, speyer_staff, landau_staff
):
    contact = StaffFactory(email="kontakt@example.org")  # another city's person, named as contact
    project = ProjectFactory(lead_municipality=speyer, contact_email="Kontakt@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        project_services.adoption_create(project=project, actor=landau_staff)
    reuse = [m for m in mail.outbox if "nutzt Ihr Projekt" in m.subject]
    assert sorted(m.to[0] for m in reuse) == sorted([speyer_staff.email, contact.email])
    assert "List-Unsubscribe" not in reuse[0].extra_headers  # not about a follow


def test_project_followers_hear_of_phase_documents_and_adoption_status(
    django_capture_on_commit_callbacks, speyer, speyer_staff, landau_staff, ministry
):
    project = ProjectFactory(lead_municipality=speyer, phase=Project.Phase.PLANNING)
    follow_set(actor=ministry, project=project)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        project_services.project_update(
            project=project, actor=speyer_staff, phase=Project.Phase.OPERATION
        )
    with django_capture_on_commit_callbacks(execute=True):
        adoption = project_services.adoption_create(project=project, actor=landau_staff)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.adoption_update(
            adoption=adoption, actor=landau_staff, status="in_pruefung"
        )
    to_ministry = [m.subject for m in mail.outbox if m.to == [ministry.email]]
    assert len(to_ministry) == 3
    assert "Phase" in to_ministry[0]
    assert "nutzt es nach" in to_ministry[1]


def test_nobody_is_told_of_a_draft_or_of_their_own_change(
    django_capture_on_commit_callbacks, speyer, speyer_staff
):
    project = ProjectFactory(lead_municipality=speyer, state=Project.State.DRAFT, published_at=None)
    follow_set(actor=speyer_staff, project=project)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        project_services.project_update(
            project=project, actor=speyer_staff, phase=Project.Phase.IDEA
        )
    assert mail.outbox == []
    assert Notice.objects.count() == 0


def test_old_history_is_not_announced(speyer, landau_staff, topic, coordinator):
    follow_set(actor=landau_staff, topic=topic)
    project = _submitted(speyer, topic)
    project_services.project_publish(project=project, actor=coordinator)
    later = timezone.now() + notices.HORIZON + timedelta(hours=1)
    assert notices.claim_due(later) == 0
