"""The events app's part of a person's data (core.registry.PersonalData,
registered in apps.py): their registrations and the mails about them."""

from typing import Any

from django.utils import timezone

from events.models import Event, EventReminder, Registration
from members.models import User


def collect(user: User) -> dict[str, Any]:
    registrations = Registration.objects.filter(user=user).select_related("event")
    mails = EventReminder.objects.filter(recipient=user, sent_at__isnull=False).select_related(
        "event"
    )
    return {
        "registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at.isoformat(),
                "status": r.status,
                "waitlist_position": r.waitlist_position,
                "registered_at": r.registered_at.isoformat(),
                "confirmed_at": r.confirmed_at and r.confirmed_at.isoformat(),
                "cancelled_at": r.cancelled_at and r.cancelled_at.isoformat(),
                "attended_at": r.attended_at and r.attended_at.isoformat(),
            }
            for r in registrations.order_by("registered_at")
        ],
        "mails_sent": [
            {"event": m.event.title, "kind": m.kind, "sent_at": m.sent_at.isoformat()}
            for m in mails.order_by("sent_at")
        ],
        "events_created": list(
            Event.objects.filter(created_by=user)
            .order_by("starts_at")
            .values_list("title", flat=True)
        ),
    }


def release(*, user: User, actor: User) -> None:
    """Seats at coming meetings go to the waiting list (without a mail to the
    person); mails not yet sent to the person are dropped."""
    from events.services import registration_cancel

    upcoming = Registration.objects.filter(
        user=user,
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
        event__starts_at__gt=timezone.now(),
    )
    for registration in upcoming:
        registration_cancel(registration=registration, actor=actor, notify=False)
    EventReminder.objects.filter(recipient=user, sent_at__isnull=True).delete()
