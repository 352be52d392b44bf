from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from core.registry import key_figures_and_names, registry, render_sections


def home(request: HttpRequest) -> HttpResponse:
    figures, named = key_figures_and_names()
    return render(
        request,
        "pages/home.html",
        {
            "figures": figures,
            # The text about the network names the same number as the figure.
            "member_count": named.get("members"),
            "sections": render_sections(registry.home_sections, request),
        },
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: its context processors may need the
    # database, which may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Django's own 400 (too many form fields, a forged host) under /api/ is JSON too.
    if _is_api(request):
        return JsonResponse({"detail": _("Ungültige Anfrage.")}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # A URL under /api/ that matches no endpoint (``/api/v1/grants/0.5/``)
    # answers like every other API error: JSON, not the HTML page.
    if _is_api(request):
        return JsonResponse({"detail": _("Nicht gefunden.")}, status=404)
    return defaults.page_not_found(request, exception)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")
