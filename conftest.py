"""Fixtures the whole suite shares: real services for integration tests.

- ``celery_worker``: a real Celery worker process on ``REDIS_URL``, using the test database.
- ``gunicorn_server``: the site under real gunicorn, using the test database.
- ``browser``, ``phone``, ``projector``, ``desktop``: Debian's Chromium driven by Playwright.
- ``services_required``: the test runs only against PostgreSQL and Redis.
- ``wait_until``: poll a condition up to a deadline.

A test that uses ``celery_worker`` or ``gunicorn_server`` runs as a transactional test (marked
here at collection), because another process sees only committed rows. When a service is
missing the test skips with the reason, except under ``CI=true``, where it fails.

Each run gets its own Celery queue and cache key prefix, so runs sharing a Redis server do not
take each other's tasks or read each other's keys; the cache is emptied before and after
every test. Tests using the browser fixtures are marked ``browser``, those using
``celery_worker`` ``worker``, so ``-m "not browser"`` leaves them out.
"""

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import support
from tests.support import (
    BASE_DIR,
    CHROMIUM,
    CHROMIUM_ARGS,
    BrowserContexts,
    database_url_of_test_database,
    free_port,
    log_tail,
    require_service,
    screenshots_save,
)

# Playwright's sync API keeps an event loop running in the test thread; without this Django
# refuses ORM calls from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

RUN_ID = uuid.uuid4().hex[:10]
CELERY_QUEUE = f"classroom-test-{RUN_ID}"
CACHE_KEY_PREFIX = f"classroom-test-{RUN_ID}"
# The processes the fixtures start read these through settings; this process read its settings
# before this module was imported, so pytest_configure applies them here.
os.environ["CACHE_KEY_PREFIX"] = CACHE_KEY_PREFIX
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = CELERY_QUEUE
# Tests run without collectstatic: static files come straight from the sources.
os.environ["DJANGO_STATIC_MANIFEST"] = "false"

PHONE_VIEWPORT = {"width": 390, "height": 844}
PROJECTOR_VIEWPORT = {"width": 1920, "height": 1080}
DESKTOP_VIEWPORT = {"width": 1366, "height": 768}

BROWSER_FIXTURES = {"browser", "phone", "projector", "desktop"}
# Fixtures that start another process: their tests must commit what those processes read.
OUT_OF_PROCESS_FIXTURES = {"celery_worker", "gunicorn_server"}
_DJANGO_DB_ARGS = ("transaction", "reset_sequences", "databases", "serialized_rollback")
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("help") or config.getoption("version"):
        return
    from django.conf import settings

    from classroom.celery import app

    settings.CELERY_TASK_DEFAULT_QUEUE = CELERY_QUEUE
    app.conf.task_default_queue = CELERY_QUEUE
    settings.CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if "celery_worker" in names and not item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.worker)
        if names & OUT_OF_PROCESS_FIXTURES:
            _mark_transactional(item)


def _mark_transactional(item: pytest.Item) -> None:
    marker = item.get_closest_marker("django_db")
    kwargs = dict(zip(_DJANGO_DB_ARGS, marker.args, strict=False)) if marker else {}
    kwargs.update(marker.kwargs if marker else {})
    if kwargs.get("transaction"):
        return
    kwargs["transaction"] = True
    item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _test_failed(node: pytest.Item) -> bool:
    return any(report.failed for report in node.stash.get(_REPORTS, {}).values())


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A SQLite test database lives in memory, where no other process can open it: make it a
    file when a collected test starts a worker or a server.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        return
    if any(OUT_OF_PROCESS_FIXTURES & set(item.fixturenames) for item in request.session.items):
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


def _cache_empty() -> None:
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if isinstance(cache, RedisCache):
        # Remove this run's keys only: other runs and the Celery broker share the database.
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _cache_emptied() -> Iterator[None]:
    """Every test starts with an empty cache (join throttles, state versions, sessions) and
    leaves nothing behind in a shared Redis.
    """
    _cache_empty()
    yield
    _cache_empty()


@pytest.fixture
def wait_until() -> Callable[..., object]:
    """``wait_until(condition, timeout=10, message="...")``: poll until truthy, fail at the
    deadline; returns what the condition returned.
    """
    return support.wait_until


@pytest.fixture
def services_required() -> None:
    """The test runs against PostgreSQL and Redis, as in production: it skips without them,
    and fails under ``CI=true``.
    """
    from django.conf import settings
    from django.db import connection

    missing = []
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (set DATABASE_URL=postgres://...)")
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        missing.append("Redis (set REDIS_URL=redis://...)")
    if missing:
        require_service("needs " + " and ".join(missing))


def _redis_url_required() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        require_service("needs Redis: REDIS_URL is unset")
    return url


def _process_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "classroom.settings",
        "PYTHONUNBUFFERED": "1",
    }


def _process_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class CeleryWorker:
    process: subprocess.Popen
    hostname: str
    queue: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log, lines)


@pytest.fixture(scope="session")
def celery_worker(
    django_db_setup: None,
    django_db_blocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[CeleryWorker]:
    """A real ``celery -A classroom worker --pool solo`` process on ``REDIS_URL``, using the
    test database and this run's own queue; it has loaded ``tests.celery_probe``.

    Tasks sent with ``delay()`` run there. Wait for their effect with ``wait_until``; the worker
    sees only committed rows, so its tests are transactional.
    """
    redis_url = _redis_url_required()
    import redis

    from classroom.celery import app

    with django_db_blocker.unblock():
        database_url = database_url_of_test_database()
    hostname = f"{CELERY_QUEUE}@localhost"
    queue = app.conf.task_default_queue
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    command = [
        sys.executable, "-m", "celery", "-A", "classroom", "worker",
        "--pool", "solo", "--concurrency", "1", "--loglevel", "INFO",
        "--queues", queue, "--hostname", hostname, "--include", "tests.celery_probe",
        "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=_process_env(database_url),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    worker = CeleryWorker(process=process, hostname=hostname, queue=queue, log=log)

    def answers() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited with {process.returncode}")
        return bool(app.control.ping(destination=[hostname], timeout=0.5))

    try:
        support.wait_until(answers, timeout=60, interval=0.1, message="the Celery worker to answer")
    except (AssertionError, RuntimeError) as error:
        _process_stop(process)
        pytest.fail(f"{error}\n--- worker log ---\n{worker.log_tail()}", pytrace=False)
    yield worker
    _process_stop(process)
    # The queue, its priority lists and its bindings all carry the run's unique name.
    client = redis.Redis.from_url(redis_url)
    leftovers = list(client.scan_iter(match=f"*{queue}*", count=1000))
    if leftovers:
        client.delete(*leftovers)
    client.close()


@dataclass
class GunicornServer:
    process: subprocess.Popen
    url: str
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log, lines)


@pytest.fixture(scope="session")
def gunicorn_server(
    django_db_setup: None,
    django_db_blocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[GunicornServer]:
    """The site under real gunicorn on 127.0.0.1, using the test database; ``.url`` is its
    address. Two worker processes of eight threads each when Redis is configured; one process
    without it, because a local-memory cache is private to a process.
    """
    import http.client

    with django_db_blocker.unblock():
        database_url = database_url_of_test_database()
    port = free_port()
    workers = "2" if os.environ.get("REDIS_URL") else "1"
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    command = [
        sys.executable, "-m", "gunicorn", "classroom.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", workers, "--threads", "8",
        "--graceful-timeout", "5", "--log-level", "info",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=_process_env(database_url),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = GunicornServer(process=process, url=f"http://127.0.0.1:{port}", log=log)

    def answers() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/accounts/login/")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    try:
        support.wait_until(answers, timeout=60, interval=0.1, message="gunicorn to answer")
    except (AssertionError, RuntimeError) as error:
        _process_stop(process)
        pytest.fail(f"{error}\n--- gunicorn log ---\n{server.log_tail()}", pytrace=False)
    yield server
    _process_stop(process)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright's sync API (it never downloads one)."""
    if not CHROMIUM.exists():
        require_service(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def _browser_contexts(browser, request: pytest.FixtureRequest) -> Iterator[BrowserContexts]:
    contexts = BrowserContexts(browser=browser)
    yield contexts
    if _test_failed(request.node):
        screenshots_save(contexts, name=request.node.nodeid)
    contexts.close()


@pytest.fixture
def phone(_browser_contexts: BrowserContexts) -> Callable[..., object]:
    """A factory: ``phone()`` opens a new phone (390x844, mobile, touch) with its own cookie
    jar and returns its Playwright ``Page``. Options such as ``base_url`` pass through.
    """

    def open_phone(**options):
        settings = {
            "viewport": PHONE_VIEWPORT,
            "is_mobile": True,
            "has_touch": True,
            "device_scale_factor": 2,
        }
        return _browser_contexts.page("phone", **{**settings, **options})

    return open_phone


@pytest.fixture
def projector(_browser_contexts: BrowserContexts):
    """A Playwright ``Page`` at 1920x1080, in its own context, for the projector screen."""
    return _browser_contexts.page("projector", viewport=PROJECTOR_VIEWPORT)


@pytest.fixture
def desktop(_browser_contexts: BrowserContexts) -> Callable[..., object]:
    """A factory: ``desktop()`` opens a laptop-sized page (1366x768) in a new context, for the
    instructor's dashboard.
    """

    def open_desktop(**options):
        return _browser_contexts.page("desktop", **{"viewport": DESKTOP_VIEWPORT, **options})

    return open_desktop
