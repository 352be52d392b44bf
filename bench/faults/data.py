"""Due reminders for the fault suite: obligations due tomorrow, meetings in six days.

``fill`` builds the network once (municipalities, staff, coordinators, grants,
events with a 7-day reminder and confirmed registrations); ``due_keys``
names every mail that must arrive as ``<what>.<obligation or event>.<email>``
(the same key the SMTP sink derives from a received mail).
"""

import random
from datetime import timedelta

from django.utils import timezone

from bench.scale import funding as funding_scale
from bench.scale.copy import copy_objects, next_id, reset_sequence
from bench.scale.members import generate_municipalities, generate_users
from members import roles

MUNICIPALITIES = 60
USERS = 130  # about two staff per city and one or two coordinators
REGISTRATIONS_PER_EVENT = 30


def fill(obligations: int, seed: int = 17) -> None:
    from events.models import Event, Registration, ReminderOffset
    from funding.models import ReportingObligation

    rng = random.Random(seed)
    cities = generate_municipalities(rng, MUNICIPALITIES)
    people = generate_users(rng, USERS, cities)
    funding_scale.generate(
        rng,
        grants=obligations,
        payouts=0,
        obligations=obligations,
        municipality_ids=cities,
        project_ids=[],
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    ReportingObligation.objects.update(
        status=ReportingObligation.Status.OPEN, submitted_on=None, due_date=tomorrow
    )

    # Meetings: as many reminders as about 3 per obligation, due now (7 days
    # before a start in 6½ days), to people seated long before.
    events = max(1, obligations * 3 // REGISTRATIONS_PER_EVENT)
    start = next_id(Event)
    starts_at = timezone.now() + timedelta(days=6, hours=12)
    event_ids = list(range(start, start + events))
    copy_objects(
        Event,
        (
            {
                "id": pk,
                "kind": Event.Kind.choices[0][0],
                "title": f"Fehlertest ({pk})",
                "slug": f"faults-termin-{pk}",
                "description": "Synthetischer Termin für den Fehlertest.",
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=3),
                "venue": "Rathaus",
                "host_municipality_id": rng.choice(cities),
                "capacity": None,
                "status": Event.Status.PUBLISHED,
                "published_at": starts_at - timedelta(days=60),
                "is_example": True,
            }
            for pk in event_ids
        ),
    )
    reset_sequence(Event)
    ReminderOffset.objects.bulk_create(
        [ReminderOffset(event_id=pk, days_before=7) for pk in event_ids]
    )
    staff = people[roles.MUNICIPAL_STAFF]
    seated = timezone.now() - timedelta(days=30)
    copy_objects(
        Registration,
        (
            {
                "event_id": pk,
                "user_id": user_id,
                "status": Registration.Status.CONFIRMED,
                "waitlist_position": None,
                "registered_at": seated,
                "confirmed_at": seated,
            }
            for pk in event_ids
            for user_id in rng.sample(staff, min(REGISTRATIONS_PER_EVENT, len(staff)))
        ),
    )


def due_keys(kind: str) -> list[str]:
    """Every mail due now, keyed by what and whom."""
    from members.models import User

    now = timezone.now()
    if kind == "funding":
        from funding.reminders import due_reminders

        rows = [(row.obligation_id, row.recipient_id) for row in due_reminders(now)]
    else:
        from events.notifications import due_reminders as event_due_reminders

        rows = [(row.event_id, row.recipient_id) for row in event_due_reminders(now)]
    emails = dict(User.objects.values_list("pk", "email"))
    return [f"{kind}.{what}.{emails[whom]}" for what, whom in rows]
