from django.urls import path

from projects.views import follows as views

app_name = "follows"

urlpatterns = [
    path(
        "folgen/<str:kind>/<slug:slug>/",
        views.follow_toggle,
        name="follow-toggle",
    ),
    path("konto/folgen/<int:pk>/", views.follow_update, name="follow-update"),
    path("konto/wochenueberblick/", views.network_digest, name="network-digest"),
    path("abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
