"""How an exercise's submission holds up: 300 phones submit one full exercise within two seconds.

Runs the site in its production shape (gunicorn, PostgreSQL, Redis, DEBUG off) and a real Celery
worker (prefork, two processes) on 127.0.0.1, joins the phones as guests through the real join
form (each with its own session and CSRF token), opens an exercise of
``exercises/specs/house_price.json`` in a live session (``bench/fixture.py``), and measures

A. the submission: every phone posts the right answer to every asked field
   (``POST /exercise/live/<code>/runs/<run_id>/submit/``, CSRF-checked, htmx, the fields named
   by their checker paths) at a random moment of the same ``--window`` seconds, and sends it
   again as ``static/classroom/receipts.js`` does when it has no answer within 10 s (or a 5xx or
   429); each is stored ``queued`` and marked by the worker; PostgreSQL is then read until no
   row is left to mark
   (at most ``--timeout`` seconds): rows stored and graded, duplicates, and the time from the
   burst's start until the last row was marked (its ``finished_at``, on the database's clock);
B. a baseline through the same middleware, once marking is over: the same phones post, in the
   same pattern, to ``POST /bench/baseline-insert/`` (``bench/baseline_insert.py``), which
   inserts one row (the baseline ``bench/quiz_burst.py`` uses).

Targets (issue 10): every submission graded once, the last within 10 s of the burst's start,
the submit's p95 within 2x the baseline's. gunicorn and the worker are always stopped.
Run: .venv/bin/python bench/exercise_burst.py [--phones 300] [--window 2]  (bench/README.md)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import secrets
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import httpx
import psycopg
from celery import Celery

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.poll import (  # noqa: E402
    BASE_DIR,
    HOST,
    BenchError,
    PhaseStats,
    Phone,
    Sample,
    _bounded_float,
    _bounded_int,
    _database_name,
    _quantile,
    bench_site,
    log_tail,
    phones_join,
    process_cpu_seconds,
    run_step,
    server_stop,
    shared_client,
    verdict,
)
from bench.quiz_burst import _csrf_of, _table_create, latency_table  # noqa: E402

# The queue gunicorn sends the marking tasks to and the worker takes them from (both read it
# from the environment through the settings), distinct from any other run's.
QUEUE = "bench-exercise"
GRADED_WITHIN = 10.0  # seconds from the burst's start until the last submission is marked
RATIO_TARGET = 2.0  # the submit's p95 against the baseline insert's
PENDING = ("queued", "running")
# A phone's form is sent by static/classroom/receipts.js: a request without an answer within
# TIMEOUT_MS, or answered 5xx or 429, is sent again after each of BACKOFF_MS in turn.
RECEIPT_TIMEOUT = 10.0
RECEIPT_BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=_bounded_int(1, 2000), default=300)
    parser.add_argument(
        "--window",
        type=_bounded_float(0.1, 60),
        default=2.0,
        help="seconds within which every phone submits",
    )
    parser.add_argument("--workers", type=_bounded_int(1, 32), default=4)
    parser.add_argument("--threads", type=_bounded_int(1, 64), default=8)
    parser.add_argument("--connections", type=_bounded_int(1, 2000), default=64)
    parser.add_argument(
        "--concurrency",
        type=_bounded_int(1, 16),
        default=2,
        help="the Celery worker's prefork processes",
    )
    parser.add_argument(
        "--nice",
        type=_bounded_int(0, 19),
        default=10,
        help="the worker's niceness (make run starts it at 10; 0 to compete with the requests)",
    )
    parser.add_argument(
        "--timeout",
        type=_bounded_float(1, 600),
        default=60.0,
        help="seconds to wait after the burst for every submission to be marked",
    )
    parser.add_argument("--database", type=_database_name, default="classroom_bench_exercise")
    parser.add_argument("--redis-db", type=_bounded_int(1, 15), default=7)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="afterwards (gunicorn and the worker stopped), time and profile single submits",
    )
    parser.add_argument("--make-fixture", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile-submits", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- the bursts ----------------------------------------------------------------------------


@dataclass
class Burst:
    samples: list[Sample]  # one per phone: from its first send until the answer that ended it
    first_sent: float
    last_done: float
    resent: Counter = field(default_factory=Counter)  # why a request was sent again


async def receipt_burst(
    client: httpx.AsyncClient,
    phones: list[Phone],
    path: str,
    data_for: Callable[[Phone], dict],
    window: float,
) -> Burst:
    """Every phone posts once, at a random moment of ``window`` seconds from now, as its
    receipts.js does: the request abandoned after ``RECEIPT_TIMEOUT`` s, and sent again (same
    body, same idempotency key) after no answer, a 5xx or a 429, with its backoff."""
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2
    samples: list[Sample] = []
    resent: Counter = Counter()

    async def one(phone: Phone) -> None:
        await asyncio.sleep(max(start + random.uniform(0, window) - loop.time(), 0))
        headers = {
            "Cookie": phone.cookie,
            "X-CSRFToken": _csrf_of(phone),
            "HX-Request": "true",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        sent = loop.time()
        for wait in (*RECEIPT_BACKOFF, None):
            try:
                response = await asyncio.wait_for(
                    client.post(path, data=data_for(phone), headers=headers), RECEIPT_TIMEOUT
                )
                status, why = response.status_code, str(response.status_code)
            except TimeoutError:
                status, why = 0, f"no answer within {RECEIPT_TIMEOUT:g} s"
            except httpx.HTTPError as exc:
                status, why = 0, type(exc).__name__
            if not (status == 0 or status >= 500 or status == 429) or wait is None:
                break
            resent[why] += 1
            await asyncio.sleep(wait)
        samples.append(Sample(sent, loop.time() - sent, status))

    limit = window + (len(RECEIPT_BACKOFF) + 1) * RECEIPT_TIMEOUT + sum(RECEIPT_BACKOFF) + 30
    await asyncio.wait_for(asyncio.gather(*(one(p) for p in phones)), timeout=limit)
    return Burst(
        samples=samples,
        first_sent=min(s.started for s in samples),
        last_done=max(s.started + s.latency for s in samples),
        resent=resent,
    )


# --- the Celery worker ---------------------------------------------------------------------


def worker_command(concurrency: int, hostname: str, nice: int = 0) -> list[str]:
    # As `make run` starts it: the marking worker yields the cores to the requests (nice), so a
    # burst of submissions is answered first and marked as the cores come free.
    return [
        *(["nice", "-n", str(nice)] if nice else []),
        sys.executable, "-m", "celery", "-A", "classroom", "worker",
        "--pool", "prefork", "--concurrency", str(concurrency), "--queues", QUEUE,
        "--hostname", hostname, "--loglevel", "WARNING",
    ]  # fmt: skip


def worker_wait(
    process: subprocess.Popen, hostname: str, broker_url: str, log: Path, timeout: float = 60
) -> None:
    """Until the worker answers a ping through the broker (it then consumes its queue)."""
    deadline = time.monotonic() + timeout
    with Celery("bench-exercise-control", broker=broker_url) as control:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise BenchError(
                    f"the Celery worker exited with {process.returncode}:\n{log_tail(log)}"
                )
            if control.control.ping(destination=[hostname], timeout=0.5):
                return
    raise BenchError(f"the Celery worker did not answer within {timeout:.0f} s:\n{log_tail(log)}")


@contextlib.contextmanager
def celery_worker(
    env: dict[str, str], broker_url: str, concurrency: int, log: Path, nice: int = 0
) -> Iterator[subprocess.Popen]:
    """A real worker (``celery -A classroom worker``, prefork) with the site's environment: the
    same settings, database, broker and queue as gunicorn. Always stopped at the end (its
    process group, as gunicorn's)."""
    hostname = f"bench-exercise-{os.getpid()}@{HOST}"
    with log.open("w") as output:
        process = subprocess.Popen(
            worker_command(concurrency, hostname, nice),
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        worker_wait(process, hostname, broker_url, log)
        print(
            f"Celery worker {hostname} answering ({concurrency} prefork processes, queue {QUEUE}"
            f"{f', nice {nice}' if nice else ''})"
        )
        yield process
    finally:
        server_stop(process)


# --- the database's view -------------------------------------------------------------------


def db_clock_anchor(database_url: str) -> tuple[float, float]:
    """A moment on both clocks: (this process's monotonic time, PostgreSQL's clock_timestamp()
    as epoch seconds), read in one round trip, so a monotonic time converts to the database's
    clock (the clock the rows' timestamps are compared on)."""
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        conn.execute("SELECT 1")
        before = time.monotonic()
        (database_now,) = conn.execute("SELECT extract(epoch FROM clock_timestamp())").fetchone()
        after = time.monotonic()
    return (before + after) / 2, float(database_now)


def marking_wait(database_url: str, run_id: int, timeout: float) -> float | None:
    """Poll every 0.1 s until no submission of the run is queued or running; the monotonic
    time it saw that, or None after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url, connect_timeout=5, autocommit=True) as conn:
        while time.monotonic() < deadline:
            (pending,) = conn.execute(
                "SELECT count(*) FROM exercises_submission WHERE run_id = %s AND status = ANY(%s)",
                (run_id, list(PENDING)),
            ).fetchone()
            if not pending:
                return time.monotonic()
            time.sleep(0.1)
    return None


@dataclass
class Rows:
    stored: int
    participants: int
    statuses: dict[str, int]
    full_marks: int
    participants_doubled: int  # participants with more than one row
    marked_twice: int  # rows whose marking started more than once (tries > 1)
    last_finished: float | None  # epoch seconds, PostgreSQL's reading of the stored timestamps
    last_received: float | None
    waits: list[float]  # per row: received -> started (in the queue)
    markings: list[float]  # per row: started -> finished (the task's work)
    totals: list[float]  # per row: received -> finished
    baseline: int


def rows_read(database_url: str, run_id: int) -> Rows:
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        summary = conn.execute(
            "SELECT count(*), count(DISTINCT participant_id), "
            "count(*) FILTER (WHERE status = 'graded' AND score = 1), "
            "count(*) FILTER (WHERE tries > 1), "
            "extract(epoch FROM max(finished_at)), extract(epoch FROM max(received_at)) "
            "FROM exercises_submission WHERE run_id = %s",
            (run_id,),
        ).fetchone()
        stored, participants, full_marks, marked_twice, last_finished, last_received = summary
        statuses = dict(
            conn.execute(
                "SELECT status, count(*) FROM exercises_submission WHERE run_id = %s "
                "GROUP BY status ORDER BY status",
                (run_id,),
            ).fetchall()
        )
        (doubled,) = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM exercises_submission WHERE run_id = %s "
            "GROUP BY participant_id HAVING count(*) > 1) d",
            (run_id,),
        ).fetchone()
        spans = conn.execute(
            "SELECT extract(epoch FROM started_at - received_at), "
            "extract(epoch FROM finished_at - started_at), "
            "extract(epoch FROM finished_at - received_at) "
            "FROM exercises_submission WHERE run_id = %s AND finished_at IS NOT NULL",
            (run_id,),
        ).fetchall()
        (baseline,) = conn.execute("SELECT count(*) FROM bench_baseline_row").fetchone()
    return Rows(
        stored=stored,
        participants=participants,
        statuses=statuses,
        full_marks=full_marks,
        participants_doubled=doubled,
        marked_twice=marked_twice,
        last_finished=None if last_finished is None else float(last_finished),
        last_received=None if last_received is None else float(last_received),
        waits=sorted(float(w) for w, _, _ in spans),
        markings=sorted(float(m) for _, m, _ in spans),
        totals=sorted(float(t) for _, _, t in spans),
        baseline=baseline,
    )


# --- single submits, one at a time (--profile) ---------------------------------------------

PROFILE_PHONES = 100
PROFILED = 40
# What a submit does, timed inclusively (indented: inside the line above). A part the code no
# longer has is reported as such.
PROFILE_PARTS = (
    ("exercises.services", "submission_create", "storing it (submission_create)"),
    ("exercises.views", "answer_phone", "answering the phone (answer_phone)"),
    ("classroom.kinds.screens", "_activity_html", "  the exercise's part, rendered"),
    ("exercises.activity", "_phone", "    its context (_phone)"),
    ("classroom.kinds.screens", "render", "  the phone fragment around it"),
)


def profile_submits() -> None:
    """In the benchmark's environment with ``BENCH_CODE``, ``BENCH_RUN_ID`` and
    ``BENCH_ANSWERS`` set: join guests through the form (Django's test client, no network),
    submit ``PROFILE_PHONES`` of them once each, one at a time, timing each part of the view and
    counting database queries; the baseline insert the same way; then a cProfile of
    ``PROFILED`` more submits."""
    import cProfile
    import importlib
    import io
    import pstats
    import re

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.db import connection
    from django.test import Client

    import bench.baseline_insert  # noqa: F401  (the site's URLs with the baseline insert)

    code, run_id = os.environ["BENCH_CODE"], os.environ["BENCH_RUN_ID"]
    answers = json.loads(os.environ["BENCH_ANSWERS"])
    spent: dict[str, list[float]] = {label: [] for _, _, label in PROFILE_PARTS}

    def timed(function, label):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label].append(time.perf_counter() - began)

        return wrapper

    missing = []
    for module, name, label in PROFILE_PARTS:
        target = importlib.import_module(module)
        if hasattr(target, name):
            setattr(target, name, timed(getattr(target, name), label))
        else:
            missing.append(f"{module}.{name}")

    phones = []
    for n in range(PROFILE_PHONES + PROFILED):
        phone = Client(HTTP_HOST=HOST, HTTP_HX_REQUEST="true")
        page = phone.get(f"/j/{code}/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        joined = phone.post(
            f"/j/{code}/", {"display_name": f"Profiler {n:03d}", "csrfmiddlewaretoken": token}
        )
        assert joined.status_code == 302, joined.status_code
        phones.append(phone)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    submit_path = f"/exercise/live/{code}/runs/{run_id}/submit/"

    def submit(phone: Client) -> bytes:
        response = phone.post(submit_path, answers)
        assert response.status_code == 200 and b"Marking" in response.content, response
        return response.content

    walls, cpus, per_request = [], [], []
    for phone in phones[:PROFILE_PHONES]:
        queries.clear()
        wall, cpu = time.perf_counter(), time.thread_time()
        with connection.execute_wrapper(count):
            body = submit(phone)
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - wall)
        per_request.append(len(queries))
    example = list(queries)
    parts = {label: list(values) for label, values in spent.items()}
    profile = cProfile.Profile()
    profile.enable()
    for phone in phones[PROFILE_PHONES:]:
        submit(phone)
    profile.disable()
    base_walls, base_cpus = [], []
    for phone in phones[:PROFILE_PHONES]:
        wall, cpu = time.perf_counter(), time.thread_time()
        assert phone.post("/bench/baseline-insert/", {"phone": "p"}).status_code == 204
        base_cpus.append(time.thread_time() - cpu)
        base_walls.append(time.perf_counter() - wall)

    def ms(values: list[float]) -> str:
        values = sorted(v * 1000 for v in values)
        return f"p50 {_quantile(values, 50):6.2f} ms  p95 {_quantile(values, 95):6.2f} ms"

    print(
        f"{PROFILE_PHONES} submits one at a time through the full middleware stack (first "
        f"submit of each guest, the answers' {len(answers)} fields), then as many baseline "
        "inserts:"
    )
    print(f"  submit           wall {ms(walls)}   cpu {ms(cpus)}   "
          f"{_range_text(per_request)} queries, response {len(body) / 1024:.0f} kB")  # fmt: skip
    print(f"  baseline insert  wall {ms(base_walls)}   cpu {ms(base_cpus)}")
    print("  the submit's parts (wall, inclusive):")
    for label, values in parts.items():
        per_submit = sum(values) / max(len(walls), 1)
        print(f"    {label:<38} {ms(values)}   {1000 * per_submit:6.2f} ms per submit "
              f"({len(values) / max(len(walls), 1):.1f} calls)")  # fmt: skip
    if missing:
        print(f"    (not in this version of the code: {', '.join(missing)})")
    print(f"  the last submit's {len(example)} queries:")
    for text in example:
        print(f"    {text[:140]}")
    listings = (
        ("cumulative", 25, "cumulative, filtered to the app, templates, ORM, sessions, cache"),
        ("tottime", 15, "own time, every function"),
    )
    for order, lines, what in listings:
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats(order)
        if order == "cumulative":
            stats.print_stats(
                r"exercises/|classroom/|django/(template|db/models/sql|contrib/sessions|"
                r"core/cache)|numpy|celery|kombu",
                lines,
            )
        else:
            stats.print_stats(lines)
        print(f"  where a submit's time goes (cProfile of {PROFILED} submits, {what}):")
        for line in out.getvalue().splitlines():
            if line.strip() and not line.startswith(("   Ordered", "   List reduced")):
                print(f"    {line[:150]}")


def _range_text(values: list[int]) -> str:
    return f"{min(values)}-{max(values)}" if min(values) != max(values) else str(values[0])


# --- the run -------------------------------------------------------------------------------


@dataclass
class Outcome:
    submits: Burst
    baseline: Burst
    burst_start: float  # monotonic: the first submission sent
    burst_start_db: float  # the same moment on PostgreSQL's clock (epoch seconds)
    all_marked_seen: float | None  # monotonic: the poll saw nothing left to mark
    gunicorn_cpu: tuple[float, float]  # seconds during the submit burst, the baseline burst
    worker_cpu: float  # seconds from the burst's start until everything was marked
    join_seconds: float


async def drive(
    args: argparse.Namespace,
    base_url: str,
    database_url: str,
    fixture: dict,
    gunicorn_cpu: Callable[[], float],
    worker_cpu: Callable[[], float],
) -> Outcome:
    code, run_id, answers = fixture["code"], fixture["run_id"], fixture["answers"]
    began = time.monotonic()
    phones = await phones_join(base_url, code, args.phones)
    join_seconds = time.monotonic() - began
    print(f"joined {len(phones)} phones as guests through the form in {join_seconds:.1f} s")
    async with shared_client(base_url, args.connections) as client:
        anchor, anchor_db = db_clock_anchor(database_url)
        cpu_g, cpu_w = gunicorn_cpu(), worker_cpu()
        submits = await receipt_burst(
            client,
            phones,
            f"/exercise/live/{code}/runs/{run_id}/submit/",
            lambda phone: answers,
            args.window,
        )
        cpu_submit = gunicorn_cpu() - cpu_g
        print(
            f"{len(submits.samples)} submissions of {len(answers)} fields each sent within "
            f"{submits.last_done - submits.first_sent:.2f} s (all answered); waiting for marking"
        )
        seen = await asyncio.to_thread(marking_wait, database_url, run_id, args.timeout)
        cpu_marking = worker_cpu() - cpu_w
        cpu_g = gunicorn_cpu()
        base = await receipt_burst(
            client,
            phones,
            "/bench/baseline-insert/",
            lambda phone: {"phone": phone.name},
            args.window,
        )
        cpu_base = gunicorn_cpu() - cpu_g
        print(f"then {len(base.samples)} baseline inserts")
    return Outcome(
        submits=submits,
        baseline=base,
        burst_start=submits.first_sent,
        burst_start_db=anchor_db + (submits.first_sent - anchor),
        all_marked_seen=seen,
        gunicorn_cpu=(cpu_submit, cpu_base),
        worker_cpu=cpu_marking,
        join_seconds=join_seconds,
    )


def _spans(values: list[float]) -> str:
    if not values:
        return "-"
    return (
        f"p50 {_quantile(values, 50):.2f} s, p95 {_quantile(values, 95):.2f} s, "
        f"max {max(values):.2f} s"
    )


def code_version() -> str:
    """The commit the site runs, and how many files of the working tree differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    except OSError:
        return "unknown (no git)"
    return f"commit {head or 'unknown'}" + (f" + {len(changed)} changed files" if changed else "")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(
    args: argparse.Namespace, fixture: dict, out: Outcome, rows: Rows, load_start: str
) -> bool:
    a = PhaseStats("A submit (200)", args.window, out.submits.samples, 200)
    b = PhaseStats("B baseline insert (204)", args.window, out.baseline.samples, 204)
    sent = len(a.samples)
    accepted = sum(1 for s in a.samples if s.status == 200)
    graded = rows.statuses.get("graded", 0)
    p50 = a.percentile(50) / b.percentile(50)
    p95 = a.percentile(95) / b.percentile(95)
    last_graded = None if rows.last_finished is None else rows.last_finished - out.burst_start_db
    last_received = None if rows.last_received is None else rows.last_received - out.burst_start_db
    seen = None if out.all_marked_seen is None else out.all_marked_seen - out.burst_start
    print()
    print("=" * 100)
    print(
        f"{args.phones} phones, each submitting the whole exercise ({len(fixture['answers'])} "
        f"fields, right answers) once within {args.window:g} s; then the same burst to the "
        "baseline insert"
    )
    print(
        f"server: gunicorn gthread, {args.workers} workers x {args.threads} threads; Celery "
        f"worker, prefork x {args.concurrency}, queue {QUEUE}; on {os.cpu_count()} CPU cores "
        f"({platform.machine()}), PostgreSQL {args.database} + Redis db {args.redis_db}, DEBUG "
        f"off; load generator: one asyncio process, httpx pool of {args.connections} "
        "connections, same machine"
    )
    print()
    latency_table(a, b)
    print()
    others = {k: v for k, v in rows.statuses.items() if k != "graded"}
    print(
        f"submissions: sent {sent}, accepted (200) {accepted}, stored rows {rows.stored} "
        f"(of {rows.participants} participants), graded {graded} ({rows.full_marks} at 100%)"
        + (f", not graded: {others}" if others else "")
    )
    print(
        f"duplicates: participants with more than one row {rows.participants_doubled}, "
        f"rows marked more than once (tries > 1) {rows.marked_twice}"
    )
    print(
        "last graded "
        + ("-" if last_graded is None else f"{last_graded:.2f} s")
        + " after the burst's start (max(finished_at) on PostgreSQL's clock minus the first "
        "submit's send time on the same clock); last received "
        + ("-" if last_received is None else f"{last_received:.2f} s")
        + "; the poll saw nothing left to mark at "
        + ("- (timed out)" if seen is None else f"{seen:.2f} s")
    )
    print(f"per submission: in the queue (received -> started) {_spans(rows.waits)}")
    print(f"                marking (started -> finished)     {_spans(rows.markings)}")
    print(f"                received -> graded                {_spans(rows.totals)}")
    cpu_submit, cpu_base = out.gunicorn_cpu
    print(
        f"CPU (/proc): gunicorn {cpu_submit:.2f} s in the submit burst "
        f"({1000 * cpu_submit / max(sent, 1):.1f} ms per submit), {cpu_base:.2f} s in the "
        f"baseline burst ({1000 * cpu_base / max(len(b.samples), 1):.1f} ms per insert); "
        f"Celery worker {out.worker_cpu:.2f} s until everything was marked "
        f"({1000 * out.worker_cpu / max(graded, 1):.1f} ms per submission)"
    )
    base_ok = sum(1 for s in b.samples if s.status == 204)
    print(f"baseline: sent {len(b.samples)}, 204 {base_ok}, rows stored {rows.baseline}")
    for label, burst in (("submits", out.submits), ("baseline inserts", out.baseline)):
        if burst.resent:
            reasons = ", ".join(f"{n}x after {why}" for why, n in burst.resent.items())
            print(f"{label} sent again as receipts.js would: {reasons}")
    print(f"ratio submit/baseline   p50 {p50:.2f}x   p95 {p95:.2f}x")
    once = (
        sent == accepted == rows.stored == graded == rows.participants
        and rows.participants_doubled == 0
        and rows.marked_twice == 0
    )
    print(f"{graded} of {sent} graded, each once: {verdict(once)}")
    in_time = last_graded is not None and last_graded <= GRADED_WITHIN
    print(f"the last graded within {GRADED_WITHIN:g} s of the burst's start: {verdict(in_time)}")
    print(f"submit p95 within {RATIO_TARGET:g}x the baseline's: {verdict(p95 <= RATIO_TARGET)}")
    print(f"machine load average (1, 5, 15 min): {load_start} at the start, {_load()} at the end")
    print("=" * 100)
    return once


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.make_fixture:
        from bench.fixture import exercise_main

        exercise_main()
        return 0
    if args.profile_submits:
        profile_submits()
        return 0
    load_start = _load()
    print(f"machine load average (1, 5, 15 min): {load_start}; code: {code_version()}")
    # gunicorn (through bench_site's environment) and the worker read the queue from here.
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = QUEUE
    password = secrets.token_urlsafe(18)
    try:
        with bench_site(
            args,
            name="exercise",
            password=password,
            fixture_command=[sys.executable, str(Path(__file__).resolve()), "--make-fixture"],
            wsgi="bench.baseline_insert:application",
            prepare=_table_create,
        ) as site:
            worker_log = site.log.with_name("celery.log")
            broker_url = site.env["REDIS_URL"]
            try:
                with celery_worker(
                    site.env, broker_url, args.concurrency, worker_log, args.nice
                ) as worker:
                    out = asyncio.run(
                        drive(
                            args,
                            site.base_url,
                            site.database_url,
                            site.fixture,
                            partial(process_cpu_seconds, site.process.pid),
                            partial(process_cpu_seconds, worker.pid),
                        )
                    )
            except BenchError:
                print(f"--- Celery worker log ---\n{log_tail(worker_log)}", file=sys.stderr)
                raise
            rows = rows_read(site.database_url, site.fixture["run_id"])
            clean = report(args, site.fixture, out, rows, load_start)
            if args.profile:
                server_stop(site.process)
                print()
                print("--- single submits, gunicorn and the worker stopped ---")
                profile_env = {
                    **site.env,
                    "BENCH_CODE": site.fixture["code"],
                    "BENCH_RUN_ID": str(site.fixture["run_id"]),
                    "BENCH_ANSWERS": json.dumps(site.fixture["answers"]),
                }
                command = [sys.executable, str(Path(__file__).resolve()), "--profile-submits"]
                print(run_step("profile", command, profile_env), end="")
            if not clean:
                print(f"--- gunicorn log ---\n{log_tail(site.log)}")
                print(f"--- Celery worker log ---\n{log_tail(worker_log)}")
            return 0 if clean else 1
    except BenchError as exc:
        print(f"bench/exercise_burst.py: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "bench/exercise_burst.py: interrupted; gunicorn and the worker stopped", file=sys.stderr
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
