"""Under CI=true the suite runs against the real services: PostgreSQL, Redis and Chromium."""

import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from classroom.celery import app
from tests.support import CHROMIUM, IN_CI

pytestmark = pytest.mark.skipif(not IN_CI, reason="only checked in CI")


def test_database_is_postgresql_and_answers(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_cache_is_redis_and_answers():
    cache = caches["default"]
    key = f"ci-probe-{uuid.uuid4().hex}"

    assert isinstance(cache, RedisCache)
    assert cache._cache.get_client().ping()
    cache.set(key, "here", timeout=30)
    assert cache.get(key) == "here"


def test_celery_sends_tasks_through_redis():
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=3)


def test_chromium_is_installed():
    assert CHROMIUM.exists()
