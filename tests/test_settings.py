"""Settings read from the environment: the production shape passes Django's deployment check,
and REDIS_URL alone decides between Redis and the embedded in-process shape.

Each case runs in a fresh interpreter, since settings are read once per process.
"""

import json
import os
import secrets
import subprocess
import sys

from tests.support import BASE_DIR

PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "class.example.org",
    "PUBLIC_URL": "https://class.example.org",
    "DATABASE_URL": "postgres://classroom:secret@db.internal:5432/classroom",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_BACKEND": "smtp",
    "EMAIL_HOST": "smtp.example.org",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "true",
    "DEFAULT_FROM_EMAIL": "classroom@class.example.org",
}

SETTINGS_REPORT = """
import json
import django
django.setup()
from django.conf import settings
from django.core.cache import caches
from classroom.celery import app
print(json.dumps({
    "cache": type(caches["default"]).__name__,
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "always_eager": app.conf.task_always_eager,
    "broker_url": app.conf.broker_url,
    "database_engine": settings.DATABASES["default"]["ENGINE"],
    "mail_backend": settings.MAILERS["default"]["BACKEND"],
    "visibility_timeout": app.conf.broker_transport_options.get("visibility_timeout"),
    "task_time_limit": app.conf.task_time_limit,
}))
"""

# What beat would send: each scheduled task's name, and whether the worker (which imports
# every app's tasks module) knows it.
BEAT_REPORT = """
import json
import django
django.setup()
from django.conf import settings
from classroom.celery import app
app.loader.import_default_modules()
print(json.dumps({
    name: {"task": entry["task"], "registered": entry["task"] in app.tasks}
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
}))
"""

# Exactly the values the README names for production.
README_PRODUCTION = {
    name: PRODUCTION[name]
    for name in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS", "PUBLIC_URL")
}


def run_python(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
    """Run the project's Python with only ``environment`` set (plus what a process needs)."""
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "classroom.settings", **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def deploy_check(**environment: str) -> str:
    result = run_python("manage.py", "check", "--deploy", **environment)
    return result.stdout + result.stderr


def settings_report(**environment: str) -> dict:
    result = run_python("-c", SETTINGS_REPORT, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_deploy_check_finds_no_issue_with_production_values():
    output = deploy_check(**PRODUCTION)

    assert "System check identified no issues" in output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output


def test_deploy_check_finds_no_issue_with_production_values_and_no_email_backend():
    environment = {name: value for name, value in PRODUCTION.items() if name != "EMAIL_BACKEND"}

    output = deploy_check(**environment)

    assert "System check identified no issues" in output
    assert "mail.E001" not in output


def test_deploy_check_finds_no_issue_with_the_values_the_readme_names():
    output = deploy_check(**README_PRODUCTION)

    assert "System check identified no issues" in output


def test_without_email_backend_mail_goes_by_smtp_when_debug_is_off():
    assert settings_report()["mail_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_an_empty_email_backend_is_the_default_as_compose_passes_it_when_unset():
    report = settings_report(EMAIL_BACKEND="")

    assert report["mail_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_without_email_backend_mail_goes_to_the_console_while_developing():
    report = settings_report(DJANGO_DEBUG="true")

    assert report["mail_backend"] == "django.core.mail.backends.console.EmailBackend"


def test_email_backend_chooses_the_backend_whatever_debug_says():
    report = settings_report(EMAIL_BACKEND="console")

    assert report["mail_backend"] == "django.core.mail.backends.console.EmailBackend"


def test_deploy_check_warns_when_debug_is_on():
    output = deploy_check(**{**PRODUCTION, "DJANGO_DEBUG": "true"})

    assert "security.W018" in output


def test_deploy_check_warns_when_the_public_address_is_plain_http():
    output = deploy_check(**{**PRODUCTION, "PUBLIC_URL": "http://class.example.org"})

    assert "security.W008" in output


def test_deploy_check_refuses_the_console_email_backend():
    output = deploy_check(**{**PRODUCTION, "EMAIL_BACKEND": "console"})

    assert "mail.E001" in output


def test_without_redis_tasks_run_in_process_and_the_cache_is_local_memory():
    report = settings_report()

    assert report["always_eager"] is True
    assert report["cache"] == "LocMemCache"


def test_with_redis_it_is_the_celery_broker_and_the_cache():
    report = settings_report(REDIS_URL="redis://cache.internal:6379/3")

    assert report["always_eager"] is False
    assert report["broker_url"] == "redis://cache.internal:6379/3"
    assert report["cache"] == "ResilientRedisCache"
    assert report["cache_location"] == "redis://cache.internal:6379/3"


def test_without_database_url_the_database_is_a_sqlite_file():
    assert settings_report()["database_engine"] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    report = settings_report(DATABASE_URL="postgres://classroom@db.internal:5432/classroom")

    assert report["database_engine"] == "django.db.backends.postgresql"


def test_a_task_a_killed_worker_held_returns_to_the_queue_after_the_hard_time_limit():
    report = settings_report(REDIS_URL="redis://cache.internal:6379/3")

    assert report["task_time_limit"] < report["visibility_timeout"] < 60 * 60


def test_beat_schedules_the_quiz_sweep_and_the_session_cleanup_as_registered_tasks():
    result = run_python("-c", BEAT_REPORT)
    assert result.returncode == 0, result.stderr
    schedule = json.loads(result.stdout)

    assert schedule["quiz-questions-close-overdue"]["task"] == (
        "quizzes.tasks.questions_close_overdue"
    )
    assert schedule["sessions-clear-expired"]["task"] == "classroom.tasks.sessions_clear_expired"
    assert all(entry["registered"] for entry in schedule.values()), schedule
