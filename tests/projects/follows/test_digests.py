"""The weekly digest: the right people, nothing empty, exactly once, batched."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.registry import registry
from members.audit import log_action
from members.models import AuditEntry
from projects import digests
from projects.models import Delivery, Digest
from projects.services.follows import follow_set, network_digest_set
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.members.factories import StaffFactory
from tests.projects.factories import ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _last_week_noon():
    week = digests.last_complete_week(timezone.now())
    return week.start + timedelta(days=2, hours=12)


def _published_last_week(project, actor=None):
    entry = log_action(actor=actor, obj=project, action="project.publish")
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=_last_week_noon())


def _follow_last_month(**kwargs):
    follow, _created = follow_set(**kwargs)
    type(follow).objects.filter(pk=follow.pk).update(created_at=timezone.now() - timedelta(days=30))
    return follow


def test_weekly_followers_and_network_subscribers_get_one_digest(speyer, landau, ministry):
    topic = TopicFactory(name="Tourismus & Kultur", slug="tourismus")
    weekly = StaffFactory(municipality=landau, email="weekly@landau.example")
    at_once = StaffFactory(municipality=landau, email="sofort@landau.example")
    nothing = StaffFactory(municipality=landau, email="nichts@landau.example")
    _follow_last_month(actor=weekly, topic=topic, delivery=Delivery.WEEKLY)
    _follow_last_month(actor=at_once, topic=topic, delivery=Delivery.IMMEDIATE)
    _follow_last_month(actor=nothing, municipality=landau, delivery=Delivery.WEEKLY)
    network_digest_set(actor=ministry, enabled=True)
    project = ProjectFactory(lead_municipality=speyer, title="VR-Time-Travel", topics=[topic])
    _published_last_week(project)
    mail.outbox.clear()
    assert digests.claim_due() == 2
    assert digests.deliver().sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([weekly.email, ministry.email])
    for message in mail.outbox:
        assert "VR-Time-Travel" in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A second run, or a retry: nothing more.
    mail.outbox.clear()
    assert digests.claim_due() == 2  # claimed again: the rows exist, nothing inserted
    assert digests.deliver().sent == 0
    assert mail.outbox == []
    assert Digest.objects.count() == 2


def test_a_week_with_nothing_new_sends_nothing(landau, ministry):
    network_digest_set(actor=ministry, enabled=True)
    weekly = StaffFactory(municipality=landau)
    _follow_last_month(actor=weekly, municipality=landau, delivery=Delivery.WEEKLY)
    mail.outbox.clear()
    assert digests.claim_due() == 0
    assert digests.deliver().sent == 0
    assert mail.outbox == []


def test_network_digest_lists_meetings_with_free_seats_from_events(landau, ministry):
    """The meetings come from events through core.registry (projects imports no events)."""
    assert [section.key for section in registry.digest_sections] == ["meetings"]
    network_digest_set(actor=ministry, enabled=True)
    EventFactory(title="Netzwerktreffen Mainz", starts_at=in_days(10))
    full = EventFactory(title="Ausgebuchter Workshop", starts_at=in_days(12), capacity=1)
    RegistrationFactory(event=full, user=StaffFactory(municipality=landau))
    EventFactory(title="Zu weit weg", starts_at=in_days(90))
    mail.outbox.clear()
    # A meeting ahead alone is news for the network digest.
    assert digests.claim_due() == 1
    assert digests.deliver().sent == 1
    [message] = mail.outbox
    assert message.to == [ministry.email]
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Termine mit freien Plätzen" in body
        assert "Netzwerktreffen Mainz" in body
        assert "Ausgebuchter Workshop" not in body
        assert "Zu weit weg" not in body
    assert "Termine mit freien Plätzen:\n- " in message.body


def _queries_for_people(count, speyer, topic):
    for n in range(count):
        person = StaffFactory(municipality=speyer, email=f"p{count}-{n}@speyer.example")
        _follow_last_month(actor=person, topic=topic, delivery=Delivery.WEEKLY)
        for _ in range(2):
            _follow_last_month(
                actor=person,
                project=ProjectFactory(lead_municipality=speyer),
                delivery=Delivery.WEEKLY,
            )
    with CaptureQueriesContext(connection) as claimed:
        digests.claim_due()
    with CaptureQueriesContext(connection) as delivered:
        result = digests.deliver()
    assert result.sent == Digest.objects.count() >= count
    # The only per-mail queries are the engine's lease renewal and "sent" mark.
    return len(claimed), len(delivered) - 2 * result.sent


def test_queries_do_not_grow_with_the_number_of_people(speyer):
    topic = TopicFactory(name="Mobilität", slug="mobilitaet")
    _published_last_week(ProjectFactory(lead_municipality=speyer, topics=[topic]))
    small = _queries_for_people(3, speyer, topic)
    Digest.objects.all().delete()
    mail.outbox.clear()
    large = _queries_for_people(12, speyer, topic)
    assert large == small
