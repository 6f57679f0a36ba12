"""How the follow path holds up: 300 phones polling a live session every 2 seconds.

Runs the site in its production shape (gunicorn, PostgreSQL, Redis, DEBUG off) on 127.0.0.1,
joins the phones as guests through the real join form, and measures

A. the unchanged poll (``GET /live/<code>/poll/?v=<version>``, an empty 204 from the cache),
B. a baseline (``GET /bench/baseline/``, an empty 204 through the same middleware stack),
   driven by the same phones at the same rate, taking turns with A every ``--slot`` seconds
   (the machine is shared: turns of a few seconds expose both to the same background load),
C. propagation: the instructor presses "next" on the dashboard (a real, logged-in, CSRF-checked
   POST) while the phones poll; for each phone, the time from that POST being sent until its
   poll has brought back the fragment of the new version. Repeated ``--changes`` times.

Every request loop stops by itself (bounded in time and count); gunicorn is always stopped.
Run: .venv/bin/python bench/poll.py [--phones 300] [--seconds 20]   (details in bench/README.md)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

import httpx
import psycopg
import redis
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
ADMIN_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
HOST = "127.0.0.1"
INSTRUCTOR = "bench-instructor"
CHANGE_TIMEOUT = 10.0  # seconds a change may take to reach every phone before it counts as lost

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_ATTR = re.compile(r'data-version="(\d+)"')
POLL_URL_ATTR = re.compile(r'hx-get="(/live/[^"?]+/poll/)\?v=')


class BenchError(Exception):
    """The benchmark could not run; the message says which step failed and why."""


# --- arguments -----------------------------------------------------------------------------


def _bounded_int(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}..{high}")
        return value

    return parse


def _bounded_float(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}..{high}")
        return value

    return parse


def _database_name(text: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", text) or "bench" not in text:
        raise argparse.ArgumentTypeError(
            f"{text!r}: the database is dropped and re-created, so its name must be a plain "
            "lower-case identifier containing 'bench' (e.g. classroom_bench)"
        )
    return text


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=_bounded_int(1, 2000), default=300)
    parser.add_argument(
        "--seconds",
        type=_bounded_float(1, 600),
        default=20,
        help="measured seconds of each of phases A and B",
    )
    parser.add_argument(
        "--slot",
        type=_bounded_float(0.5, 60),
        default=2.0,
        help="phases A and B take turns every this many seconds",
    )
    parser.add_argument("--interval", type=_bounded_float(0.1, 30), default=2.0)
    parser.add_argument("--changes", type=_bounded_int(1, 3), default=3)
    parser.add_argument("--workers", type=_bounded_int(1, 32), default=4)
    parser.add_argument("--threads", type=_bounded_int(1, 64), default=8)
    parser.add_argument(
        "--connections",
        type=_bounded_int(1, 2000),
        default=None,
        help="size of the load generator's shared connection pool (default: one per phone)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="afterwards, time and profile single requests of each path (bench/paths.py)",
    )
    parser.add_argument("--database", type=_database_name, default="classroom_bench")
    parser.add_argument("--redis-db", type=_bounded_int(1, 15), default=3)
    return parser.parse_args(argv)


# --- the server ----------------------------------------------------------------------------


def database_recreate(name: str) -> str:
    """Drop and create the benchmark's own database; returns its URL."""
    try:
        with psycopg.connect(ADMIN_DATABASE_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BenchError(
            f"could not re-create database {name} via {ADMIN_DATABASE_URL}: {exc}"
        ) from exc
    return f"postgres://postgres@{HOST}:5432/{name}"


def redis_flush(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_timeout=5).flushdb()
    except redis.RedisError as exc:
        raise BenchError(f"could not flush Redis at {url}: {exc}") from exc


def server_env(database_url: str, redis_url: str, static_root: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PUBLIC_URL", "DJANGO_HTTPS", "DJANGO_SSL_REDIRECT", "CACHE_KEY_PREFIX"}
    }
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(BASE_DIR),
    )
    return env


def run_step(label: str, command: list[str], env: dict[str, str]) -> str:
    try:
        done = subprocess.run(
            command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{label} took longer than 300 s") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-20:])
        raise BenchError(f"{label} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(port: int, workers: int, threads: int) -> list[str]:
    script = Path(sys.executable).with_name("gunicorn")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]
    return [
        *head, "classroom.wsgi",
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--threads", str(threads),
        "--graceful-timeout", "5", "--log-level", "warning",
    ]  # fmt: skip


def server_wait(process: subprocess.Popen, base_url: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{log_tail(log)}")
        try:
            if httpx.get(f"{base_url}/bench/baseline/", timeout=2).status_code == 204:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {timeout:.0f} s:\n{log_tail(log)}")


def server_stop(process: subprocess.Popen) -> None:
    """Stop gunicorn's process group (started in a session of its own), politely, then not."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def log_tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@dataclass
class BenchSite:
    """The site a benchmark drives: its environment, database, fixture and gunicorn."""

    env: dict[str, str]
    database_url: str
    fixture: dict
    base_url: str
    process: subprocess.Popen
    log: Path


@contextlib.contextmanager
def bench_site(
    args: argparse.Namespace,
    *,
    name: str,
    password: str,
    fixture_command: list[str],
    wsgi: str = "classroom.wsgi",
    prepare: Callable[[str], None] | None = None,
) -> Iterator[BenchSite]:
    """A fresh database and Redis db, migrated, static files collected, the fixture made
    (``fixture_command`` prints it as JSON on its last line), and gunicorn answering; gunicorn
    is always stopped at the end. ``prepare(database_url)`` runs before the fixture. On a
    BenchError the gunicorn log's tail is printed before it goes on up.
    """
    redis_url = f"redis://{HOST}:6379/{args.redis_db}"
    process: subprocess.Popen | None = None
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        tmpdir = Path(tmp)
        log = tmpdir / "gunicorn.log"
        try:
            database_url = database_recreate(args.database)
            redis_flush(redis_url)
            env = server_env(database_url, redis_url, tmpdir / "static")
            manage = [sys.executable, "manage.py"]
            print(f"database {args.database} re-created; Redis db {args.redis_db} flushed")
            run_step("migrate", [*manage, "migrate", "--noinput"], env)
            run_step(
                "collectstatic", [*manage, "collectstatic", "--noinput", "--verbosity", "0"], env
            )
            if prepare is not None:
                prepare(database_url)
            fixture_env = {
                **env,
                "BENCH_INSTRUCTOR": INSTRUCTOR,
                "BENCH_INSTRUCTOR_PASSWORD": password,
            }
            fixture = json.loads(
                run_step("fixture", fixture_command, fixture_env).strip().splitlines()[-1]
            )
            print(f"session {fixture['session_id']} open with join code {fixture['code']}")
            port = free_port()
            base_url = f"http://{HOST}:{port}"
            command = gunicorn_command(port, args.workers, args.threads)
            command[command.index("classroom.wsgi")] = wsgi
            with log.open("w") as output:
                process = subprocess.Popen(
                    command,
                    cwd=BASE_DIR,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            server_wait(process, base_url, log)
            print(
                f"gunicorn answering at {base_url} "
                f"({args.workers} workers x {args.threads} threads)"
            )
            yield BenchSite(env, database_url, fixture, base_url, process, log)
        except BenchError:
            if log.exists():
                print(f"--- gunicorn log ---\n{log_tail(log)}", file=sys.stderr)
            raise
        finally:
            if process is not None:
                server_stop(process)


def process_cpu_seconds(master: int) -> float:
    """User plus system CPU time so far of a process and its direct children (gunicorn's
    master and workers), from /proc; 0.0 where /proc cannot tell."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(stat.parent.name) == master or int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


# --- measurements --------------------------------------------------------------------------


@dataclass
class Phone:
    """One simulated phone: its own cookies, the poll URL and version its page shows."""

    name: str
    cookie: str
    poll_path: str
    version: int
    seen: list[tuple[int, float]] = field(default_factory=list)  # (version, monotonic time)

    def first_seen(self, version: int) -> float | None:
        times = [at for v, at in self.seen if v >= version]
        return min(times) if times else None


@dataclass
class Sample:
    started: float
    latency: float
    status: int  # 0: no answer (connection error or timeout)
    slot: int = -1  # phases A and B: the time slot it started in


@dataclass
class PhaseStats:
    label: str
    seconds: float
    samples: list[Sample]
    expected_status: int

    @property
    def latencies_ms(self) -> list[float]:
        return sorted(s.latency * 1000 for s in self.samples if s.status == self.expected_status)

    def percentile(self, p: int) -> float:
        return _quantile(self.latencies_ms, p)

    @property
    def errors(self) -> Counter:
        return Counter(s.status for s in self.samples if s.status != self.expected_status)


def _cookie_header(client: httpx.AsyncClient) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar)


async def phone_join(base_url: str, code: str, index: int) -> Phone:
    """Join as a guest through the real form, keeping this phone's own cookies."""
    name = f"Phone {index:03d}"
    async with httpx.AsyncClient(base_url=base_url, timeout=20) as client:
        page = await client.get(f"/j/{code}/")
        token = CSRF_FIELD.search(page.text)
        if page.status_code != 200 or token is None:
            raise BenchError(f"{name}: GET /j/{code}/ gave {page.status_code} without a form")
        joined = await client.post(
            f"/j/{code}/", data={"display_name": name, "csrfmiddlewaretoken": token.group(1)}
        )
        if joined.status_code != 302:
            raise BenchError(f"{name}: joining gave {joined.status_code}, not a redirect")
        live = await client.get(joined.headers["location"])
        version = VERSION_ATTR.search(live.text)
        poll_url = POLL_URL_ATTR.search(live.text)
        if live.status_code != 200 or version is None or poll_url is None:
            raise BenchError(f"{name}: the live page gave {live.status_code} without a poller")
        return Phone(
            name=name,
            cookie=_cookie_header(client),
            poll_path=poll_url.group(1),
            version=int(version.group(1)),
        )


async def phones_join(base_url: str, code: str, count: int, concurrency: int = 16) -> list[Phone]:
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int) -> Phone:
        async with gate:
            return await phone_join(base_url, code, index)

    return await asyncio.gather(*(one(i) for i in range(1, count + 1)))


def shared_client(base_url: str, connections: int) -> httpx.AsyncClient:
    """The load generator's one bounded pool; it keeps no cookies (each phone sends its own)."""
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=10,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
    )


# What happened below HTTP: resent requests and requests that got no answer, by cause.
TRANSPORT: Counter = Counter()


async def get_resending(client: httpx.AsyncClient, path: str, headers: dict) -> httpx.Response:
    """GET, resent once if the server closed the kept-alive connection as the request went out
    (gunicorn closes idle connections after 2 s, the poll interval): a browser resends an
    idempotent request in that case too. The latency includes the resend."""
    try:
        return await client.get(path, headers=headers)
    except httpx.RemoteProtocolError:
        TRANSPORT["resent: server closed a kept-alive connection"] += 1
        return await client.get(path, headers=headers)


Handler = Callable[[Phone, httpx.Response, float], float | None]


async def phone_loop(
    client: httpx.AsyncClient,
    phone: Phone,
    path_for: Callable[[Phone], str],
    interval: float,
    deadline: float,
    stop: asyncio.Event,
    record: Callable[[Sample], None],
    on_response: Handler | None = None,
) -> None:
    """Poll like the phone page: one request at a time, every ``interval`` seconds from the
    start of the previous one, after a random initial delay. ``on_response`` may ask for an
    earlier next poll (the page polls again within 250 ms after swapping in new content).
    Stops at ``deadline`` or when ``stop`` is set, and after a bounded number of requests.
    """
    loop = asyncio.get_running_loop()
    headers = {"Cookie": phone.cookie, "HX-Request": "true"}
    next_at = loop.time() + random.uniform(0, interval)
    for _ in range(math.ceil((deadline - loop.time()) / interval) * 2 + 4):
        wait = min(next_at, deadline) - loop.time()
        if wait > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)
        if stop.is_set() or loop.time() >= deadline:
            return
        started = loop.time()
        next_at = started + interval
        try:
            response = await get_resending(client, path_for(phone), headers)
        except httpx.HTTPError as exc:
            TRANSPORT[f"no answer ({type(exc).__name__})"] += 1
            record(Sample(started, loop.time() - started, 0))
            continue
        ended = loop.time()
        record(Sample(started, ended - started, response.status_code))
        if on_response is not None:
            sooner = on_response(phone, response, ended)
            if sooner is not None:
                next_at = min(next_at, sooner)


async def alternating_phases(
    client: httpx.AsyncClient,
    phones: list[Phone],
    paths: tuple[Callable[[Phone], str], Callable[[Phone], str]],
    interval: float,
    seconds: float,
    slot: float,
    samples: tuple[list[Sample], list[Sample]],
    lag: list[float],
    cpu_probe: Callable[[], float],
    cpu: list[float],
) -> None:
    """Phases A and B, alternating every ``slot`` seconds without pausing the phones, so both
    see the same rate and the same background load; ``seconds`` measured of each.

    The first interval is a ramp-up (phones start at random moments within it) and is not
    measured. A request belongs to the slot in which it started. ``lag`` receives how late the
    load generator's own event loop woke up, every 10 ms: its share of the latencies. ``cpu``
    (two numbers) receives the server's CPU seconds spent in A's slots and in B's, from
    ``cpu_probe`` read at every slot boundary.
    """
    loop = asyncio.get_running_loop()
    begin = loop.time() + interval
    slots = 2 * math.ceil(seconds / slot)
    deadline = begin + slots * slot
    stop = asyncio.Event()

    def slot_of(at: float) -> int:
        return math.floor((at - begin) / slot)

    def path_for(phone: Phone) -> str:
        return paths[max(slot_of(loop.time()), 0) % 2](phone)

    def record(sample: Sample) -> None:
        if begin <= sample.started < deadline:
            sample.slot = slot_of(sample.started)
            samples[sample.slot % 2].append(sample)

    async def watch_lag() -> None:
        while not stop.is_set() and loop.time() < deadline:
            asked = loop.time()
            await asyncio.sleep(0.01)
            if asked >= begin:
                lag.append(loop.time() - asked - 0.01)

    async def watch_cpu() -> None:
        await asyncio.sleep(max(begin - loop.time(), 0))
        last = cpu_probe()
        for k in range(slots):
            await asyncio.sleep(max(begin + (k + 1) * slot - loop.time(), 0))
            now = cpu_probe()
            cpu[k % 2] += now - last
            last = now

    await asyncio.wait_for(
        asyncio.gather(
            watch_lag(),
            watch_cpu(),
            *(
                phone_loop(client, phone, path_for, interval, deadline, stop, record)
                for phone in phones
            ),
        ),
        timeout=deadline - loop.time() + 30,
    )


@dataclass
class Change:
    number: int
    version: int
    control_ms: float
    delays: list[float]  # seconds from the POST being sent to each phone having the fragment
    missed: int
    server_cpu: float  # gunicorn's CPU seconds from the press until every phone had it

    def percentile(self, p: int) -> float:
        return _quantile(self.delays, p)


async def instructor_login(base_url: str, password: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base_url, timeout=20)
    page = await client.get("/accounts/login/")
    token = CSRF_FIELD.search(page.text)
    if page.status_code != 200 or token is None:
        await client.aclose()
        raise BenchError(f"GET /accounts/login/ gave {page.status_code} without a form")
    signed_in = await client.post(
        "/accounts/login/",
        data={"username": INSTRUCTOR, "password": password, "csrfmiddlewaretoken": token.group(1)},
    )
    if signed_in.status_code != 302:
        await client.aclose()
        raise BenchError(f"instructor sign-in gave {signed_in.status_code}, not a redirect")
    return client


async def propagation_phase(
    client: httpx.AsyncClient,
    instructor: httpx.AsyncClient,
    phones: list[Phone],
    session_id: int,
    titles: list[str],
    changes: int,
    interval: float,
    render_samples: list[Sample],
    poll_samples: list[Sample],
    cpu_probe: Callable[[], float],
    timeout: float = CHANGE_TIMEOUT,
) -> tuple[list[Change], Counter]:
    """Press "next" ``changes`` times while the phones poll; how long until each phone has it."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    wrong = Counter()
    start_version = max(p.version for p in phones)
    expected_title: dict[int, str] = {}

    def record(sample: Sample) -> None:
        (render_samples if sample.status == 200 else poll_samples).append(sample)

    def on_response(phone: Phone, response: httpx.Response, ended: float) -> float | None:
        if response.status_code != 200:
            return None
        found = VERSION_ATTR.search(response.text)
        if found is None:
            wrong["200 without a version"] += 1
            return None
        version = int(found.group(1))
        title = expected_title.get(version)
        if title is None or title not in response.text:
            wrong[f"200 with version {version} but not its activity"] += 1
        phone.version = version
        phone.seen.append((version, ended))
        return ended + random.uniform(0, 0.25)

    async def controller() -> list[Change]:
        results = []
        control_url = f"/teach/sessions/{session_id}/control/"
        try:
            await asyncio.sleep(interval * 1.5)
            for number in range(1, changes + 1):
                version = start_version + number
                expected_title[version] = titles[number - 1]
                cpu_before = cpu_probe()
                sent = loop.time()
                pressed = await instructor.post(
                    control_url,
                    data={"action": "next"},
                    headers={"X-CSRFToken": instructor.cookies.get("csrftoken") or ""},
                )
                control_ms = (loop.time() - sent) * 1000
                if pressed.status_code != 302:
                    raise BenchError(f"'next' on the dashboard gave {pressed.status_code}")
                limit = loop.time() + timeout
                while loop.time() < limit and any(p.first_seen(version) is None for p in phones):
                    await asyncio.sleep(0.05)
                seen = [p.first_seen(version) for p in phones]
                results.append(
                    Change(
                        number=number,
                        version=version,
                        control_ms=control_ms,
                        delays=[at - sent for at in seen if at is not None],
                        missed=sum(at is None for at in seen),
                        server_cpu=cpu_probe() - cpu_before,
                    )
                )
                await asyncio.sleep(interval)
        finally:
            stop.set()
        return results

    deadline = loop.time() + interval * 1.5 + changes * (timeout + interval + 15)
    loops = asyncio.gather(
        *(
            phone_loop(
                client,
                phone,
                lambda p: f"{p.poll_path}?v={p.version}",
                interval,
                deadline,
                stop,
                record,
                on_response,
            )
            for phone in phones
        )
    )
    results, _ = await asyncio.wait_for(
        asyncio.gather(controller(), loops), timeout=deadline - loop.time() + 30
    )
    return results, wrong


# --- the report ----------------------------------------------------------------------------


def _ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:8.1f}"


def _errors(counter: Counter) -> str:
    if not counter:
        return "0"
    return ", ".join(
        f"{n}x {'no answer' if status == 0 else status}" for status, n in counter.items()
    )


def _quantile(values: list[float], p: int) -> float:
    if not values:
        return math.nan
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[p - 1]


def slot_pair_ratio(poll: PhaseStats, base: PhaseStats, p: int) -> tuple[float, int]:
    """The median, over neighbouring slots (A in slot 2k, B in 2k+1), of the ratio of their
    ``p``th percentiles: a figure less moved by bursts of load from other processes."""

    def by_slot(stats: PhaseStats) -> dict[int, list[float]]:
        slots: dict[int, list[float]] = {}
        for sample in stats.samples:
            if sample.status == stats.expected_status:
                slots.setdefault(sample.slot, []).append(sample.latency)
        return slots

    a, b = by_slot(poll), by_slot(base)
    ratios = [_quantile(a[k], p) / _quantile(b[k + 1], p) for k in sorted(a) if k + 1 in b and a[k]]
    return (statistics.median(ratios) if ratios else math.nan), len(ratios)


def phase_row(stats: PhaseStats) -> str:
    count = len(stats.samples)
    return (
        f"{stats.label:<22} {count:>8} {count / stats.seconds:>7.1f} "
        f"{_ms(stats.percentile(50))} {_ms(stats.percentile(95))} {_ms(stats.percentile(99))} "
        f"{_ms(max(stats.latencies_ms, default=math.nan))}   {_errors(stats.errors)}"
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --- the run -------------------------------------------------------------------------------


async def drive(
    args: argparse.Namespace,
    base_url: str,
    fixture: dict,
    password: str,
    cpu_probe: Callable[[], float],
) -> bool:
    code = fixture["code"]
    load_before = os.getloadavg()[0]
    began = time.monotonic()
    phones = await phones_join(base_url, code, args.phones)
    join_seconds = time.monotonic() - began
    print(f"joined {len(phones)} phones as guests through the form in {join_seconds:.1f} s")

    poll_samples: list[Sample] = []
    base_samples: list[Sample] = []
    lag: list[float] = []
    cpu = [0.0, 0.0]
    async with shared_client(base_url, args.connections or args.phones) as client:
        print(
            f"phases A and B: alternating every {args.slot:g} s, {args.seconds:g} s of each "
            "(after a ramp-up)"
        )
        await alternating_phases(
            client,
            phones,
            (lambda p: f"{p.poll_path}?v={p.version}", lambda p: f"/bench/baseline/?v={p.version}"),
            args.interval,
            args.seconds,
            args.slot,
            (poll_samples, base_samples),
            lag,
            cpu_probe,
            cpu,
        )
        print(f"phase C: {args.changes} changes pressed on the dashboard while phones poll")
        instructor = await instructor_login(base_url, password)
        render_samples: list[Sample] = []
        c_poll_samples: list[Sample] = []
        try:
            changes, wrong = await propagation_phase(
                client,
                instructor,
                phones,
                fixture["session_id"],
                fixture["titles"],
                args.changes,
                args.interval,
                render_samples,
                c_poll_samples,
                cpu_probe,
            )
        finally:
            await instructor.aclose()

    c_unexpected = Counter(s.status for s in c_poll_samples if s.status != 204)
    poll = PhaseStats("A unchanged poll", args.seconds, poll_samples, 204)
    base = PhaseStats("B baseline 204", args.seconds, base_samples, 204)
    renders = PhaseStats("C changed poll (200)", 1, render_samples, 200)
    p50_ratio = poll.percentile(50) / base.percentile(50)
    p95_ratio = poll.percentile(95) / base.percentile(95)
    slot_p95 = slot_pair_ratio(poll, base, 95)
    lag_ms = sorted(x * 1000 for x in lag)
    worst = max((max(c.delays, default=math.inf) if not c.missed else math.inf) for c in changes)
    missed = sum(c.missed for c in changes)
    worst_text = (
        f"{worst:.2f} s"
        if not missed
        else f"over {CHANGE_TIMEOUT:g} s ({missed} phone-changes never arrived in that time)"
    )
    worst_p95 = max(c.percentile(95) for c in changes)

    print()
    print("=" * 96)
    print(
        f"{args.phones} phones, one poll every {args.interval:g} s, {args.seconds:g} s measured "
        f"of each of A and B, taking turns every {args.slot:g} s"
    )
    print(
        f"server: gunicorn gthread, {args.workers} workers x {args.threads} threads on "
        f"{os.cpu_count()} CPU cores ({platform.machine()}), PostgreSQL + Redis, DEBUG off; "
        "load generator: one asyncio process, httpx pool of "
        f"{args.connections or args.phones} connections, same machine"
    )
    print()
    print(f"{'phase':<22} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'max ms':>8}   errors")  # fmt: skip
    print(phase_row(poll))
    print(phase_row(base))
    print()
    print(f"ratio poll/baseline   p50 {p50_ratio:.2f}x   p95 {p95_ratio:.2f}x")  # fmt: skip
    print(f"median over {slot_p95[1]} neighbouring A/B slot pairs of the p95 ratio: "
          f"{slot_p95[0]:.2f}x")  # fmt: skip
    print(
        "target p95 <= 1.25x, both overall and as the median of slot pairs (a burst of load "
        f"from elsewhere in one slot moves the overall figure): "
        f"{verdict(p95_ratio <= 1.25 and slot_p95[0] <= 1.25)}"
    )
    cpu_poll, cpu_base = (
        1000 * cpu[i] / max(len(x.samples), 1) for i, x in enumerate((poll, base))
    )
    print(
        f"gunicorn CPU per request (all its processes, /proc): poll {cpu_poll:.2f} ms, "
        f"baseline {cpu_base:.2f} ms, ratio {cpu_poll / cpu_base:.2f}x"
    )
    print(
        f"load generator's event-loop lag (included in every latency above): "
        f"p50 {_quantile(lag_ms, 50):.1f} ms, p95 {_quantile(lag_ms, 95):.1f} ms; "
        f"machine load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print()
    print(f"{'change':<8} {'version':>7} {'control ms':>10} {'reached':>9} {'p50 s':>7} "
          f"{'p95 s':>7} {'max s':>7} {'server CPU s':>12}")  # fmt: skip
    for c in changes:
        print(
            f"{c.number:<8} {c.version:>7} {c.control_ms:>10.1f} "
            f"{len(c.delays):>4}/{len(phones):<4} "
            f"{c.percentile(50):>7.2f} {c.percentile(95):>7.2f} "
            f"{max(c.delays, default=math.nan):>7.2f} {c.server_cpu:>12.2f}"
        )
    print(f"worst: p95 {worst_p95:.2f} s, max {worst_text} to reach every phone "
          f"(target every phone <= 3 s: {verdict(worst <= 3.0)})")  # fmt: skip
    print(
        f"the changed poll (200, fragment rendered) during C: {len(renders.samples)} responses, "
        f"p50 {renders.percentile(50):.1f} ms, p95 {renders.percentile(95):.1f} ms, "
        f"max {max(renders.latencies_ms, default=math.nan):.1f} ms; "
        f"unexpected answers: {_errors(c_unexpected)}" + (f"; {dict(wrong)}" if wrong else "")
    )
    print(
        "below HTTP: "
        + (", ".join(f"{n}x {what}" for what, n in TRANSPORT.items()) or "nothing to report")
    )
    print("=" * 96)
    return not poll.errors and not base.errors and not wrong


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    password = secrets.token_urlsafe(18)
    fixture_command = [sys.executable, "-m", "bench.fixture"]
    try:
        with bench_site(
            args, name="poll", password=password, fixture_command=fixture_command
        ) as site:
            cpu = partial(process_cpu_seconds, site.process.pid)
            clean = asyncio.run(drive(args, site.base_url, site.fixture, password, cpu))
            server_stop(site.process)
            if args.profile:
                print()
                print("--- single requests, gunicorn stopped (bench/paths.py) ---")
                profile_env = {**site.env, "BENCH_CODE": site.fixture["code"]}
                profile = [sys.executable, "-m", "bench.paths"]
                print(run_step("profile", profile, profile_env), end="")
            if not clean:
                print(f"--- gunicorn log ---\n{log_tail(site.log)}")
            return 0 if clean else 1
    except BenchError as exc:
        print(f"bench/poll.py: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
