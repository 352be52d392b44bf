from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class IkoneConfig(AppConfig):
    """The project package as an app: project-wide management commands
    (``generate_scale_data``) that may use every other app."""

    name = "ikone"
    verbose_name = "IKONE"
    default = True


class IkoneAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "ikone.admin.IkoneAdminSite"
