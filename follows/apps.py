from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = _("Folgen und Benachrichtigungen")
    # Everyone changes their own follows through the pages and the API; the
    # coordination sees what was sent.
    role_permissions = {
        "Koordination": ["view_notice", "view_digest"],
        "Ministerium": [],
        "Kommune": [],
    }

    def ready(self) -> None:
        from core import reminders
        from core.registry import PersonalData, Section, registry
        from follows import changes, digests, notices, personal_data, sections, tasks
        from members.audit import after_logged

        reminders.register_outbox("follows-notices", notices.deliverable)
        reminders.register_outbox("follows-digests", digests.deliverable)
        after_logged(changes.ACTIONS, tasks.dispatch_after_commit)
        registry.add_personal_data(
            PersonalData(50, "follows", personal_data.collect, personal_data.release)
        )
        registry.add_account_section(
            Section(5, "follows/partials/account_changes.html", sections.account_changes)
        )
        registry.add_account_section(
            Section(40, "follows/partials/account_follows.html", sections.account_follows)
        )
        registry.add_municipality_section(
            Section(1, "follows/partials/follow_button.html", sections.municipality_button)
        )
        registry.add_slot_section(
            "project-actions",
            Section(10, "follows/partials/follow_button.html", sections.project_button),
        )
        registry.add_slot_section(
            "catalogue-actions",
            Section(10, "follows/partials/follow_button.html", sections.topic_button),
        )
