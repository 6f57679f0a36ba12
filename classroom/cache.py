"""Django's Redis cache, with one client per connection pool, that carries on when Redis is down.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call
(about 0.15 ms of setup each time); phones poll 150 times a second, so the client is built
once per pool here and shared (``redis.Redis`` is safe to share between threads: each command
takes a connection from the pool). Also gives :func:`counter_incr`, a single ``INCR``.

Terms:

outage
    Redis does not answer (refused, reset, timed out). Every cache call then answers as a miss
    (``get`` gives the default, ``set`` stores nothing), so each read falls back to the database:
    sessions are ``cached_db``, the version phones follow is on the session row. The site keeps
    answering, slower. For :data:`RETRY_AFTER` seconds after a failure no call tries Redis at
    all, so a dead Redis costs no time per request; then one call tries again.
recovery
    The first call that reaches Redis again after an outage empties this site's keys (by their
    prefix, never the broker's), because anything cached before the outage may be older than
    the database by now.

Each process logs the outage once when it starts and once when it ends, not per request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from django.core.cache import cache, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

REDIS_ERRORS: tuple[type[Exception], ...] = (redis.ConnectionError, redis.TimeoutError, OSError)
RETRY_AFTER = 2.0
SOCKET_TIMEOUT = 0.5


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


class Outage:
    """Whether Redis is taken to be down in this process, and since when it was last tried."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down_since: float | None = None
        self.tried_at = 0.0

    def skip(self) -> bool:
        """True while a recent failure says not to try Redis yet."""
        return self.down_since is not None and time.monotonic() - self.tried_at < RETRY_AFTER

    def failed(self, error: Exception) -> None:
        with self._lock:
            self.tried_at = time.monotonic()
            if self.down_since is None:
                self.down_since = self.tried_at
                logger.warning(
                    "Redis does not answer (%s): carrying on without the cache, reading the "
                    "database instead, until it answers again",
                    error,
                )

    def answered(self, backend: ResilientRedisCache) -> None:
        if self.down_since is None:
            return
        with self._lock:
            if self.down_since is None:
                return
            seconds = time.monotonic() - self.down_since
            self.down_since = None
        dropped = backend.keys_drop()
        logger.warning(
            "Redis answers again after %.0f s: %d cached keys dropped, the cache is in use again",
            seconds,
            dropped,
        )


class ResilientRedisCache(RedisCache):
    """The Redis cache, answering as a miss during an outage (see the module's terms)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = PooledRedisCacheClient
        self.outage = Outage()

    def guarded[T](self, call: Callable[[], T], fallback: T) -> T:
        if self.outage.skip():
            return fallback
        try:
            result = call()
        except REDIS_ERRORS as error:
            self.outage.failed(error)
            return fallback
        self.outage.answered(self)
        return result

    def keys_drop(self) -> int:
        """Delete every key of this site's prefix; how many there were."""
        try:
            client = self._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            for start in range(0, len(keys), 500):
                client.delete(*keys[start : start + 500])
        except REDIS_ERRORS as error:
            self.outage.failed(error)
            return 0
        return len(keys)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self.guarded(lambda: parent.add(key, value, timeout, version), False)

    def get(self, key, default=None, version=None):
        parent = super()
        return self.guarded(lambda: parent.get(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self.guarded(lambda: parent.set(key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self.guarded(lambda: parent.touch(key, timeout, version), False)

    def delete(self, key, version=None):
        parent = super()
        return self.guarded(lambda: parent.delete(key, version), False)

    def get_many(self, keys, version=None):
        parent = super()
        return self.guarded(lambda: parent.get_many(keys, version), {})

    def has_key(self, key, version=None):
        parent = super()
        return self.guarded(lambda: parent.has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        parent = super()
        missing = object()
        result: Any = self.guarded(lambda: parent.incr(key, delta, version), missing)
        if result is missing:
            raise ValueError(f"Key '{key}' not found: the cache is unavailable")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self.guarded(lambda: parent.set_many(data, timeout, version), list(data))

    def delete_many(self, keys, version=None):
        parent = super()
        return self.guarded(lambda: parent.delete_many(keys, version), None)

    def clear(self):
        parent = super()
        return self.guarded(parent.clear, None)


def cache_available() -> bool:
    """False while the default cache is a Redis that is taken to be down."""
    backend = caches["default"]
    return not (isinstance(backend, ResilientRedisCache) and backend.outage.down_since is not None)


def counter_incr(key: str) -> int | None:
    """Add one to a counter that never expires, creating it at 1: one round trip on Redis.
    None during an outage."""
    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache):
        # Redis creates a missing key at 0; Django stores integers unpickled, so get() reads it.
        def incr() -> int:
            client = backend._cache.get_client(key, write=True)
            return client.incr(backend.make_and_validate_key(key))

        return backend.guarded(incr, None)
    if cache.add(key, 1, timeout=None):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)
        return 1
