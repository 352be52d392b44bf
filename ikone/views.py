from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from events.selectors import upcoming_event_count
from members.selectors import member_count
from projects.selectors import active_adoption_count, published_project_count


def key_figures() -> list[dict]:
    """The network's figures on the start page."""
    return [
        {"value": member_count(), "label": _("Mitgliedskommunen")},
        {"value": published_project_count(), "label": _("Projekte im Katalog")},
        {"value": active_adoption_count(), "label": _("Nachnutzungen")},
        {"value": upcoming_event_count(), "label": _("Anstehende Termine")},
    ]


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"figures": key_figures()})


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: its context processors may need the
    # database, which may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
