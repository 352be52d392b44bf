"""Every write about meetings: registering, the waiting list, publishing, cancelling.

Each function locks the event row first (``SELECT ... FOR UPDATE``), so all
changes to one meeting's seats and waiting list happen one after the other:
capacity holds and waiting-list positions stay 1..n without gaps, however
many people press the button at the same moment. Each tells the cache that
the meeting changed (``events.cache.event_changed``).
"""

from events.services.meetings import (
    agenda_item_delete,
    agenda_item_save,
    event_cancel,
    event_publish,
    event_save,
    reminder_offset_delete,
    reminder_offset_save,
)
from events.services.registrations import (
    event_mark_attended,
    registration_cancel,
    registration_create,
    registration_mark_attended,
)

__all__ = [
    "agenda_item_delete",
    "agenda_item_save",
    "event_cancel",
    "event_mark_attended",
    "event_publish",
    "event_save",
    "registration_cancel",
    "registration_create",
    "registration_mark_attended",
    "reminder_offset_delete",
    "reminder_offset_save",
]
