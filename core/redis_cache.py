"""Django's Redis cache backend, with one Redis client per server instead of
one per operation.

Django's ``RedisCacheClient.get_client`` makes a new ``redis.Redis`` for every
get, set or increment; each builds its table of some 200 response callbacks
(redis-py 8), which took about a quarter of a millisecond of CPU each time —
a request that reads its cache versions, a cached entry and its throttle
window asked for four to six of them. A client only borrows a connection from
its pool per command, so one per server serves every operation (Django keeps
a backend, and so these clients, per thread).
"""

from typing import Any

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's pool of the server (kept per server, never closed) and its
        # client class: private to the stubs, not to Django 5.2's backend.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[id(pool)] = client
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: Any, params: dict) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
