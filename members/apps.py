from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    from members.roles import sync_role_groups

    sync_role_groups(Group, Permission, apps.get_app_configs())


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Mitglieder")
    role_permissions = {
        "Koordination": [
            "add_municipality",
            "change_municipality",
            "delete_municipality",
            "view_municipality",
            "add_user",
            "change_user",
            # through members.services.people: the city's records stay
            "delete_user",
            "view_user",
            "change_apitoken",
            "delete_apitoken",
            "view_apitoken",
            "view_auditentry",
        ],
        "Ministerium": ["view_municipality"],
        "Kommune": ["view_municipality"],
    }

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core.registry import KeyFigure, registry
        from members import schema  # noqa: F401 - registers the OpenAPI auth scheme
        from members.middleware import mark_session_start
        from members.opendata import MUNICIPALITIES_DATASET
        from members.selectors import member_count

        user_logged_in.connect(mark_session_start, dispatch_uid="members.mark_session_start")

        # After auth has created the permissions of every app (it connects
        # earlier), hand them to the role groups.
        post_migrate.connect(_sync_roles, dispatch_uid="members.sync_role_groups")

        registry.add_key_figure(KeyFigure(10, _("Mitgliedskommunen"), member_count, name="members"))
        registry.add_dataset(MUNICIPALITIES_DATASET)
