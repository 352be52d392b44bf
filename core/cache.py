"""The one cache policy: entries under versioned keys, invalidated by services.

Everything the portal caches — catalogue pages and results, fragments of a
project's page, funding reports, a meeting's cities — is stored under a key
that contains

- the entry's *name* (what it is: ``"catalogue-results"``, ``"funding-summary"``);
- the current version of every *topic* it shows (``"catalogue"``,
  ``"municipalities"``, ``"funding"``, ``"event:12"``, …) and of ``"all"``;
- the reader's *scope* (``"public"``, ``"all"``, ``"city-12"``), which the
  caller takes from the same permission function its selector filters with,
  so an entry computed for one scope is never read by another;
- the active language and a digest of the parameters (``vary``).

When a rule changes what a topic shows, the service that writes calls
``changed(topic)``. Nothing else invalidates: no signals, no side effects in
lock helpers. The version rises **after the commit**, once:

- a reader that computes an entry fixes its key (with the versions) before it
  reads the rows; one that straddles the commit stores its result under the
  old version, which nobody reads again;
- rows of a transaction that is rolled back never end up under a version
  anybody reads (raising it before the commit would let a reader inside the
  window store uncommitted, later rolled-back rows under the new version);
- no page renders cached content inside a write transaction: views call a
  service and redirect, so the next request reads after the commit.

Every entry expires after TIMEOUT at the latest, a safety net for a lost
version increment (Redis restarted); the versions themselves never expire.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar, cast

from django.core.cache import cache, caches
from django.core.cache.backends.base import default_key_func
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.utils import translation

TIMEOUT = 10 * 60
EVERYTHING = "all"
_PREFIX = "v"

T = TypeVar("T")
_MISSING = object()


def _version_key(topic: str) -> str:
    return f"{_PREFIX}:{topic}"


# The versions a request has read, so that the several cached parts of one
# page ask Redis once (VersionsPerRequest); None outside a request.
_seen: ContextVar[dict[str, int] | None] = ContextVar("core_cache_versions", default=None)
# Entries a page read ahead in one round trip (``prefetch``), by key; _MISSING
# for those not cached. None outside a request.
_ahead: ContextVar[dict[str, Any] | None] = ContextVar("core_cache_ahead", default=None)


def versions(topics: Iterable[str]) -> list[int]:
    """The current version of each topic (1 for one never changed), in one round
    trip — or none, within a request that has read them already."""
    topics = list(topics)
    seen = _seen.get()
    known: dict[str, int] = {} if seen is None else seen
    wanted = {_version_key(topic): topic for topic in topics if topic not in known}
    if wanted:
        found = cache.get_many(list(wanted))
        missing = [key for key in wanted if key not in found]
        for key in missing:
            cache.add(key, 1, timeout=None)
        if missing:
            found.update(cache.get_many(missing))
        known.update({topic: found.get(key, 1) for key, topic in wanted.items()})
    return [known[topic] for topic in topics]


def _redis(entry_key: str) -> tuple[Any, str] | None:
    """The Redis client and the backend's own key for ``entry_key``, or None
    on another backend (tests without Redis use the local memory cache)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    full_key = backend.make_and_validate_key(entry_key)
    return backend._cache.get_client(full_key, write=True), full_key


def _raise(topic: str) -> None:
    key = _version_key(topic)
    redis = _redis(key)
    if redis is not None:
        # One round trip, not Django's two of incr() (EXISTS, then INCRBY):
        # a version never read yet starts at 1 and rises to 2, as add(key, 2)
        # below; integers are stored as they are, so get_many reads them.
        client, full_key = redis
        with client.pipeline(transaction=False) as pipe:
            pipe.set(full_key, 1, nx=True)
            pipe.incr(full_key)
            pipe.execute()
    else:
        try:
            cache.incr(key)
        except ValueError:  # never read yet: nothing is cached under it
            cache.add(key, 2, timeout=None)
    seen = _seen.get()
    if seen is not None:
        seen.pop(topic, None)  # this request's own write: read the new version next


class VersionsPerRequest:
    """Middleware: a request reads each topic's version from Redis at most once.
    What another process raises meanwhile counts from the next request on, as
    if this one had been a moment earlier."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token, ahead = _seen.set({}), _ahead.set({})
        try:
            return self.get_response(request)
        finally:
            _ahead.reset(ahead)
            _seen.reset(token)


def changed(*topics: str) -> None:
    """What ``topics`` show has changed: their entries are out of date once the
    surrounding transaction commits (at once outside of one)."""
    for topic in dict.fromkeys(topics):
        transaction.on_commit(partial(_raise, topic))


def changed_everything() -> None:
    """For writes that bypass the services (loading demo or synthetic data)."""
    changed(EVERYTHING)


def key(
    name: str,
    *,
    depends_on: Iterable[str],
    scope: str = "public",
    vary: Iterable[Any] = (),
) -> str:
    """The key of entry ``name`` for the current versions, scope and language."""
    topics = [EVERYTHING, *depends_on]
    return _key(name, versions(topics), scope, vary)


def _key(name: str, current: list[int], scope: str, vary: Iterable[Any]) -> str:
    head, tail = _key_parts(name, scope, vary, translation.get_language() or "")
    return f"{head}{'.'.join(str(version) for version in current)}{tail}"


def _key_parts(name: str, scope: str, vary: Iterable[Any], language: str) -> tuple[str, str]:
    """An entry's key without its versions: before them and after them."""
    digest = hashlib.sha256(repr(tuple(vary)).encode()).hexdigest()[:32]
    return f"{name}:", f":{scope}:{language}:{digest}"


Entry = tuple[str, Sequence[str], str, Sequence[Any]]  # name, depends_on, scope, vary

# Entries with the versions of their topics this request has not read yet,
# in one round trip (an entry's key holds the versions only Redis knows).
# KEYS: those versions (one never read starts at 1, as in ``versions``);
# ARGV: the entries' keys, "\x01<i>\x02" in place of KEYS[i]'s version.
_READ_WITH_VERSIONS = r"""
local read, found = {}, {}
for i, key in ipairs(KEYS) do
    read[i] = redis.call('GET', key)
    if not read[i] then redis.call('SET', key, 1); read[i] = '1' end
end
for e, template in ipairs(ARGV) do
    local entry_key = template:gsub('\1(%d+)\2', function(i) return read[tonumber(i)] end)
    found[e] = redis.call('GET', entry_key)
end
return {read, found}
"""


def _read(entries: Sequence[Entry]) -> tuple[list[str], dict[str, Any]]:
    """The keys of ``entries`` for the current versions, and those of them
    cached by key: on Redis in one round trip, versions not read yet included."""
    seen = _seen.get()
    known: dict[str, int] = {} if seen is None else seen
    topics_of = [(EVERYTHING, *depends_on) for _name, depends_on, _scope, _vary in entries]
    unknown = list(dict.fromkeys(t for topics in topics_of for t in topics if t not in known))
    language = translation.get_language() or ""
    parts = [_key_parts(name, scope, vary, language) for name, _d, scope, vary in entries]
    backend = caches["default"]
    values = None
    if unknown and isinstance(backend, RedisCache) and backend.key_func is default_key_func:
        current: dict[str, Any] = known | {t: f"\x01{i}\x02" for i, t in enumerate(unknown, 1)}
        templates = [
            backend.make_key(f"{head}{'.'.join(str(current[t]) for t in topics)}{tail}")
            for (head, tail), topics in zip(parts, topics_of, strict=True)
        ]
        client = backend._cache.get_client(write=True)
        script = client.register_script(_READ_WITH_VERSIONS)
        version_keys = [backend.make_key(_version_key(t)) for t in unknown]
        read, values = script(keys=version_keys, args=templates)
        current = known | {t: int(version) for t, version in zip(unknown, read, strict=True)}
        if seen is not None:
            seen.update(current)
    else:
        current = known | dict(zip(unknown, versions(unknown), strict=True))
    keys = [
        f"{head}{'.'.join(str(current[topic]) for topic in topics)}{tail}"
        for (head, tail), topics in zip(parts, topics_of, strict=True)
    ]
    if values is None:
        return keys, cache.get_many(keys)
    # Django's serializer of the backend (private to the stubs, not to Django 5.2).
    loads = cast(RedisCache, backend)._cache._serializer.loads  # type: ignore[attr-defined]
    return keys, {k: loads(v) for k, v in zip(keys, values, strict=True) if v is not None}


def get_or_compute(
    name: str,
    compute: Callable[[], T],
    *,
    depends_on: Iterable[str],
    scope: str = "public",
    vary: Iterable[Any] = (),
) -> T:
    """The cached entry, or ``compute()``'s result, stored for the next reader.

    One round trip (the entry with its topics' versions), on a miss two, not
    Django's ``get_or_set``'s three, which reads back what it stored in case
    another reader stored first: under one version any entry is as good as
    another, and the one just computed is at hand (a funding report by city
    is 5 MB at --scale 3)."""
    entry_key, value = _lookup((name, tuple(depends_on), scope, tuple(vary)))
    return _stored_if_missing(entry_key, value, compute)


def _lookup(entry: Entry) -> tuple[str, Any]:
    """The entry's key and value (_MISSING if not cached), read ahead or now."""
    name, depends_on, scope, vary = entry
    seen, ahead = _seen.get() or {}, _ahead.get() or {}
    topics = (EVERYTHING, *depends_on)
    if all(topic in seen for topic in topics):
        entry_key = _key(name, [seen[topic] for topic in topics], scope, vary)
        if entry_key in ahead:
            return entry_key, ahead.pop(entry_key)
        return entry_key, cache.get(entry_key, _MISSING)
    [entry_key], found = _read([entry])
    return entry_key, found.get(entry_key, _MISSING)


def lookup(
    name: str, *, depends_on: Iterable[str], scope: str = "public", vary: Iterable[Any] = ()
) -> tuple[str, Any]:
    """The key of entry ``name`` and the entry, None if not cached: for an
    entry stored only under a condition (``store``), read ahead or at once."""
    entry_key, value = _lookup((name, tuple(depends_on), scope, tuple(vary)))
    return entry_key, None if value is _MISSING else value


def _stored_if_missing(entry_key: str, value: Any, compute: Callable[[], T]) -> T:
    """``value`` as read, or on a miss ``compute()``'s result, stored."""
    if value is _MISSING:
        value = compute()
        cache.add(entry_key, value, TIMEOUT)
    return cast(T, value)


def prefetch(entries: Iterable[Entry]) -> None:
    """Read ahead the entries a page is about to ask ``get_or_compute`` or
    ``lookup`` for — ``(name, depends_on, scope, vary)`` as it will pass them
    — in one round trip with their topics' versions, not one per entry. Each
    entry read ahead is used once, within this request; one the page asks for
    with other arguments is simply read then. Outside a request: nothing."""
    ahead = _ahead.get()
    if ahead is None:
        return
    keys, found = _read(list(entries))
    ahead.update({entry_key: found.get(entry_key, _MISSING) for entry_key in keys})


def get_or_compute_bytes(
    name: str,
    compute: Callable[[], bytes],
    *,
    depends_on: Iterable[str],
    scope: str = "public",
    vary: Iterable[Any] = (),
) -> bytes:
    """``get_or_compute`` for an entry that is bytes already (a report's JSON as
    PostgreSQL wrote it): under the same key and rules, but on Redis stored
    as they are instead of pickled — pickling copies a value of megabytes
    once more on the way in and unpickling on the way out. Such an entry is
    read through this function only."""
    entry_key = key(name, depends_on=depends_on, scope=scope, vary=vary)
    redis = _redis(entry_key)
    if redis is None:
        return _stored_if_missing(entry_key, cache.get(entry_key, _MISSING), compute)
    client, full_key = redis
    found = client.get(full_key)
    if found is not None:
        return cast(bytes, found)
    value = compute()
    client.set(full_key, value, ex=TIMEOUT, nx=True)
    return value


def get_or_compute_many(
    name: str,
    entries: Sequence[tuple[Sequence[str], Any]],
    compute: Callable[[list[int]], list[T]],
    *,
    scope: str = "public",
) -> list[T]:
    """Many entries of one kind at once, each under its own topics: ``entries``
    are ``(depends_on, vary)`` pairs, ``compute(indexes)`` returns the values
    of those not cached, in that order.

    Two round trips whatever their number: the entries with the versions of
    their topics, and storing the missing ones. So a list of twenty cards, each
    under its project's version, re-renders only the card whose project changed.
    """
    keys, found = _read([(name, depends_on, scope, vary) for depends_on, vary in entries])
    missing = [index for index, entry_key in enumerate(keys) if entry_key not in found]
    if missing:
        computed = compute(missing)
        fresh = {keys[index]: value for index, value in zip(missing, computed, strict=True)}
        cache.set_many(fresh, TIMEOUT)
        found.update(fresh)
    return [cast(T, found[entry_key]) for entry_key in keys]


def store(entry_key: str, value: Any) -> None:
    """For entries stored only under a condition (a page answered 200)."""
    cache.set(entry_key, value, TIMEOUT)


def count_hit(counter: str, *, period: int) -> int:
    """Count one hit under ``counter``, a window that ends ``period`` seconds
    after its first hit, and return the hits so far.

    On Redis one round trip (INCR and EXPIRE NX in a pipeline) — the rate limit
    asks this on every anonymous request; Django's ``incr`` would ask whether
    the key exists first, and ``add`` again in a new window.
    """
    redis = _redis(counter)
    if redis is not None:
        client, entry_key = redis
        with client.pipeline(transaction=False) as pipe:
            pipe.incr(entry_key)
            pipe.expire(entry_key, period, nx=True)
            count, _ = pipe.execute()
        return int(count)
    backend = caches["default"]
    try:
        return backend.incr(counter)
    except ValueError:  # the window's first hit
        if backend.add(counter, 1, timeout=period):
            return 1
        return backend.incr(counter)


# A sliding window as DRF's throttles keep it (a request counts for `period`
# seconds; one over the limit is refused and not counted), as a sorted set of
# the request times, pruned and counted and added to in one round trip.
_SLIDING_WINDOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local count = redis.call('ZCARD', KEYS[1])
if count >= tonumber(ARGV[3]) then
    return {count, redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]}
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return {count + 1}
"""


def window_hit(
    counter: str, *, now: float, limit: int, period: int
) -> tuple[int, float | None] | None:
    """Count a hit at ``now`` in the sliding window ``counter`` of ``period``
    seconds unless ``limit`` hits are in it already. Returns the hits in the
    window (with this one, if counted) and, when refused, the time of the
    oldest hit; None where the cache is not Redis (the caller counts itself)."""
    redis = _redis(counter)
    if redis is None:
        return None
    client, entry_key = redis
    script = client.register_script(_SLIDING_WINDOW)
    member = f"{now!r}:{secrets.token_hex(4)}"  # two hits at one time are two
    answer = script(keys=[entry_key], args=[repr(now), repr(now - period), limit, member, period])
    return int(answer[0]), (float(answer[1]) if len(answer) > 1 else None)
