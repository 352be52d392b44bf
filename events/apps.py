from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Termine")
    # Staff register through the services (pages, API), never through model
    # permissions; only the coordination runs meetings in the admin.
    role_permissions = {
        "Koordination": [
            "add_event",
            "change_event",
            "view_event",
            "add_agendaitem",
            "change_agendaitem",
            "delete_agendaitem",
            "view_agendaitem",
            "add_registration",
            "change_registration",
            "view_registration",
            "add_reminderoffset",
            "change_reminderoffset",
            "delete_reminderoffset",
            "view_reminderoffset",
            "view_eventreminder",
        ],
        "Ministerium": [],
        "Kommune": [],
    }

    def ready(self) -> None:
        from events import cache
        from events.models import Registration
        from ikone.cache_versions import connect_saves_and_deletes
        from members.models import Municipality, User

        # What invalidates the cached lists of participating cities (events.cache).
        connect_saves_and_deletes(cache.registration_saved, [Registration], uid="event-cities")
        connect_saves_and_deletes(cache.city_saved, [Municipality], uid="event-cities")
        connect_saves_and_deletes(cache.person_saved, [User], uid="event-cities")
