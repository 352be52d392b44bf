from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from ikone import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("impressum/", TemplateView.as_view(template_name="pages/impressum.html"), name="imprint"),
    path("datenschutz/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path(
        "barrierefreiheit/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("ikone.api.urls")),
    path("", include("members.urls")),
    path("", include("projects.urls")),
    path("", include("funding.urls")),
    path("", include("events.urls")),
]

handler400 = "ikone.views.bad_request"
handler404 = "ikone.views.page_not_found"
handler500 = "ikone.views.server_error"
