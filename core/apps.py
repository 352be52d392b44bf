from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer as an app, for its template tags and templates."""

    name = "core"
    default = True
    verbose_name = _("Grundlagen")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's admin site (coordinators only)."""

    default = False
    default_site = "core.admin.site.IkoneAdminSite"
