"""Django's Redis cache, with one client object per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call
(about 0.15 ms of setup each time); phones poll 150 times a second, so the client is built
once per pool here and shared (``redis.Redis`` is safe to share between threads: each command
takes a connection from the pool). Also gives :func:`counter_incr`, a single ``INCR``.
"""

from __future__ import annotations

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PooledRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class PooledRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledRedisCacheClient


def counter_incr(key: str) -> int:
    """Add one to a counter that never expires, creating it at 1: one round trip on Redis."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # Redis creates a missing key at 0; Django stores integers unpickled, so get() reads it.
        client = backend._cache.get_client(key, write=True)
        return client.incr(backend.make_and_validate_key(key))
    if cache.add(key, 1, timeout=None):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)
        return 1
