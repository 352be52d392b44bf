from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MODELS = ("topic", "project", "participation", "adoption", "projectdocument")


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
        ],
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
        from django.db.models.signals import m2m_changed

        from ikone.cache_versions import connect_saves_and_deletes
        from members.models import Municipality
        from projects import models
        from projects.cache import invalidate_on_change

        # Every write the catalogue shows invalidates its cached pages.
        shown = (
            models.Project,
            models.Topic,
            models.Participation,
            models.Adoption,
            models.ProjectDocument,
            Municipality,
        )
        connect_saves_and_deletes(invalidate_on_change, shown, uid="catalogue")
        m2m_changed.connect(
            invalidate_on_change, sender=models.Project.topics.through, dispatch_uid="cat-topics"
        )
