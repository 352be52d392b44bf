"""The three roles of the network, held as Django groups.

Staff of a member city (*Kommune*), the coordinators at KL.digital
(*Koordination*) and the ministry (*Ministerium*). Code asks the user object
(``user.is_coordinator``); the names appear only here, in migrations and in
the demo.

Each app declares the model permissions its roles hold as ``role_permissions``
on its AppConfig; ``sync_role_groups`` gives them to the groups after every
``migrate`` (and every test-database flush).
"""

from django.utils.translation import gettext_lazy as _

MUNICIPAL_STAFF = "Kommune"
COORDINATION = "Koordination"
MINISTRY = "Ministerium"

ROLE_NAMES = (MUNICIPAL_STAFF, COORDINATION, MINISTRY)
ROLE_LABELS = {
    MUNICIPAL_STAFF: _("Mitarbeitende einer Mitgliedskommune"),
    COORDINATION: _("Koordination"),
    MINISTRY: _("Ministerium"),
}


def declared_permissions(app_configs) -> dict[str, set[tuple[str, str]]]:
    """{role: {(app_label, codename)}} from every app's ``role_permissions``."""
    declared: dict[str, set[tuple[str, str]]] = {role: set() for role in ROLE_NAMES}
    for app_config in app_configs:
        for role, codenames in getattr(app_config, "role_permissions", {}).items():
            declared[role].update((app_config.label, codename) for codename in codenames)
    return declared


def sync_role_groups(group_model, permission_model, app_configs) -> None:
    """Create the role groups and grant exactly the declared permissions."""
    for role, wanted in declared_permissions(app_configs).items():
        group, _created = group_model.objects.get_or_create(name=role)
        labels = {label for label, _codename in wanted}
        available = {
            (p.content_type.app_label, p.codename): p
            for p in permission_model.objects.filter(
                content_type__app_label__in=labels
            ).select_related("content_type")
        }
        group.permissions.set([available[key] for key in sorted(wanted) if key in available])
