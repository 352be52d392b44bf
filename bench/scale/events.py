"""Events and registrations at national scale; capacity is respected:
confirmed ≤ capacity, the rest waits in order."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from bench.scale.copy import copy_objects, next_id, reset_sequence
from bench.scale.words import noun_phrase
from events.models import Event, Registration

BERLIN = ZoneInfo("Europe/Berlin")
BENCH_EVENT_SLUG = "synth-benchmark-termin"


def generate(
    rng: random.Random,
    *,
    events: int,
    registrations: int,
    municipality_ids: list[int],
    staff_ids: list[int],
) -> list[int]:
    start = next_id(Event)
    event_ids = list(range(start, start + events))
    today = timezone.localdate()
    kinds = [choice for choice, _label in Event.Kind.choices]
    capacity = {}
    bench = event_ids[0]  # upcoming, 1,000 registrations, room for 1,200

    def event_rows():
        for pk in event_ids:
            day = today + timedelta(days=30 if pk == bench else rng.randint(-700, 300))
            starts_at = datetime.combine(day, time(rng.choice([9, 10, 13, 14])), tzinfo=BERLIN)
            capacity[pk] = 1200 if pk == bench else rng.choice([None, 20, 50, 100, 200])
            yield {
                "id": pk,
                "kind": rng.choice(kinds),
                "title": f"Austausch: {noun_phrase(rng)} ({pk})",
                "slug": f"synth-termin-{pk}" if pk != bench else BENCH_EVENT_SLUG,
                "description": "Synthetischer Termin für Lasttests.",
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=3),
                "venue": "Rathaus",
                "host_municipality_id": rng.choice(municipality_ids),
                "capacity": capacity[pk],
                "status": Event.Status.PUBLISHED,
                "published_at": starts_at - timedelta(days=60),
                "is_example": True,
            }

    copy_objects(Event, event_rows())
    reset_sequence(Event)

    per_event = dict.fromkeys(event_ids, 0)
    per_event[bench] = min(1000, len(staff_ids))
    for _ in range(max(0, registrations - per_event[bench])):
        per_event[rng.choice(event_ids[1:] or event_ids)] += 1

    def registration_rows():
        for pk in event_ids:
            people = rng.sample(staff_ids, min(per_event[pk], len(staff_ids)))
            seats = capacity[pk]
            registered = timezone.now() - timedelta(days=90)
            for index, user_id in enumerate(people):
                waiting = seats is not None and index >= seats
                yield {
                    "event_id": pk,
                    "user_id": user_id,
                    "status": (
                        Registration.Status.WAITING if waiting else Registration.Status.CONFIRMED
                    ),
                    "waitlist_position": index - seats + 1 if waiting else None,
                    "registered_at": registered + timedelta(seconds=index),
                    "confirmed_at": None if waiting else registered + timedelta(seconds=index),
                }

    copy_objects(Registration, registration_rows())
    return event_ids
