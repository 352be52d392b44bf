"""The Django admin of the portal: for coordinators only.

``is_staff`` alone is not enough: the admin is the coordinators' tool, so a
municipal or ministry account that somebody ticked ``is_staff`` on still gets
the admin's login page, just as an anonymous visitor does.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class IkoneAdminSite(admin.AdminSite):
    site_header = _("IKONE-Portal – Verwaltung")
    site_title = _("IKONE-Portal")
    index_title = _("Verwaltung des Netzwerks")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.is_coordinator
