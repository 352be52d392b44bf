"""Anonymous page requests are limited per client address (a German 429 page);
logged-in people, static files, the health check and the API are not."""

import pytest
from django.core.cache import caches

from core.cache import count_hit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_rate(settings):
    settings.ANON_PAGE_RATE = "5/minute"


def test_an_address_gets_a_429_page_after_its_rate_and_others_do_not(client):
    for _ in range(5):
        assert client.get("/kommunen/").status_code == 200
    response = client.get("/projekte/", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "Zu viele Anfragen" in page and 'lang="de"' in page
    assert client.get("/kommunen/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_behind_a_proxy_the_client_address_counts(client, settings):
    settings.PROXY_COUNT = 1
    for number in range(8):
        forwarded = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{number}", "REMOTE_ADDR": "10.0.0.1"}
        assert client.get("/kommunen/", **forwarded).status_code == 200


def test_logged_in_people_files_health_and_api_are_not_limited(
    actor_client, speyer_staff, client, settings
):
    # WhiteNoise serves collected files; a clean checkout has none, so it looks in
    # static/ directly (read when the test client builds its middleware).
    settings.WHITENOISE_USE_FINDERS = True
    staff = actor_client(speyer_staff)
    for _ in range(8):
        assert staff.get("/kommunen/").status_code == 200
        assert client.get("/healthz").status_code == 200
        assert client.get("/api/v1/topics/").status_code == 200
        assert client.get("/static/css/ikone.css").status_code == 200


def test_a_window_counts_hits_and_ends_period_seconds_after_its_first():
    backend = caches["default"]
    counter = "rate:test:window"
    backend.delete(counter)
    assert [count_hit(counter, period=30) for _ in range(3)] == [1, 2, 3]
    entry_key = backend.make_and_validate_key(counter)
    client = backend._cache.get_client(entry_key)
    first_ttl = client.ttl(entry_key)
    assert 0 < first_ttl <= 30
    client.expire(entry_key, 5)  # later hits do not extend the window
    count_hit(counter, period=30)
    assert client.ttl(entry_key) <= 5
    assert backend.get(counter) == 4  # readable through the cache API as well
    backend.delete(counter)
