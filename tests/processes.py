"""Processes a test starts and owns: its own Redis server, Celery worker and Celery beat.

Terms:

- **private Redis**: a ``redis-server`` this test started on a free port, with nothing
  persisted; the test may kill or stop it. The shared Redis (``REDIS_URL``) and PostgreSQL are
  never stopped by a test.
- **private worker** / **private beat**: ``celery -A classroom worker`` / ``beat`` pointed at a
  private Redis and at the test database; the test may kill them with SIGKILL.

Every process here is stopped by its own ``Popen`` object, never by name.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support import BASE_DIR, free_port, log_tail, require_service, wait_until


def process_stop(process: subprocess.Popen, *, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it has not exited within ``timeout`` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def process_kill(process: subprocess.Popen) -> None:
    """SIGKILL, as when a machine loses a process: nothing is acknowledged or cleaned up."""
    process.kill()
    process.wait(timeout=10)


@dataclass
class Process:
    """A process with its log file."""

    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log, lines)

    def exited(self) -> bool:
        return self.process.poll() is not None


def process_start(command: list[str], *, log: Path, env: dict[str, str]) -> Process:
    with log.open("a") as output:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    return Process(process=process, log=log)


@contextmanager
def private_redis(directory: Path) -> Iterator[str]:
    """Start a private Redis and yield its URL (database 0); stop it on exit."""
    executable = shutil.which("redis-server")
    if executable is None:
        require_service("needs redis-server on PATH (apt-get install redis-server)")
    import redis

    port = free_port()
    server = process_start(
        [
            executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--daemonize", "no", "--dir", str(directory),
        ],
        log=directory / "redis.log",
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)

    def answers() -> bool:
        if server.exited():
            raise RuntimeError(f"redis-server exited:\n{server.log_tail()}")
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False

    try:
        wait_until(answers, timeout=20, message="the private Redis to answer")
        yield url
    finally:
        client.close()
        process_stop(server.process)


def celery_env(*, database_url: str, redis_url: str) -> dict[str, str]:
    """The environment of a private worker or beat: this run's queue and key prefix (set in
    the environment by the root conftest), the test database, the private Redis."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "classroom.settings",
        "PYTHONUNBUFFERED": "1",
    }


def celery_worker_start(*, hostname: str, env: dict[str, str], log: Path) -> Process:
    """A one-process worker (``--pool solo``: SIGKILL leaves no child behind) on the default
    queue of ``env``'s settings."""
    return process_start(
        [
            sys.executable, "-m", "celery", "-A", "classroom", "worker",
            "--pool", "solo", "--concurrency", "1", "--loglevel", "INFO",
            "--hostname", hostname, "--without-gossip", "--without-mingle",
        ],
        log=log,
        env=env,
    )  # fmt: skip


def celery_beat_start(*, schedule: Path, env: dict[str, str], log: Path) -> Process:
    """Beat with the schedule of settings (``CELERY_BEAT_SCHEDULE``); ``schedule`` is its
    scratch state file."""
    return process_start(
        [
            sys.executable, "-m", "celery", "-A", "classroom", "beat",
            "--loglevel", "INFO", "--schedule", str(schedule),
        ],
        log=log,
        env=env,
    )  # fmt: skip


def celery_worker_prefork_start(
    *, hostname: str, env: dict[str, str], log: Path, concurrency: int = 2
) -> Process:
    """A worker with ``concurrency`` pool processes (``--pool prefork``, as in production) on
    the default queue of ``env``'s settings. SIGKILL of the parent takes its pool processes
    with it: Celery sets their parent-death signal to SIGKILL (``celery.platforms
    .set_pdeathsig``); :func:`process_children` lists them so a test can wait for that."""
    return process_start(
        [
            sys.executable, "-m", "celery", "-A", "classroom", "worker",
            "--pool", "prefork", "--concurrency", str(concurrency), "--loglevel", "INFO",
            "--hostname", hostname, "--without-gossip", "--without-mingle",
        ],
        log=log,
        env=env,
    )  # fmt: skip


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """A process's state letter and parent id from ``/proc``, None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name, in parentheses, may hold spaces: the fields after it are fixed.
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def process_children(pid: int) -> list[int]:
    """The ids of the live processes whose parent is ``pid``."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat is not None and stat[1] == pid and stat[0] not in "ZX":
                children.append(int(entry.name))
    return children


def process_gone(pid: int) -> bool:
    """True when ``pid`` has exited (gone, or a zombie nobody has reaped yet)."""
    stat = _proc_stat(pid)
    return stat is None or stat[0] in "ZX"


@dataclass
class RestartableRedis:
    """A private Redis that a test may kill and start again on the same port (its clients
    keep their address); nothing is persisted, so a restart comes back empty, as a Redis
    without persistence does after a crash."""

    port: int
    directory: Path
    server: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it on its port and wait until it answers."""
        executable = shutil.which("redis-server")
        if executable is None:
            require_service("needs redis-server on PATH (apt-get install redis-server)")
        import redis

        server = process_start(
            [
                executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", str(self.directory),
            ],
            log=self.directory / "redis.log",
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        )  # fmt: skip
        self.server = server
        client = redis.Redis.from_url(self.url)

        def answers() -> bool:
            if server.exited():
                raise RuntimeError(f"redis-server exited:\n{server.log_tail()}")
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        try:
            wait_until(answers, timeout=20, message="the private Redis to answer")
        finally:
            client.close()

    def kill(self) -> None:
        """SIGKILL: every queued and unacknowledged message is lost with it."""
        if self.server is not None:
            process_kill(self.server.process)

    def stop(self) -> None:
        if self.server is not None:
            process_stop(self.server.process)


@contextmanager
def private_redis_restartable(directory: Path) -> Iterator[RestartableRedis]:
    """Start a :class:`RestartableRedis` on a free port and yield it; stop it on exit."""
    server = RestartableRedis(port=free_port(), directory=directory)
    try:
        server.start()
        yield server
    finally:
        server.stop()
