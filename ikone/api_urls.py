"""Everything under /api/: the versioned API of each app, schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

v1_patterns = [
    path("", include("members.api_urls")),
    path("", include("projects.api_urls")),
    path("", include("funding.api_urls")),
    path("", include("events.api_urls")),
]

urlpatterns = [
    path("v1/", include((v1_patterns, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script as a file (?script): no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
