from django.urls import path
from rest_framework.routers import SimpleRouter

from events.api import EventRegistrationView, EventViewSet

router = SimpleRouter()
router.register("events", EventViewSet, basename="event")

urlpatterns = [
    path(
        "events/<slug:slug>/registration/",
        EventRegistrationView.as_view(),
        name="event-registration",
    ),
    *router.urls,
]
