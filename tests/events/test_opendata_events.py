"""/opendata/termine.ics|csv|json (events.opendata): published and cancelled
meetings, never a draft, never the online link."""

import json

from django.http import StreamingHttpResponse

from events.models import Event
from tests.events.factories import EventFactory


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def test_meetings_without_online_links_and_drafts(client, speyer):
    EventFactory(
        title="Netzwerktreffen",
        slug="netzwerktreffen",
        online_url="https://meet.example/geheim",
        status=Event.Status.PUBLISHED,
    )
    EventFactory(title="Entwurf", slug="entwurf-termin", status=Event.Status.DRAFT)
    csv_text = body(client.get("/opendata/termine.csv")).decode("utf-8-sig")
    assert "Netzwerktreffen" in csv_text and "Entwurf" not in csv_text
    assert "meet.example" not in csv_text
    data = json.loads(body(client.get("/opendata/termine.json")))
    assert data[0]["online"] is True
    assert data[0]["beginn"].endswith(("+01:00", "+02:00"))
    calendar = body(client.get("/opendata/termine.ics")).decode()
    assert "BEGIN:VCALENDAR" in calendar and "meet.example" not in calendar
