from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from core import health, legal, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("impressum/", legal.imprint, name="imprint"),
    path("datenschutz/", legal.privacy, name="privacy"),
    path("barrierefreiheit/", legal.accessibility, name="accessibility"),
    # Without CSRF: switching the language changes nothing stored, and pages
    # without a token can be cached for everyone (projects.cache).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include("ikone.api_urls")),
    path("", include("members.urls")),
    path("", include("projects.urls")),
    path("", include("funding.urls")),
    path("", include("events.urls")),
    path("", include("core.opendata.urls")),
    # Following (projects.views.follows) keeps its own URL namespace "follows".
    path("", include("projects.follow_urls")),
]

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
