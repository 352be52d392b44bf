"""Admin for the coordinators (registered on import)."""

from funding.admin import grants, reminders

__all__ = ["grants", "reminders"]
