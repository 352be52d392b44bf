from django.urls import path

from events import opendata, views
from events.feeds import EventFeed

app_name = "events"

urlpatterns = [
    path("opendata/termine.<str:extension>", opendata.events_download, name="opendata-events"),
    path("termine/", views.event_list, name="event-list"),
    path("termine/feed.ics", views.event_feed, name="event-feed"),
    path("termine/feed/", EventFeed(), name="event-atom"),
    path("termine/<slug:slug>/", views.event_detail, name="event-detail"),
    path("termine/<slug:slug>/kalender.ics", views.event_ical, name="event-ical"),
    path("termine/<slug:slug>/anmelden/", views.registration_create, name="registration-create"),
    path("termine/<slug:slug>/stornieren/", views.registration_cancel, name="registration-cancel"),
    path(
        "termine/<slug:slug>/teilnehmende.csv",
        views.participants_csv,
        name="participants-csv",
    ),
    path(
        "termine/<slug:slug>/anmeldungen/<int:pk>/stornieren/",
        views.participant_cancel,
        name="participant-cancel",
    ),
    path(
        "termine/<slug:slug>/anmeldungen/<int:pk>/teilgenommen/",
        views.participant_attended,
        name="participant-attended",
    ),
]
