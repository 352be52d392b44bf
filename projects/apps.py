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
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from members.models import Municipality
        from projects import models
        from projects.cache import invalidate_on_change

        # Every write the catalogue shows invalidates its cached pages.
        for model in (
            models.Project,
            models.Topic,
            models.Participation,
            models.Adoption,
            models.ProjectDocument,
            Municipality,
        ):
            post_save.connect(invalidate_on_change, sender=model, dispatch_uid=f"cat-{model}")
            post_delete.connect(invalidate_on_change, sender=model, dispatch_uid=f"cat-d-{model}")
        m2m_changed.connect(
            invalidate_on_change, sender=models.Project.topics.through, dispatch_uid="cat-topics"
        )
