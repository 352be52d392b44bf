"""What the projects app shows on other apps' pages (registered in apps.py)."""

from typing import Any

from django.http import HttpRequest

from members.models import Municipality
from projects import selectors

ACCOUNT_LIMIT = 50  # newest first; the catalogue and the admin have the rest
HOME_LIMIT = 4


def account_projects(request: HttpRequest) -> dict[str, Any]:
    """ "Mein Konto": the own city's projects (staff) and the moderation queue (coordinators)."""
    user = request.user
    own = []
    if user.is_authenticated and user.is_municipal_staff:
        own = list(selectors.projects_of_municipality(user.municipality)[:ACCOUNT_LIMIT])
    queue = list(selectors.moderation_queue()[:ACCOUNT_LIMIT]) if user.is_coordinator else []
    return {"own_projects": own, "queue": queue, "user": user}


def municipality_projects(request: HttpRequest, *, municipality: Municipality) -> dict[str, Any]:
    """A municipality's page: the projects it leads, partners in and reuses."""
    return {
        "municipality": municipality,
        **selectors.municipality_sections(municipality=municipality, user=request.user),
    }


def home_projects(request: HttpRequest) -> dict[str, Any]:
    """The start page: the newest published projects (a lazy query: the
    template caches the list under the catalogue's topics)."""
    return {"newest_projects": selectors.newest_published_projects()[:HOME_LIMIT]}
