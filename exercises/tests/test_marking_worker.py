"""Submissions are marked once by real Celery workers: through a burst, a worker killed with
SIGKILL, and the broker's Redis killed and started again.

Terms:

- **burst**: many participants submitting one after another, faster than a worker marks.
- **in flight**: a submission stored ``queued`` whose task is in the broker, or ``running``
  in a worker.
- **graded write**: a committed ``UPDATE`` that leaves a submission ``graded``. A PostgreSQL
  trigger the test installs counts them, so "marked once" is read from the database itself:
  exactly one graded write per row, whatever ``tries`` says about how often a task began.
- **closed gate**: a trigger the test installs makes every write of ``graded`` first take a
  shared advisory lock, which the test holds exclusively from another connection. While the
  gate is closed a marking task has committed ``running`` and computed the marks, and waits
  to store them; submitting is not held. So the test, not the speed of the machine, decides
  which submissions are in flight when it kills something.

The first test uses the suite's shared worker. The other two start a private Redis, a private
worker (two prefork processes, as in production) and a private beat running the schedule of
settings (:mod:`tests.processes`). Their submissions go through ``submission_create`` in a
short-lived Django process whose settings point at the private Redis, in the place of a web
worker: its own after-commit send reaches the private broker. This test process's Celery app
points at the shared Redis, where the suite's shared worker would take the tasks.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from celery import Celery
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from classroom import services as core
from classroom.models import LiveSession, Participant
from exercises import services
from exercises.checker import mark
from exercises.models import ExerciseRun, Submission
from exercises.tasks import submission_mark_task
from tests.celery_probe import worker_pid_store
from tests.processes import (
    Process,
    RestartableRedis,
    celery_beat_start,
    celery_env,
    celery_worker_prefork_start,
    private_redis_restartable,
    process_children,
    process_gone,
    process_kill,
    process_stop,
)
from tests.support import BASE_DIR, database_url_of_test_database, require_service

from .test_services import HOUSE, key_answers

Status = Submission.Status
SWEEP = "exercise-submissions-sweep"
CONCURRENCY = 2
# A restarted worker's start, a reconnection to a restarted Redis and a task's own latency, on
# a busy two-core machine.
MARGIN = 20.0

AUDIT_CREATE = """
CREATE TABLE marking_test_graded_writes (submission_id bigint NOT NULL);
CREATE FUNCTION marking_test_graded_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'graded' THEN
        INSERT INTO marking_test_graded_writes (submission_id) VALUES (NEW.id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER marking_test_graded_write AFTER UPDATE ON exercises_submission
    FOR EACH ROW EXECUTE FUNCTION marking_test_graded_write();
"""
AUDIT_DROP = """
DROP TRIGGER IF EXISTS marking_test_graded_write ON exercises_submission;
DROP FUNCTION IF EXISTS marking_test_graded_write();
DROP TABLE IF EXISTS marking_test_graded_writes;
"""
GATE_KEY = 2010  # any number: advisory locks belong to one database
GATE_CREATE = f"""
CREATE FUNCTION marking_test_gate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'graded' THEN
        PERFORM pg_advisory_xact_lock_shared({GATE_KEY});
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER marking_test_gate BEFORE UPDATE ON exercises_submission
    FOR EACH ROW EXECUTE FUNCTION marking_test_gate();
"""
GATE_DROP = """
DROP TRIGGER IF EXISTS marking_test_gate ON exercises_submission;
DROP FUNCTION IF EXISTS marking_test_gate();
"""

# A web worker's part, in a process of its own whose settings name the private Redis.
SUBMIT = """
import json, sys
import django
django.setup()
from classroom.models import Participant
from exercises import services
from exercises.models import ExerciseRun
order = json.load(sys.stdin)
run = ExerciseRun.objects.select_related("exercise", "session").get(pk=order["run"])
for participant_id, values in order["answers"]:
    participant = Participant.objects.get(pk=participant_id)
    services.submission_create(run=run, participant=participant, values=values)
"""


def _sweep_period() -> float:
    schedule = settings.CELERY_BEAT_SCHEDULE[SWEEP]["schedule"]
    return schedule.total_seconds() if isinstance(schedule, timedelta) else float(schedule)


def _recovery_timeout() -> float:
    """How long a lost submission may take to be marked: stale after ``STALE_AFTER``, sent
    again by the next sweep, marked."""
    return services.STALE_AFTER.total_seconds() + _sweep_period() + MARGIN


def _guests(session: LiveSession, count: int) -> list[Participant]:
    return [
        core.participant_join_guest(session=session, display_name=f"Student {n:02d}")
        for n in range(count)
    ]


def _answers(participants: list[Participant]) -> dict[int, dict[str, str]]:
    """Right answers, except every fourth participant's, whose loss is wrong."""
    return {
        p.pk: key_answers(HOUSE, loss="0.5") if n % 4 == 3 else key_answers(HOUSE)
        for n, p in enumerate(participants)
    }


def _with_status(run: ExerciseRun, status: str) -> set[int]:
    return set(Submission.objects.filter(run=run, status=status).values_list("pk", flat=True))


def _running_once_each_process_began(run: ExerciseRun) -> Callable[[], set[int]]:
    """The rows being marked, once there is one per pool process (else an empty set)."""

    def running() -> set[int]:
        found = _with_status(run, Status.RUNNING)
        return found if len(found) == CONCURRENCY else set()

    return running


def _finished_at(run: ExerciseRun) -> dict[int, object]:
    return dict(Submission.objects.filter(run=run).values_list("pk", "finished_at"))


def _all_graded(run: ExerciseRun, count: int) -> Callable[[], bool]:
    def graded() -> bool:
        return len(_with_status(run, Status.GRADED)) == count

    return graded


@pytest.fixture
def graded_writes(transactional_db) -> Iterator[Callable[[], dict[int, int]]]:
    """Returns a function giving, per submission, the number of graded writes committed."""
    if connection.vendor != "postgresql":
        require_service("needs PostgreSQL (set DATABASE_URL=postgres://...): a trigger counts")
    with connection.cursor() as cursor:
        cursor.execute(AUDIT_CREATE)

    def counts() -> dict[int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT submission_id, count(*) FROM marking_test_graded_writes"
                " GROUP BY submission_id"
            )
            return dict(cursor.fetchall())

    yield counts
    with connection.cursor() as cursor:
        cursor.execute(AUDIT_DROP)


def _assert_marked_once(
    run: ExerciseRun,
    answers: dict[int, dict[str, str]],
    graded_writes: dict[int, int],
    *,
    retried: AbstractSet[int] = frozenset(),
) -> None:
    """One graded row per participant, its marks written once and equal to the checker's;
    ``tries`` is 1, or 2 for the rows in ``retried`` (a task killed after it began)."""
    rows = list(Submission.objects.filter(run=run).select_related("variant"))
    assert sorted(row.participant_id for row in rows) == sorted(answers)
    for row in rows:
        where = f"submission {row.pk} ({row.status}, tries {row.tries})"
        assert row.status == Status.GRADED and row.finished_at and row.score is not None, where
        assert graded_writes.get(row.pk) == 1, f"{where}: {graded_writes.get(row.pk)} writes"
        assert row.tries == (2 if row.pk in retried else 1), where
        assert row.answers == answers[row.participant_id], where
        marking = mark(services.spec_of(row.variant), row.answers)
        assert row.marks == json.loads(json.dumps([m.to_json() for m in marking.fields])), where
        assert row.score == pytest.approx(marking.score), where
        right = answers[row.participant_id] == key_answers(HOUSE)
        assert (row.score == pytest.approx(1.0)) is right, where


@pytest.fixture
def gate_closed(transactional_db) -> Iterator[Callable[[], AbstractContextManager[None]]]:
    """Returns a context manager that keeps the gate (see the module's terms) closed."""
    if connection.vendor != "postgresql":
        require_service("needs PostgreSQL (set DATABASE_URL=postgres://...): a trigger holds")
    with connection.cursor() as cursor:
        cursor.execute(GATE_CREATE)

    @contextmanager
    def closed() -> Iterator[None]:
        with psycopg.connect(database_url_of_test_database(), autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s)", [GATE_KEY])
            yield
        # Closing the connection opened the gate.

    yield closed
    with connection.cursor() as cursor:
        cursor.execute(GATE_DROP)


@dataclass
class PrivateCelery:
    """A private Redis with the worker and beat a test starts on it."""

    redis: RestartableRedis
    env: dict[str, str]
    control: Celery
    directory: Path
    wait_until: Callable[..., object]
    processes: list[Process] = field(default_factory=list)

    def beat_started(self) -> Process:
        beat = celery_beat_start(
            schedule=self.directory / "beat-schedule",
            env=self.env,
            log=self.directory / "beat.log",
        )
        self.processes.append(beat)
        return beat

    def worker_started(self, hostname: str) -> Process:
        worker = celery_worker_prefork_start(
            hostname=hostname,
            env=self.env,
            log=self.directory / f"{hostname}.log",
            concurrency=CONCURRENCY,
        )
        self.processes.append(worker)

        def answers() -> bool:
            if worker.exited():
                raise AssertionError(f"the worker exited:\n{worker.log_tail()}")
            return bool(self.control.control.ping(destination=[hostname], timeout=0.5))

        self.wait_until(answers, timeout=60, message=f"worker {hostname} to answer")
        return worker

    def submit(self, run: ExerciseRun, answers: dict[int, dict[str, str]]) -> str:
        """``submission_create`` for each participant, in a Django process on the private
        Redis (see the module's docstring); returns what that process logged."""
        order = {"run": run.pk, "answers": list(answers.items())}
        done = subprocess.run(
            [sys.executable, "-c", SUBMIT],
            input=json.dumps(order),
            text=True,
            capture_output=True,
            cwd=BASE_DIR,
            env=self.env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"submitting failed:\n{done.stderr[-3000:]}"
        return done.stderr

    def unacked_submissions(self) -> set[int]:
        """The submissions whose marking tasks a worker took and never acknowledged."""
        import redis

        client = redis.Redis.from_url(self.redis.url)
        try:
            payloads = [json.loads(value)[0] for value in client.hvals("unacked")]
        finally:
            client.close()
        return {
            ast.literal_eval(p["headers"]["argsrepr"])[0]
            for p in payloads
            if p["headers"]["task"] == "exercises.tasks.submission_mark_task"
        }

    @contextmanager
    def logs_on_failure(self) -> Iterator[None]:
        try:
            yield
        except AssertionError as error:
            logs = [f"--- {p.log.name} ---\n{p.log_tail()}" for p in self.processes]
            logs.append(f"--- redis.log ---\n{(self.directory / 'redis.log').read_text()}")
            raise AssertionError(f"{error}\n" + "\n".join(logs)) from error


@pytest.fixture
def private_celery(tmp_path, transactional_db, wait_until) -> Iterator[PrivateCelery]:
    if connection.vendor != "postgresql":
        require_service("needs PostgreSQL (set DATABASE_URL=postgres://...): several processes")
    with private_redis_restartable(tmp_path) as server:
        stack = PrivateCelery(
            redis=server,
            env=celery_env(database_url=database_url_of_test_database(), redis_url=server.url),
            # Not the current app: shared tasks would then be bound to it.
            control=Celery("control", broker=server.url, set_as_current=False),
            directory=tmp_path,
            wait_until=wait_until,
        )
        try:
            yield stack
        finally:
            for process in reversed(stack.processes):
                process_stop(process.process)
            stack.control.close()


def test_a_burst_of_submissions_is_marked_once_by_the_worker(
    open_run, session, celery_worker, graded_writes, wait_until
):
    """Thirty submit through ``submission_create``; the suite's worker marks each once, and
    marks nothing again when every task is delivered a second time."""
    participants = _guests(session, 30)
    answers = _answers(participants)
    for participant in participants:
        services.submission_create(
            run=open_run, participant=participant, values=answers[participant.pk]
        )
    wait_until(
        _all_graded(open_run, len(participants)),
        timeout=60,
        interval=0.1,
        message=f"{len(participants)} submissions to be marked\n{celery_worker.log_tail()}",
    )
    finished = _finished_at(open_run)

    # Every task delivered again, as Redis does once its visibility timeout has passed for a
    # task a dead worker took. The worker runs its queue in order, so once the probe sent last
    # has run, so has every task sent before it.
    for pk in finished:
        submission_mark_task.delay(pk)
    probe = f"marking-probe-{uuid.uuid4().hex}"
    worker_pid_store.delay(key=probe)
    wait_until(lambda: cache.get(probe), timeout=60, message="the tasks sent again to run")
    _assert_marked_once(open_run, answers, graded_writes())
    assert _finished_at(open_run) == finished


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_burst_loses_nothing_and_marks_nothing_twice(
    open_run, session, private_celery, graded_writes, gate_closed, wait_until
):
    """Ten are marked; thirty more are submitted with the gate closed, so each pool process has
    begun one (``running``) and the rest wait in the broker. The worker is killed with
    SIGKILL, and another started: the queued ones are its at once; the two killed tasks stay
    unacknowledged in Redis for the visibility timeout, so only beat's sweep (the schedule of
    settings) sends their rows again, once ``STALE_AFTER`` has passed."""
    celery = private_celery
    participants = _guests(session, 40)
    answers = _answers(participants)
    first = dict(list(answers.items())[:10])
    rest = dict(list(answers.items())[10:])
    with celery.logs_on_failure():
        celery.beat_started()
        killed = celery.worker_started("first@localhost")
        celery.submit(open_run, first)
        wait_until(_all_graded(open_run, 10), timeout=30, message="the first ten to be marked")

        with gate_closed():
            celery.submit(open_run, rest)
            running = wait_until(
                _running_once_each_process_began(open_run),
                timeout=30,
                message=f"{CONCURRENCY} marking tasks to begin",
            )
            children = process_children(killed.process.pid)
            assert len(children) == CONCURRENCY, children
            process_kill(killed.process)
            deadline = time.monotonic() + _recovery_timeout()
            wait_until(
                lambda: all(process_gone(pid) for pid in children),
                timeout=10,
                message="the killed worker's pool processes to die with it",
            )
        # Let go only now: the killed tasks' connections have nothing left to write.
        assert len(_with_status(open_run, Status.GRADED)) == 10
        assert len(_with_status(open_run, Status.QUEUED)) == len(rest) - CONCURRENCY
        assert celery.unacked_submissions() == running, "the killed tasks are not in Redis"

        celery.worker_started("second@localhost")
        wait_until(
            _all_graded(open_run, len(participants)),
            timeout=deadline - time.monotonic(),
            interval=0.2,
            message="every submission to be marked after the kill",
        )
        _assert_marked_once(open_run, answers, graded_writes(), retried=running)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_brokers_redis_restarted_mid_burst_every_submission_is_marked(
    open_run, session, private_celery, graded_writes, gate_closed, wait_until
):
    """Ten are marked; sixteen more are submitted with the gate closed, so two are being marked
    and fourteen wait in the broker. The private Redis is killed (nothing persisted: the
    queue is lost) and the two finish without it; two more are submitted while it is down
    (their send fails and is logged); it is started again on the same port. Beat's sweep
    sends every lost row again, and each is marked once."""
    celery = private_celery
    participants = _guests(session, 28)
    answers = _answers(participants)
    items = list(answers.items())
    first, in_broker, during = dict(items[:10]), dict(items[10:26]), dict(items[26:])
    with celery.logs_on_failure():
        celery.beat_started()
        celery.worker_started("worker@localhost")
        celery.submit(open_run, first)
        wait_until(_all_graded(open_run, 10), timeout=30, message="the first ten to be marked")

        with gate_closed():
            celery.submit(open_run, in_broker)
            wait_until(
                _running_once_each_process_began(open_run),
                timeout=30,
                message=f"{CONCURRENCY} marking tasks to begin",
            )
            assert len(_with_status(open_run, Status.QUEUED)) == len(in_broker) - CONCURRENCY
            celery.redis.kill()
        logged = celery.submit(open_run, during)
        assert "did not take exercises.tasks.submission_mark_task" in logged, logged
        # The two begun finish without a broker; the rest wait as rows only.
        wait_until(
            _all_graded(open_run, len(first) + CONCURRENCY),
            timeout=10,
            message="the tasks begun before the outage to finish",
        )
        waiting = len(in_broker) - CONCURRENCY + len(during)
        assert len(_with_status(open_run, Status.QUEUED)) == waiting
        celery.redis.start()

        wait_until(
            _all_graded(open_run, len(participants)),
            timeout=_recovery_timeout(),
            interval=0.2,
            message="every submission to be marked after Redis came back",
        )
        _assert_marked_once(open_run, answers, graded_writes())
