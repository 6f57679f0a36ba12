"""Tasks that exist only for the tests: the ``celery_worker`` fixture loads this module into
the worker (``--include``), and ``tests/test_celery_worker.py`` sends them there.
"""

import os

from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.cache import cache


@shared_task
def worker_pid_store(*, key: str) -> None:
    """Write the pid of the process that ran the task into the cache under ``key``."""
    cache.set(key, os.getpid(), timeout=300)


@shared_task
def user_mark(*, user_id: int) -> None:
    """Set the user's last name to ``worker-<pid>``; a user who is gone is left alone."""
    get_user_model().objects.filter(pk=user_id).update(last_name=f"worker-{os.getpid()}")
