"""Mails about meetings: reminders at stored offsets and notices, sent exactly once.

Both go through ``core.reminders``: a row per (event, person, stage) is
claimed, then ``deliver_pending`` sends it once, retrying failures with
back-off. Working out what is due and sending it costs a constant number of
queries, however many reminders there are.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import mail
from core.reminders import DeliveryResult, claim, deliver_pending
from events import ical
from events.models import Event, EventReminder, Registration, ReminderOffset
from events.selectors import agenda_prefetch

# Offsets are at most a year (ReminderOffset.days_before); events further
# ahead have nothing due.
LONGEST_OFFSET = timedelta(days=366)

Kind = EventReminder.Kind


def due_reminders(now: datetime | None = None) -> list[EventReminder]:
    """The reminders due now, one per confirmed person and event.

    A stage is due once ``starts_at - days_before`` has passed and the event
    has not begun. A person gets a stage only if their seat was confirmed
    before it fell due (who registers the day before gets no "in 7 days"
    reminder), and when several stages are due at once (the beat was down),
    only the latest one: nobody gets two reminders in one go.
    """
    now = now or timezone.now()
    due_stages: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    offsets = ReminderOffset.objects.filter(
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + LONGEST_OFFSET,
    ).values_list("event_id", "days_before", "event__starts_at")
    for event_id, days_before, starts_at in offsets:
        due_at = starts_at - timedelta(days=days_before)
        if due_at <= now:
            due_stages[event_id].append((days_before, due_at))
    if not due_stages:
        return []

    reminders = []
    registrations = Registration.objects.filter(
        event_id__in=due_stages, status=Registration.Status.CONFIRMED
    ).values_list("pk", "event_id", "user_id", "confirmed_at", "registered_at")
    for pk, event_id, user_id, confirmed_at, registered_at in registrations:
        seated_since = confirmed_at or registered_at
        stages = [days for days, due_at in due_stages[event_id] if due_at >= seated_since]
        if not stages:
            continue
        reminders.append(
            EventReminder(
                event_id=event_id,
                recipient_id=user_id,
                registration_id=pk,
                kind=Kind.REMINDER,
                stage=f"{min(stages)}d",
                created_at=now,
                next_attempt_at=now,
            )
        )
    return reminders


def claim_due_reminders(now: datetime | None = None) -> int:
    """Write a row for every due reminder; existing rows stay as they are."""
    reminders = due_reminders(now)
    claim(EventReminder, reminders)
    return len(reminders)


def deliverable(now: datetime) -> QuerySet[EventReminder]:
    """Rows that should still go out, with everything a message needs joined in.

    A reminder whose person cancelled, or whose event was cancelled or has
    begun since it was claimed, is no longer sent (it stays unsent).
    """
    still_relevant = ~Q(kind=Kind.REMINDER) | Q(
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        registration__status=Registration.Status.CONFIRMED,
    )
    return (
        EventReminder.objects.filter(still_relevant)
        .select_related("event", "event__host_municipality", "recipient", "registration")
        .prefetch_related(agenda_prefetch("event__agenda_items"))
    )


def deliver(now: datetime | None = None) -> DeliveryResult:
    now = now or timezone.now()
    return deliver_pending(deliverable(now), build_message, now=now)


# --- messages -------------------------------------------------------------------

_SUBJECTS = {
    Kind.REMINDER: gettext_noop("Erinnerung: %(title)s am %(date)s"),
    Kind.REGISTERED: gettext_noop("Anmeldung bestätigt: %(title)s"),
    Kind.WAITLISTED: gettext_noop("Warteliste: %(title)s"),
    Kind.PROMOTED: gettext_noop("Sie sind nachgerückt: %(title)s"),
    Kind.REGISTRATION_CANCELLED: gettext_noop("Ihre Anmeldung wurde storniert: %(title)s"),
    Kind.EVENT_CANCELLED: gettext_noop("Abgesagt: %(title)s"),
}
# Who holds a seat gets the meeting for their calendar, with the online link;
# a cancelled meeting comes with METHOD:CANCEL so calendars remove it.
_SEATED = {Kind.REMINDER, Kind.REGISTERED, Kind.PROMOTED}
_WITH_CALENDAR = _SEATED | {Kind.EVENT_CANCELLED}


def build_message(reminder: EventReminder) -> EmailMultiAlternatives:
    event = reminder.event
    with mail.german():
        subject = _(_SUBJECTS[reminder.kind]) % {
            "title": event.title,
            "date": timezone.localtime(event.starts_at).strftime("%d.%m.%Y"),
        }
    include_online_link = reminder.kind in _SEATED
    attachments = []
    if reminder.kind in _WITH_CALENDAR:
        method = "CANCEL" if event.status == Event.Status.CANCELLED else "PUBLISH"
        attachments.append(
            mail.Attachment(
                f"{event.slug}.ics",
                ical.event_calendar(event, include_private=include_online_link),
                f"text/calendar; method={method}",
            )
        )
    return mail.build(
        f"events/mail/{reminder.kind}",
        subject=subject,
        context={
            "kind": reminder.kind,
            "event": event,
            "recipient": reminder.recipient,
            "registration": reminder.registration,
            "agenda": list(event.agenda_items.all()),
            "event_url": ical.event_url(event),
            "include_online_link": include_online_link,
        },
        to=[reminder.recipient.email],
        attachments=attachments,
    )
