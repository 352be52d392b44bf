from django.contrib.admin.apps import AdminConfig


class IkoneAdminConfig(AdminConfig):
    default_site = "ikone.admin.IkoneAdminSite"
