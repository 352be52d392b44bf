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
        from core import reminders
        from core.registry import DigestSection, KeyFigure, PersonalData, Section, registry
        from events import notifications, opendata, personal_data, sections, selectors

        registry.add_personal_data(
            PersonalData(40, "events", personal_data.collect, personal_data.release)
        )

        reminders.register_outbox("events", notifications.deliverable)

        registry.add_key_figure(
            KeyFigure(40, _("Anstehende Termine"), selectors.upcoming_event_count)
        )
        registry.add_account_section(
            Section(20, "events/partials/my_registrations.html", sections.my_registrations)
        )
        registry.add_home_section(
            Section(20, "events/partials/home_events.html", sections.home_events)
        )
        registry.add_municipality_section(
            Section(20, "events/partials/municipality_events.html", sections.municipality_events)
        )
        registry.add_dataset(opendata.EVENTS)
        registry.add_digest_section(
            DigestSection(30, "meetings", "events/mail/digest_meetings", sections.digest_meetings)
        )
