"""The Django admin of the portal: for coordinators only.

``is_staff`` alone is not enough: the admin is the coordinators' tool, so a
municipal or ministry account that somebody ticked ``is_staff`` on still gets
the admin's login page, just as an anonymous visitor does.
"""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog


class AdminJavaScriptCatalog(JavaScriptCatalog):
    """The admin's script strings, completed from ``locale/<lang>/djangojs.po``:
    Django's German catalogue lacks the newer strings of the selection boxes
    ("Choose all %s"), which would otherwise show in English."""

    def get_paths(self, packages):
        return [*super().get_paths(packages), *map(str, settings.LOCALE_PATHS)]


class IkoneAdminSite(admin.AdminSite):
    site_header = _("IKONE-Portal – Verwaltung")
    site_title = _("IKONE-Portal")
    index_title = _("Verwaltung des Netzwerks")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.is_coordinator

    def i18n_javascript(self, request, extra_context=None):
        return AdminJavaScriptCatalog.as_view(packages=["django.contrib.admin"])(request)
