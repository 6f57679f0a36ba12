"""Helpers behind the shared fixtures of the root ``conftest.py``.

Terms:

- **CI mode**: ``CI=true`` in the environment, as ``.ci/run`` runs. In CI mode a test that needs
  a service (PostgreSQL, Redis, Chromium) fails when the service is missing; elsewhere it skips
  with the reason, so a laptop without Redis still runs the rest of the suite.
- **test database**: the database pytest-django creates for the run (``test_<name>`` on
  PostgreSQL). Processes started by the fixtures (a Celery worker, gunicorn) are pointed at it
  through ``DATABASE_URL``, so they see every row a transactional test commits.
"""

import os
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

# Debian's Chromium; Playwright never downloads a browser here. Without the networking flags
# Chromium keeps trying to reach hosts that this closed network refuses.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def require_service(reason: str, *, in_ci: bool = IN_CI) -> NoReturn:
    """Stop the current test because a service it needs is missing: fail in CI, else skip."""
    if in_ci:
        pytest.fail(
            f"{reason}. CI=true: no test may skip because a service is missing.", pytrace=False
        )
    pytest.skip(reason)


def wait_until[T](
    condition: Callable[[], T],
    *,
    timeout: float = 10.0,
    interval: float = 0.05,
    message: str = "the condition",
) -> T:
    """Call ``condition`` until it returns something truthy and return that, or fail at the
    deadline. The pause between calls is a small poll step, never the thing being waited for.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"gave up after {timeout:g} s waiting for {message}")
        time.sleep(interval)


def database_url_of_test_database() -> str:
    """A ``DATABASE_URL`` naming the test database this process is connected to.

    Call after pytest-django has created the test database (request ``django_db_setup``).
    """
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            raise RuntimeError(
                "the SQLite test database is in memory, so no other process can open it; "
                "the root conftest makes it a file when a collected test needs a worker or server"
            )
        return f"sqlite:///{name}"
    configured = os.environ.get("DATABASE_URL", "")
    if not configured:
        raise RuntimeError(f"{connection.vendor} is in use but DATABASE_URL is unset")
    return urlunsplit(urlsplit(configured)._replace(path="/" + quote(name)))


def free_port() -> int:
    """A TCP port nobody listens on at this moment, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_tail(path: Path, lines: int = 40) -> str:
    """The last lines of a process log, to put in a failure message."""
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


ARTIFACTS = BASE_DIR / "test-artifacts"


@dataclass
class BrowserContexts:
    """The Playwright browser contexts one test opened; each has its own cookie jar."""

    browser: Any
    opened: list[tuple[str, Any]] = field(default_factory=list)

    def page(self, label: str, **options: Any) -> Any:
        """Open a new context with ``options`` and return a new page in it."""
        context = self.browser.new_context(**options)
        context.set_default_timeout(10_000)
        self.opened.append((label, context))
        return context.new_page()

    def close(self) -> None:
        for _label, context in self.opened:
            context.close()
        self.opened.clear()


def screenshots_save(
    contexts: BrowserContexts, *, name: str, directory: Path = ARTIFACTS
) -> list[Path]:
    """Save a PNG of every open page, named after the test; return the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    saved = []
    for number, (label, context) in enumerate(contexts.opened, start=1):
        for page_number, page in enumerate(context.pages, start=1):
            path = directory / f"{stem}-{number}-{label}-{page_number}.png"
            try:
                page.screenshot(path=path, full_page=True)
            except Exception:  # noqa: S112 - a crashed page has no picture; keep the others
                continue
            saved.append(path)
    return saved
