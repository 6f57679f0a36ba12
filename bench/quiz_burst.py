"""How the quiz's answer holds up: 300 phones answering one question within two seconds.

Runs the site in its production shape (gunicorn, PostgreSQL, Redis, DEBUG off) on 127.0.0.1,
joins the phones as guests through the real join form (each with its own session and CSRF
token), opens a question of a live quiz, and in each of ``--rounds`` rounds measures

A. the answer: every phone posts its answer (``POST /quiz/live/<code>/answer/``, CSRF-checked,
   htmx) at a random moment of the same ``--window`` seconds; the phone's fragment comes back;
B. a baseline through the same middleware: the same phones post, in the same pattern, to
   ``POST /bench/baseline-insert/`` (``bench/baseline_insert.py``), which inserts one row.

Between rounds the instructor closes, reveals and opens the next question from the dashboard
(real, signed-in, CSRF-checked POSTs). At the end it counts the rows in PostgreSQL: answers
stored against answers sent (must be equal) and baseline rows against baseline posts.

Run: .venv/bin/python bench/quiz_burst.py [--phones 300] [--window 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.poll import (  # noqa: E402
    BenchError,
    PhaseStats,
    Phone,
    Sample,
    _bounded_float,
    _bounded_int,
    _database_name,
    _errors,
    _ms,
    bench_site,
    instructor_login,
    log_tail,
    phones_join,
    shared_client,
    verdict,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# The table bench/baseline_insert.py inserts into.
TABLE_SQL = (
    "CREATE TABLE bench_baseline_row (id bigserial PRIMARY KEY, phone varchar(64) NOT NULL, "
    "sent_at timestamptz NOT NULL DEFAULT now())"
)
INSTRUCTOR = "bench-instructor"
QUESTIONS = 5
GIFT = "\n\n".join(
    f"::Q{n}::Question {n}: which of these is {n}? {{={n} ~{n + 1} ~{n + 2} ~{n + 3}}}"
    for n in range(1, QUESTIONS + 1)
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=_bounded_int(1, 2000), default=300)
    parser.add_argument(
        "--window",
        type=_bounded_float(0.1, 60),
        default=2.0,
        help="seconds within which every phone sends its answer",
    )
    parser.add_argument("--rounds", type=_bounded_int(1, QUESTIONS), default=3)
    parser.add_argument("--workers", type=_bounded_int(1, 32), default=4)
    parser.add_argument("--threads", type=_bounded_int(1, 64), default=8)
    parser.add_argument("--connections", type=_bounded_int(1, 1000), default=64)
    parser.add_argument("--database", type=_database_name, default="classroom_bench_quiz")
    parser.add_argument("--redis-db", type=_bounded_int(1, 15), default=5)
    parser.add_argument("--make-fixture", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- the data, made through the services in a subprocess with the server's settings ---------


def make_fixture() -> None:
    """An instructor, a course taking guests, a lesson whose quiz is current in an open live
    session, its first question open; prints one JSON line describing them."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.contrib.auth import get_user_model

    from classroom import services as core
    from classroom.models import Course, Lesson
    from quizzes import services
    from quizzes.models import QuizRun

    user = get_user_model().objects.create_user(
        username=os.environ["BENCH_INSTRUCTOR"], password=os.environ["BENCH_INSTRUCTOR_PASSWORD"]
    )
    course = Course.objects.create(title="Benchmark course", code="BENCH101", allow_guests=True)
    course.instructors.add(user)
    lesson = Lesson.objects.create(course=course, title="Benchmark lesson")
    quiz = services.quiz_create_from_gift(lesson_id=lesson.pk, title="Burst quiz", text=GIFT)
    session = core.live_session_start(lesson_id=lesson.pk, user=user)
    core.live_session_goto(session=session, activity_id=quiz.activity_id)
    run = services.question_open(run=QuizRun.objects.get(quiz=quiz, session=session))
    questions = [
        {"id": q.pk, "choices": [c.pk for c in q.choices.order_by("position")]}
        for q in quiz.questions.order_by("position")
    ]
    print(
        json.dumps(
            {
                "code": session.join_code,
                "session_id": session.pk,
                "run_id": run.pk,
                "questions": questions,
            }
        )
    )


# --- the bursts ----------------------------------------------------------------------------


@dataclass
class BurstResult:
    samples: list[Sample]
    first_sent: float
    last_done: float


def _csrf_of(phone: Phone) -> str:
    for part in phone.cookie.split("; "):
        name, _, value = part.partition("=")
        if name == "csrftoken":
            return value
    raise BenchError(f"{phone.name} has no csrftoken cookie")


async def burst(
    client: httpx.AsyncClient,
    phones: list[Phone],
    path: str,
    data_for,
    window: float,
) -> BurstResult:
    """Every phone posts once, at a random moment of ``window`` seconds from now."""
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2
    samples: list[Sample] = []

    async def one(phone: Phone) -> None:
        await asyncio.sleep(max(start + random.uniform(0, window) - loop.time(), 0))
        headers = {"Cookie": phone.cookie, "X-CSRFToken": _csrf_of(phone), "HX-Request": "true"}
        sent = loop.time()
        try:
            response = await client.post(path, data=data_for(phone), headers=headers)
            status = response.status_code
        except httpx.HTTPError:
            status = 0
        samples.append(Sample(sent, loop.time() - sent, status))

    await asyncio.wait_for(asyncio.gather(*(one(p) for p in phones)), timeout=window + 120)
    return BurstResult(
        samples=samples,
        first_sent=min(s.started for s in samples),
        last_done=max(s.started + s.latency for s in samples),
    )


async def control(instructor: httpx.AsyncClient, run_id: int, action: str) -> None:
    response = await instructor.post(
        f"/quiz/runs/{run_id}/control/",
        data={"action": action},
        headers={"X-CSRFToken": instructor.cookies.get("csrftoken") or ""},
    )
    if response.status_code != 302:
        raise BenchError(f"the dashboard's {action!r} gave {response.status_code}")


async def drive(args: argparse.Namespace, base_url: str, fixture: dict, password: str):
    code = fixture["code"]
    began = time.monotonic()
    phones = await phones_join(base_url, code, args.phones)
    seconds = time.monotonic() - began
    print(f"joined {len(phones)} phones as guests through the form in {seconds:.1f} s")
    instructor = await instructor_login(base_url, password)
    answers: list[Sample] = []
    baseline: list[Sample] = []
    spans = []
    try:
        async with shared_client(base_url, args.connections) as client:
            for number in range(args.rounds):
                question = fixture["questions"][number]
                if number:
                    for action in ("close", "reveal", "next"):
                        await control(instructor, fixture["run_id"], action)
                picks = {p.name: random.choice(question["choices"]) for p in phones}
                result = await burst(
                    client,
                    phones,
                    f"/quiz/live/{code}/answer/",
                    lambda p, q=question, picks=picks: {
                        "question": q["id"],
                        "choice": picks[p.name],
                    },
                    args.window,
                )
                answers += result.samples
                spans.append(result.last_done - result.first_sent)
                base = await burst(
                    client,
                    phones,
                    "/bench/baseline-insert/",
                    lambda p: {"phone": p.name},
                    args.window,
                )
                baseline += base.samples
                print(
                    f"round {number + 1}/{args.rounds}: {len(result.samples)} answers sent to "
                    f"question {number + 1}, all answered within {spans[-1]:.2f} s; "
                    f"then {len(base.samples)} baseline inserts"
                )
    finally:
        await instructor.aclose()
    return answers, baseline, spans


def rows_stored(
    database_url: str, run_id: int, question_ids: list[int]
) -> tuple[list[int], int, int]:
    """Answers stored per question, baseline rows, and (participant, question) pairs stored
    more than once (the unique constraint makes that 0)."""
    with psycopg.connect(database_url, connect_timeout=5) as conn:
        per_question = [
            conn.execute(
                "SELECT count(*) FROM quizzes_answer WHERE run_id = %s AND question_id = %s",
                (run_id, qid),
            ).fetchone()[0]
            for qid in question_ids
        ]
        duplicates = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM quizzes_answer WHERE run_id = %s "
            "GROUP BY question_id, participant_id HAVING count(*) > 1) d",
            (run_id,),
        ).fetchone()[0]
        baseline = conn.execute("SELECT count(*) FROM bench_baseline_row").fetchone()[0]
    return per_question, baseline, duplicates


def report(args, answers, baseline, spans, stored, baseline_rows, duplicates) -> bool:
    window_s = args.window * args.rounds
    a = PhaseStats("A answer (200)", window_s, answers, 200)
    b = PhaseStats("B baseline insert (204)", window_s, baseline, 204)
    sent = len(answers)
    accepted = sum(1 for s in answers if s.status == 200)
    stored_total = sum(stored)
    base_ok = sum(1 for s in baseline if s.status == 204)
    p50 = a.percentile(50) / b.percentile(50)
    p95 = a.percentile(95) / b.percentile(95)
    print()
    print("=" * 100)
    print(
        f"{args.phones} phones, each answering one question within {args.window:g} s, "
        f"{args.rounds} rounds (one question each), then the same burst to the baseline"
    )
    print(
        f"server: gunicorn gthread, {args.workers} workers x {args.threads} threads on "
        f"{os.cpu_count()} CPU cores ({platform.machine()}), PostgreSQL + Redis, DEBUG off; "
        f"load generator: one asyncio process, httpx pool of {args.connections} connections, "
        "same machine"
    )
    print()
    latency_table(a, b)
    print()
    print(
        f"answers: sent {sent}, accepted (200) {accepted}, stored {stored_total} "
        f"(per question {stored}), participants with two rows for one question: {duplicates}"
    )
    print(f"baseline: sent {len(baseline)}, 204 {base_ok}, rows stored {baseline_rows}")
    print("every burst fully answered within: " + ", ".join(f"{span:.2f} s" for span in spans))
    print(f"ratio answer/baseline   p50 {p50:.2f}x   p95 {p95:.2f}x")
    nothing_lost = stored_total == sent == accepted and duplicates == 0
    print(f"nothing lost or doubled (stored == sent): {verdict(nothing_lost)}")
    print(f"p95 within 2x of the baseline's: {verdict(p95 <= 2.0)}")
    print("=" * 100)
    return nothing_lost and not a.errors and not b.errors


def latency_table(*phases: PhaseStats) -> None:
    """The latency table both bursts print: one row per phase."""
    print(f"{'request':<26} {'sent':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'max ms':>8}   errors")  # fmt: skip
    for stats in phases:
        print(
            f"{stats.label:<26} {len(stats.samples):>6} {_ms(stats.percentile(50))} "
            f"{_ms(stats.percentile(95))} {_ms(stats.percentile(99))} "
            f"{_ms(max(stats.latencies_ms, default=float('nan')))}   {_errors(stats.errors)}"
        )


def _table_create(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(TABLE_SQL)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.make_fixture:
        make_fixture()
        return 0
    password = secrets.token_urlsafe(18)
    try:
        with bench_site(
            args,
            name="quiz",
            password=password,
            fixture_command=[sys.executable, str(Path(__file__).resolve()), "--make-fixture"],
            wsgi="bench.baseline_insert:application",
            prepare=_table_create,
        ) as site:
            fixture = site.fixture
            answers, baseline, spans = asyncio.run(drive(args, site.base_url, fixture, password))
            ids = [q["id"] for q in fixture["questions"][: args.rounds]]
            stored, baseline_rows, duplicates = rows_stored(
                site.database_url, fixture["run_id"], ids
            )
            clean = report(args, answers, baseline, spans, stored, baseline_rows, duplicates)
            if not clean:
                print(f"--- gunicorn log ---\n{log_tail(site.log)}")
            return 0 if clean else 1
    except BenchError as exc:
        print(f"bench/quiz_burst.py: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
