"""The one cache policy (core.cache): versions rise after the commit of a write,
an entry is read only in the scope and language it was computed for."""

import pytest
from django.db import transaction
from django.utils import translation

from core import cache

pytestmark = pytest.mark.django_db(transaction=True)


def _compute(results: list, value):
    def compute():
        results.append(value)
        return value

    return compute


def test_an_entry_is_computed_once_until_a_topic_it_shows_changes():
    computed: list = []
    for _ in range(2):
        assert cache.get_or_compute("t", _compute(computed, 1), depends_on=["a"]) == 1
    assert computed == [1]
    cache.changed("b")  # another topic: still the entry
    assert cache.get_or_compute("t", _compute(computed, 2), depends_on=["a"]) == 1
    cache.changed("a")
    assert cache.get_or_compute("t", _compute(computed, 3), depends_on=["a"]) == 3


def test_the_version_rises_after_the_commit_and_not_for_a_rollback():
    computed: list = []
    assert cache.get_or_compute("t", _compute(computed, "old"), depends_on=["a"]) == "old"
    with transaction.atomic():
        cache.changed("a")
        # Inside the writing transaction the old version still holds ...
        assert cache.get_or_compute("t", _compute(computed, "x"), depends_on=["a"]) == "old"
    # ... after the commit the entry is computed anew.
    assert cache.get_or_compute("t", _compute(computed, "new"), depends_on=["a"]) == "new"

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        cache.changed("a")
        raise Undo
    assert cache.get_or_compute("t", _compute(computed, "again"), depends_on=["a"]) == "new"


def test_an_entry_is_read_in_its_own_scope_and_language_only():
    assert cache.get_or_compute("r", lambda: "all grants", depends_on=["f"], scope="all") == (
        "all grants"
    )
    assert cache.get_or_compute("r", lambda: "city 7", depends_on=["f"], scope="city-7") == (
        "city 7"
    )
    assert cache.get_or_compute("r", lambda: "x", depends_on=["f"], scope="all") == "all grants"
    with translation.override("en"):
        assert cache.get_or_compute("r", lambda: "English", depends_on=["f"], scope="all") == (
            "English"
        )
    assert cache.get_or_compute("r", lambda: "y", depends_on=["f"], vary=[2], scope="all") == "y"


def test_changed_everything_reaches_every_entry():
    cache.get_or_compute("e", lambda: 1, depends_on=["p"])
    cache.get_or_compute("e", lambda: 1, depends_on=[])
    cache.changed_everything()
    assert cache.get_or_compute("e", lambda: 2, depends_on=["p"]) == 2
    assert cache.get_or_compute("e", lambda: 2, depends_on=[]) == 2


def test_a_request_reads_the_versions_once_and_sees_its_own_writes(client, monkeypatch):
    from django.core.cache import cache as django_cache

    reads: list = []
    real_get_many = django_cache.get_many
    monkeypatch.setattr(
        django_cache, "get_many", lambda keys: reads.append(keys) or real_get_many(keys)
    )
    token = cache._seen.set({})
    try:
        first = cache.key("a", depends_on=["x", "y"])
        reads.clear()
        cache.key("b", depends_on=["x", "y"])
        assert reads == []  # the request has them already
        cache.changed("x")  # this request's own write, committed at once
        assert cache.key("a", depends_on=["x", "y"]) != first
    finally:
        cache._seen.reset(token)
    assert client.get("/").status_code == 200  # the middleware sets and resets it
    assert cache._seen.get() is None


def test_bytes_are_cached_as_they_are_under_the_same_rules():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    computed: list = []
    document = '{"label":"Zweibrücken"}'.encode()
    for _ in range(2):
        assert cache.get_or_compute_bytes("b", _compute(computed, document), depends_on=["a"]) == (
            document
        )
    assert computed == [document]
    backend = caches["default"]
    if isinstance(backend, RedisCache):  # stored unpickled: the very bytes
        entry_key = backend.make_and_validate_key(cache.key("b", depends_on=["a"]))
        assert backend._cache.get_client(entry_key).get(entry_key) == document
    cache.changed("a")
    assert cache.get_or_compute_bytes("b", _compute(computed, b"{}"), depends_on=["a"]) == b"{}"
    assert cache.get_or_compute_bytes("b", _compute(computed, b"[]"), depends_on=["a"]) == b"{}"


def test_a_version_rises_by_one_from_one_never_read():
    cache.changed("fresh")  # never read: from 1 to 2
    assert cache.versions(["fresh"]) == [2]
    cache.changed("fresh")
    assert cache.versions(["fresh", "never"]) == [3, 1]


def test_the_redis_backend_keeps_one_client_per_server():
    from django.core.cache import caches

    from core.redis_cache import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("the cache is not Redis here")
    client = backend._cache.get_client("a", write=True)
    assert backend._cache.get_client("b") is client
    backend.set("one-client", {"x": 1})
    assert backend.get("one-client") == {"x": 1}
