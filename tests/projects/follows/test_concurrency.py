"""Two (three) dispatchers at once and a repeated run: every notice and digest once."""

import threading
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connections
from django.utils import timezone

from members.models import AuditEntry
from projects import digests, notices
from projects.models import Delivery, Digest, Follow, Notice, Project
from projects.services.follows import follow_set
from tests.members.factories import StaffFactory
from tests.projects.factories import ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _published(project) -> AuditEntry:
    # Written as the project services write it, without their after-commit
    # dispatch, so that the dispatchers below find the work.
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Project),
        object_id=str(project.pk),
        object_repr=str(project),
        action="project.publish",
    )


def _run_concurrently(work, threads: int = 3) -> list[Exception]:
    start = threading.Barrier(threads)
    errors: list[Exception] = []

    def run():
        try:
            start.wait()
            work()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return errors


def test_notices_once_under_concurrent_dispatchers(speyer, landau):
    topic = TopicFactory(name="Mobilität", slug="mobilitaet")
    people = [StaffFactory(municipality=landau, email=f"p{n}@landau.example") for n in range(6)]
    past = timezone.now() - timedelta(days=1)
    for person in people:
        follow_set(actor=person, topic=topic)
    Follow.objects.update(created_at=past)
    for _ in range(4):
        _published(ProjectFactory(lead_municipality=speyer, topics=[topic]))
    mail.outbox.clear()

    def dispatch():
        notices.claim_due()
        notices.deliver()

    assert _run_concurrently(dispatch) == []
    dispatch()  # a repeated run
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(sent) == 6 * 4
    assert len(set(sent)) == len(sent)
    assert Notice.objects.filter(sent_at__isnull=False).count() == 24


def test_digests_once_under_concurrent_dispatchers(speyer, landau):
    topic = TopicFactory(name="Mobilität", slug="mobilitaet")
    people = [StaffFactory(municipality=landau, email=f"w{n}@landau.example") for n in range(8)]
    for person in people:
        follow_set(actor=person, topic=topic, delivery=Delivery.WEEKLY)
    Follow.objects.update(created_at=timezone.now() - timedelta(days=30))
    entry = _published(ProjectFactory(lead_municipality=speyer, topics=[topic]))
    week = digests.last_complete_week(timezone.now())
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=week.start + timedelta(days=1))
    mail.outbox.clear()

    def dispatch():
        digests.claim_due()
        digests.deliver()

    assert _run_concurrently(dispatch) == []
    dispatch()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert Digest.objects.filter(sent_at__isnull=False).count() == 8
