"""A timed question closes even when the worker holding its close task is killed.

A private Redis, worker and beat (:mod:`tests.processes`) stand in for production: beat runs
the schedule of settings, the worker takes the question's close task, is killed with SIGKILL
while holding it, and is started again. The lost task stays unacknowledged in Redis for the
broker's visibility timeout, so only beat's sweep can close the question, within its period.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from classroom.celery import app
from quizzes import services
from quizzes.models import QuizRun
from quizzes.tasks import question_close_due
from tests.processes import (
    celery_beat_start,
    celery_env,
    celery_worker_start,
    private_redis,
    process_kill,
    process_stop,
)
from tests.support import database_url_of_test_database, require_service

SWEEP = "quiz-questions-close-overdue"
CLOSE_TASK = question_close_due.name
# The restarted worker may take a moment to run a sweep beat has sent: a task's own latency,
# on a busy two-core machine.
TASK_LATENCY = 3.0


def _sweep_period() -> float:
    schedule = settings.CELERY_BEAT_SCHEDULE[SWEEP]["schedule"]
    return schedule.total_seconds() if isinstance(schedule, timedelta) else float(schedule)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_question_whose_close_task_died_with_the_worker_closes_within_the_sweep_period(
    run, tmp_path, wait_until
):
    if connection.vendor != "postgresql":
        require_service("needs PostgreSQL (set DATABASE_URL=postgres://...): two processes")
    import redis

    period = _sweep_period()
    with private_redis(tmp_path) as redis_url:
        env = celery_env(database_url=database_url_of_test_database(), redis_url=redis_url)
        broker = redis.Redis.from_url(redis_url)
        # Not the current app: shared tasks would then be bound to it, with its default queue.
        control = Celery("control", broker=redis_url, set_as_current=False)
        processes = []

        def worker_started(hostname: str):
            worker = celery_worker_start(
                hostname=hostname, env=env, log=tmp_path / f"{hostname}.log"
            )
            processes.append(worker)

            def answers() -> bool:
                if worker.exited():
                    raise AssertionError(f"the worker exited:\n{worker.log_tail()}")
                return bool(control.control.ping(destination=[hostname], timeout=0.5))

            wait_until(answers, timeout=60, message=f"worker {hostname} to answer")
            return worker

        def holds_close_task() -> bool:
            return any(CLOSE_TASK.encode() in payload for payload in broker.hvals("unacked"))

        try:
            processes.append(
                celery_beat_start(
                    schedule=tmp_path / "beat-schedule", env=env, log=tmp_path / "beat.log"
                )
            )
            first = worker_started("first@localhost")

            run = services.question_open(run=run, time_limit_seconds=6)
            with app.connection_for_write(redis_url) as producer_connection:
                question_close_due.apply_async(
                    args=[run.pk],
                    eta=run.deadline + services.GRACE,
                    connection=producer_connection,
                )
            wait_until(holds_close_task, timeout=10, message="the worker to take the close task")
            process_kill(first.process)
            run.refresh_from_db()
            assert run.state == QuizRun.State.OPEN, "the close task ran before the kill"

            worker_started("second@localhost")
            assert holds_close_task(), "the lost close task came back: nothing to prove"
            due_in = (run.deadline + services.GRACE - timezone.now()).total_seconds()

            def closed() -> bool:
                run.refresh_from_db()
                return run.state == QuizRun.State.CLOSED

            wait_until(
                closed,
                timeout=max(due_in, 0) + period + TASK_LATENCY,
                interval=0.2,
                message=f"the sweep (every {period:g} s) to close the question",
            )
            assert run.closed_at == run.deadline + services.GRACE
        except AssertionError as error:
            logs = "\n".join(f"--- {p.log.name} ---\n{p.log_tail()}" for p in processes)
            raise AssertionError(f"{error}\n{logs}") from error
        finally:
            for process in reversed(processes):
                process_stop(process.process)
            control.close()
            broker.close()
