"""What the projects app shows on other apps' pages (registered in apps.py)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import ngettext

from core import cache
from core.formatting import euro
from members.models import Municipality
from projects import selectors
from projects.cache import CATALOGUE, PUBLIC
from projects.models import Adoption
from projects.selectors.reuse import Savings, municipality_savings, published_network_savings

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


# --- what reuse saved (issue 13) -------------------------------------------------------


def _network_savings() -> Savings:
    """The start page's figure: published projects only, the same for everyone,
    cached until the next change to projects, adoptions or reports."""
    return cache.get_or_compute(
        "network-savings", published_network_savings, depends_on=(CATALOGUE,), scope=PUBLIC
    )


def savings_figure() -> str:
    return euro(_network_savings().investment)


def savings_note() -> str:
    reports = _network_savings().reports
    return ngettext(
        "laut %(count)d Erfahrungsbericht",
        "laut %(count)d Erfahrungsberichten",
        reports,
    ) % {"count": reports}


def municipality_reuse(request: HttpRequest, *, municipality: Municipality) -> dict[str, Any]:
    """A municipality's page: what it avoided by reusing, what its projects saved others."""
    return {"municipality": municipality, **municipality_savings(municipality, request.user)}


def account_adoptions(request: HttpRequest) -> dict[str, Any] | None:
    """ "Mein Konto": what the own city reuses from others, and its status."""
    user = request.user
    if not (user.is_authenticated and user.is_municipal_staff and user.municipality_id):
        return None
    adoptions = list(
        Adoption.objects.filter(municipality_id=user.municipality_id)
        .select_related("project", "project__lead_municipality")
        .order_by("-updated_at", "-pk")[:ACCOUNT_LIMIT]
    )
    return {"adoptions": adoptions, "city": user.municipality}
