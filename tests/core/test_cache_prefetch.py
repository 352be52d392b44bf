"""Entries a page reads ahead in one round trip (core.cache.prefetch)."""

import pytest

from core import cache

pytestmark = pytest.mark.django_db(transaction=True)


def _compute(results: list, value):
    def compute():
        results.append(value)
        return value

    return compute


def test_entries_read_ahead_are_used_once_and_stay_versioned(monkeypatch):
    from django.core.cache import cache as django_cache

    computed: list = []
    cache.get_or_compute("t", _compute(computed, "old"), depends_on=["a"], vary=[1])
    cache.prefetch([("t", ["a"], "public", [1])])  # outside a request: nothing read
    seen, ahead = cache._seen.set({}), cache._ahead.set({})
    singles: list = []
    real_get = django_cache.get
    monkeypatch.setattr(django_cache, "get", lambda *a, **k: singles.append(a) or real_get(*a, **k))
    try:
        cache.prefetch([("t", ["a"], "public", [1]), ("u", ["a"], "public", [])])
        assert (
            cache.get_or_compute("t", _compute(computed, "x"), depends_on=["a"], vary=[1]) == "old"
        )
        # Not cached: computed without asking Redis again.
        assert cache.get_or_compute("u", _compute(computed, "u"), depends_on=["a"]) == "u"
        assert singles == []
        # Each entry read ahead serves one read; the next one asks Redis.
        assert (
            cache.get_or_compute("t", _compute(computed, "y"), depends_on=["a"], vary=[1]) == "old"
        )
        assert len(singles) == 1
    finally:
        cache._ahead.reset(ahead)
        cache._seen.reset(seen)
    cache.changed("a")
    assert cache.get_or_compute("t", _compute(computed, "new"), depends_on=["a"], vary=[1]) == "new"
    assert computed == ["old", "u", "new"]
