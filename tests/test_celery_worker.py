"""The ``celery_worker`` fixture runs tasks in a real worker process that uses the test database."""

import os
import uuid

from django.contrib.auth import get_user_model
from django.core.cache import cache

from classroom.celery import app
from tests.celery_probe import user_mark, worker_pid_store


def test_task_sent_with_delay_runs_in_the_worker_process(celery_worker, wait_until):
    key = f"probe-{uuid.uuid4().hex}"

    worker_pid_store.delay(key=key)

    pid = wait_until(lambda: cache.get(key), timeout=20, message="the worker to store its pid")
    assert pid == celery_worker.pid
    assert pid != os.getpid()


def test_worker_changes_a_row_the_test_committed(celery_worker, wait_until):
    user = get_user_model().objects.create_user("probe", "probe@example.org", "pw-for-tests")

    user_mark.delay(user_id=user.pk)

    def marked() -> bool:
        user.refresh_from_db()
        return user.last_name == f"worker-{celery_worker.pid}"

    wait_until(marked, timeout=20, message="the worker to mark the user")


def test_worker_consumes_only_this_runs_queue(celery_worker):
    replies = app.control.inspect(destination=[celery_worker.hostname], timeout=2).active_queues()

    assert [queue["name"] for queue in replies[celery_worker.hostname]] == [celery_worker.queue]
    assert celery_worker.queue == app.conf.task_default_queue != "celery"
