"""Entries read together with the versions of their topics (core.cache): one
round trip to Redis, whichever versions the request has read already."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from core import cache

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def round_trips(monkeypatch):
    """The commands sent to Redis (one per round trip, a pipeline as one)."""
    if not isinstance(caches["default"], RedisCache):
        pytest.skip("the cache is not Redis here")
    from redis.connection import AbstractConnection

    sent: list = []
    real_send = AbstractConnection.send_packed_command

    def send(self, command, check_health=True):
        sent.append(command)
        return real_send(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", send)
    return sent


@pytest.fixture
def in_request():
    seen, ahead = cache._seen.set({}), cache._ahead.set({})
    yield
    cache._ahead.reset(ahead)
    cache._seen.reset(seen)


def test_an_entry_comes_with_its_versions_in_one_round_trip(round_trips, in_request):
    cache.changed("read-a")  # version 2 (read in no request yet)
    cache.get_or_compute("one", lambda: "stored", depends_on=["read-a", "read-b"])
    cache._seen.get().clear()  # as the next request
    round_trips.clear()
    assert cache.get_or_compute("one", lambda: "x", depends_on=["read-a", "read-b"]) == "stored"
    assert len(round_trips) == 1
    # The versions are the request's now: the key as key() makes it, no round trip.
    assert cache._seen.get() == {"all": 1, "read-a": 2, "read-b": 1}
    round_trips.clear()
    entry_key, value = cache.lookup("one", depends_on=["read-a", "read-b"])
    assert (entry_key, value) == (cache.key("one", depends_on=["read-a", "read-b"]), "stored")
    assert len(round_trips) == 1  # the entry only


def test_a_topic_never_read_starts_at_one_and_rises_to_two(round_trips, in_request):
    assert cache.lookup("two", depends_on=["never-read"]) == (
        cache.key("two", depends_on=["never-read"]),
        None,
    )
    cache.changed("never-read")
    assert cache.versions(["never-read"]) == [2]


def test_entries_read_ahead_with_versions_read_before_and_not(round_trips, in_request):
    cache.get_or_compute("known", lambda: "k", depends_on=["ahead-a"], vary=[1])
    cache.get_or_compute("fresh", lambda: "f", depends_on=["ahead-a", "ahead-b"])
    cache._seen.get().pop("ahead-b")  # read before: ahead-a; not yet: ahead-b
    round_trips.clear()
    cache.prefetch(
        [
            ("known", ["ahead-a"], "public", [1]),
            ("fresh", ["ahead-a", "ahead-b"], "public", []),
            ("missing", ["ahead-b"], "public", []),
        ]
    )
    assert len(round_trips) == 1
    assert cache.get_or_compute("known", lambda: "x", depends_on=["ahead-a"], vary=[1]) == "k"
    assert cache.get_or_compute("fresh", lambda: "x", depends_on=["ahead-a", "ahead-b"]) == "f"
    assert cache.get_or_compute("missing", lambda: "m", depends_on=["ahead-b"]) == "m"
    assert len(round_trips) == 2  # storing the missing one


def test_many_entries_come_with_their_versions_in_one_round_trip(round_trips, in_request):
    entries = [((f"card-{n}",), (n,)) for n in range(5)]
    assert cache.get_or_compute_many("c", entries, lambda missing: missing) == [0, 1, 2, 3, 4]
    cache.changed("card-3")
    cache._seen.get().clear()
    round_trips.clear()
    assert cache.get_or_compute_many("c", entries, lambda missing: ["new"] * len(missing)) == [
        0,
        1,
        2,
        "new",
        4,
    ]
    assert len(round_trips) == 2  # read with the versions, store the new one
