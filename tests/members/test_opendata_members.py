"""/opendata/kommunen.csv|json (members.opendata): today's members, and a
Last-Modified that moves when a city joins or leaves."""

import csv
import io
import json
from datetime import timedelta

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import parse_http_date

from members.models import Municipality
from tests.members.factories import MunicipalityFactory


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def test_member_list(client, speyer, landau):
    MunicipalityFactory(
        name="Ausgetreten", slug="ausgetreten", joined_on="2019-04-25", left_on="2020-01-01"
    )
    rows = list(
        csv.reader(
            io.StringIO(body(client.get("/opendata/kommunen.csv")).decode("utf-8-sig")),
            delimiter=";",
        )
    )
    names = [row[1] for row in rows[1:]]
    assert "Speyer" in names and "Landau in der Pfalz" in names
    assert "Ausgetreten" not in names
    data = json.loads(body(client.get("/opendata/kommunen.json")))
    assert {item["ags"] for item in data} >= {"07318000", "07313000"}


def test_a_city_joining_today_moves_last_modified(client, speyer):
    before = client.get("/opendata/kommunen.csv")
    body(before)
    today = timezone.localdate()
    Municipality.objects.filter(pk=speyer.pk).update(
        joined_on=today, updated_at=timezone.now() - timedelta(days=30)
    )
    Municipality.objects.exclude(pk=speyer.pk).update(
        updated_at=timezone.now() - timedelta(days=30)
    )
    after = client.get("/opendata/kommunen.csv")
    body(after)
    midnight = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
    assert parse_http_date(after["Last-Modified"]) == int(midnight.timestamp())
