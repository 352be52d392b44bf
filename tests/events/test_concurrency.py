"""Capacity holds under concurrent sign-ups on PostgreSQL (real threads, real connections)."""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Registration
from tests.events.factories import EventFactory
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

Status = Registration.Status


def run_at_once(jobs):
    """Run callables in threads released together by a barrier; return their errors."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait(timeout=60)
            job()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_thirty_people_at_once_for_ten_seats(speyer, mailoutbox):
    assert connection.vendor == "postgresql"
    event = EventFactory(capacity=10)
    people = [StaffFactory(municipality=speyer) for _ in range(30)]

    errors = run_at_once(
        [
            (
                lambda person=person: services.registration_create(
                    event=event, user=person, actor=person
                )
            )
            for person in people
        ]
    )

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    confirmed = registrations.filter(status=Status.CONFIRMED)
    waiting = registrations.filter(status=Status.WAITING).order_by("waitlist_position")
    assert confirmed.count() == 10
    assert waiting.count() == 20
    assert [r.waitlist_position for r in waiting] == list(range(1, 21))
    # In order: the row lock hands out seats and positions in the order the
    # registrations were written (ids and timestamps rise with the position).
    assert max(confirmed.values_list("pk", flat=True)) < waiting.first().pk
    assert [r.pk for r in waiting] == sorted(r.pk for r in waiting)
    stamps = [r.registered_at for r in waiting]
    assert stamps == sorted(stamps)
    assert registrations.values("user").distinct().count() == 30
    # everyone got exactly one mail: a confirmation or their waiting-list place
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)


def test_cancellations_and_sign_ups_at_once_keep_the_list_consistent(speyer):
    event = EventFactory(capacity=10)
    people = [StaffFactory(municipality=speyer) for _ in range(20)]
    registrations = [services.registration_create(event=event, user=p, actor=p) for p in people]
    newcomers = [StaffFactory(municipality=speyer) for _ in range(6)]
    leaving = registrations[:4] + registrations[12:14]  # 4 seats, 2 waiting

    jobs = [
        (lambda r=r: services.registration_cancel(registration=r, actor=r.user)) for r in leaving
    ] + [
        (lambda p=p: services.registration_create(event=event, user=p, actor=p)) for p in newcomers
    ]
    errors = run_at_once(jobs)

    assert errors == []
    active = Registration.objects.filter(event=event).exclude(status=Status.CANCELLED)
    assert active.filter(status=Status.CONFIRMED).count() == 10
    positions = list(
        active.filter(status=Status.WAITING)
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    # 20 active people (20 - 6 leaving + 6 new), 10 seated: positions 1..10, no gaps
    assert positions == list(range(1, 11))
    # the first two of the original waiting list never left: the freed seats went to them
    seated = set(active.filter(status=Status.CONFIRMED).values_list("user", flat=True))
    assert {registrations[10].user_id, registrations[11].user_id} <= seated
