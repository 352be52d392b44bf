"""Network meetings: events, their agenda, registrations and reminders.

Rules that change several rows (register, cancel, promote from the waiting
list, publish, cancel an event) live in ``events.services``; the models hold
the data, the database constraints and the reads a template needs.
"""

from events.models.events import DEFAULT_REMINDER_DAYS, AgendaItem, Event, EventQuerySet
from events.models.registrations import Registration
from events.models.reminders import EventReminder, ReminderOffset

__all__ = [
    "DEFAULT_REMINDER_DAYS",
    "AgendaItem",
    "Event",
    "EventQuerySet",
    "EventReminder",
    "Registration",
    "ReminderOffset",
]
