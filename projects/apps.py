from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MODELS = (
    "freshnessinterval",
    "currentreminder",
    "topic",
    "project",
    "participation",
    "adoption",
    "projectdocument",
    "synonymgroup",
    "wordpart",
    "question",
    "answer",
    "experiencereport",
)


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projekte")
    # Model permissions of the roles (admin access is for coordinators only;
    # the portal's own rules live in projects.permissions).
    role_permissions = {
        "Koordination": [
            f"{action}_{model}"
            for model in _MODELS
            for action in ("add", "change", "delete", "view")
        ]
        # Everyone changes their own follows through the pages and the API;
        # the coordination sees what was sent.
        + ["view_notice", "view_digest"],
        "Ministerium": ["view_topic", "view_project", "view_participation", "view_adoption"],
        "Kommune": [
            "view_topic",
            "view_project",
            "add_project",
            "change_project",
            "view_participation",
            "view_adoption",
            "add_adoption",
            "change_adoption",
            "view_projectdocument",
            "add_projectdocument",
        ],
    }

    def ready(self) -> None:
        from core import reminders
        from core.registry import KeyFigure, PersonalData, Section, registry
        from members.audit import after_logged
        from projects import (
            digests,
            follow_changes,
            follow_personal_data,
            follow_sections,
            freshness,
            notices,
            opendata,
            personal_data,
            sections,
            selectors,
            tasks,
        )

        reminders.register_outbox("projects-current", freshness.deliverable)
        registry.add_personal_data(
            PersonalData(20, "projects", personal_data.collect, personal_data.release)
        )

        registry.add_key_figure(
            KeyFigure(20, _("Projekte im Katalog"), selectors.published_project_count)
        )
        registry.add_key_figure(KeyFigure(30, _("Nachnutzungen"), selectors.active_adoption_count))
        registry.add_key_figure(
            KeyFigure(
                40,
                _("Durch Nachnutzung vermieden"),
                sections.savings_figure,
                note=sections.savings_note,
            )
        )
        registry.add_account_section(
            Section(10, "projects/partials/account_projects.html", sections.account_projects)
        )
        registry.add_account_section(
            Section(12, "projects/partials/account_adoptions.html", sections.account_adoptions)
        )
        registry.add_municipality_section(
            Section(
                10, "projects/partials/municipality_projects.html", sections.municipality_projects
            )
        )
        registry.add_home_section(
            Section(10, "projects/partials/home_projects.html", sections.home_projects)
        )
        registry.add_municipality_section(
            Section(15, "projects/partials/municipality_reuse.html", sections.municipality_reuse)
        )
        registry.add_dataset(opendata.PROJECTS)
        registry.add_dataset(opendata.SOFTWARE)

        # Following topics, municipalities and projects: notices, the weekly
        # digest and the follow buttons (docs/architecture.md, "Following").
        reminders.register_outbox("follows-notices", notices.deliverable)
        reminders.register_outbox("follows-digests", digests.deliverable)
        after_logged(follow_changes.ACTIONS, tasks.dispatch_after_commit)
        registry.add_personal_data(
            PersonalData(50, "follows", follow_personal_data.collect, follow_personal_data.release)
        )
        registry.add_account_section(
            Section(
                5, "projects/follows/partials/account_changes.html", follow_sections.account_changes
            )
        )
        registry.add_account_section(
            Section(
                40,
                "projects/follows/partials/account_follows.html",
                follow_sections.account_follows,
            )
        )
        registry.add_municipality_section(
            Section(
                1,
                "projects/follows/partials/follow_button.html",
                follow_sections.municipality_button,
            )
        )
        registry.add_slot_section(
            "project-actions",
            Section(
                10, "projects/follows/partials/follow_button.html", follow_sections.project_button
            ),
        )
        registry.add_slot_section(
            "catalogue-actions",
            Section(
                10, "projects/follows/partials/follow_button.html", follow_sections.topic_button
            ),
        )
