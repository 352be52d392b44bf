"""Coordinators run meetings in the admin: agenda, reminder offsets, registrations.

Every change goes through ``events.services`` (capacity, waiting list, iCal
SEQUENCE, notifications); status changes only through the actions.
"""

from events.admin.meetings import EventAdmin
from events.admin.registrations import EventReminderAdmin, RegistrationAdmin

__all__ = ["EventAdmin", "EventReminderAdmin", "RegistrationAdmin"]
