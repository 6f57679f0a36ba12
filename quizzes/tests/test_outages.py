"""With Redis down, the site keeps answering from the database; with Celery's broker down, a
write stands and its task is left to the sweeper. Each outage is a Redis this test started on
its own port (or a port where nothing listens); the shared Redis is never stopped.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from classroom.cache import ResilientRedisCache
from quizzes import services
from quizzes.models import Answer, QuizRun
from tests.processes import process_kill, process_start, process_stop
from tests.support import free_port, require_service, wait_until

from .conftest import choice_id

HX = {"HTTP_HX_REQUEST": "true"}
_numbers = itertools.count(1)


def redis_cache(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "classroom.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": f"outage-{port}",
        }
    }


def outage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "classroom.cache"]


@pytest.fixture
def teacher(course) -> Client:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("ada", password="pw-teacher-1")
    course.instructors.add(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def open_quiz(run, session, questions):
    """The session's current activity is the quiz, its first question open."""
    from classroom import services as core

    core.live_session_goto(session=session, activity_id=run.quiz.activity_id)
    run = services.question_open(run=QuizRun.objects.get(pk=run.pk))
    return session, run, questions["Q1"]


def phone_steps(session, question) -> tuple[Client, list[int]]:
    """A phone joins as a guest, opens the live page, polls, and answers: the statuses."""
    phone = Client()
    name = f"Guest {next(_numbers)}"
    statuses = [phone.post(f"/j/{session.join_code}/", {"display_name": name}).status_code]
    statuses.append(phone.get(f"/live/{session.join_code}/").status_code)
    statuses.append(phone.get(f"/live/{session.join_code}/poll/", {"v": "0"}, **HX).status_code)
    answer = {"question": question.pk, "choice": choice_id(question, "A")}
    statuses.append(phone.post(f"/quiz/live/{session.join_code}/answer/", answer, **HX).status_code)
    return phone, statuses


def test_with_redis_answering_the_phone_steps_succeed(open_quiz):
    session, run, question = open_quiz
    _phone, statuses = phone_steps(session, question)
    assert statuses == [302, 200, 200, 200]
    assert Answer.objects.filter(run=run).count() == 1


def test_with_redis_down_the_phone_steps_succeed_from_the_database(open_quiz, caplog):
    session, run, question = open_quiz
    caplog.set_level(logging.WARNING, logger="classroom.cache")
    with override_settings(CACHES=redis_cache(free_port())):
        _phone, statuses = phone_steps(session, question)
        _other, more = phone_steps(session, question)
    assert statuses == [302, 200, 200, 200] and more == statuses
    assert Answer.objects.filter(run=run).count() == 2
    said = outage_lines(caplog)
    assert len(said) == 1 and "Redis does not answer" in said[0], said


@pytest.fixture
def private_redis_server(tmp_path):
    executable = shutil.which("redis-server")
    if executable is None:
        require_service("needs redis-server on PATH (apt-get install redis-server)")
    port = free_port()
    command = [
        executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--daemonize", "no", "--dir", str(tmp_path),
    ]  # fmt: skip
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    import redis

    def start():
        server = process_start(command, log=tmp_path / "redis.log", env=env)
        client = redis.Redis(port=port)
        wait_until(lambda: _pings(client), timeout=20, message="the private Redis to answer")
        return server

    servers = [start()]
    yield port, servers, start
    for server in servers:
        process_stop(server.process)


def _pings(client) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


def test_redis_killed_and_restarted_mid_lesson(open_quiz, private_redis_server, caplog):
    session, run, question = open_quiz
    port, servers, start = private_redis_server
    caplog.set_level(logging.WARNING, logger="classroom.cache")
    with override_settings(CACHES=redis_cache(port)):
        backend = caches["default"]
        assert isinstance(backend, ResilientRedisCache)
        _phone, statuses = phone_steps(session, question)
        assert statuses == [302, 200, 200, 200]
        assert backend.get(f"live:{session.join_code}:v") is not None
        assert outage_lines(caplog) == []

        process_kill(servers[0].process)
        _phone, statuses = phone_steps(session, question)
        assert statuses == [302, 200, 200, 200]
        assert Answer.objects.filter(run=run).count() == 2

        servers.append(start())
        # The next call after the retry pause reaches Redis again and empties the stale keys.
        wait_until(
            lambda: backend.get("probe") is None and backend.outage.down_since is None,
            timeout=10,
            message="the cache to reach the restarted Redis",
        )
        _phone, statuses = phone_steps(session, question)
        assert statuses == [302, 200, 200, 200]
        assert backend.get(f"live:{session.join_code}:v") is not None
    said = outage_lines(caplog)
    assert len(said) == 2, said
    assert "Redis does not answer" in said[0] and "Redis answers again" in said[1]
    assert Answer.objects.filter(run=run).count() == 3


@pytest.fixture
def broker_down(monkeypatch):
    """The close task sent through a Celery app whose broker is a port where nothing listens
    (the site's own app, and the shared Redis, are left alone)."""
    from celery import Celery

    from quizzes import tasks

    dead = Celery("broker-down", broker=f"redis://127.0.0.1:{free_port()}/0", set_as_current=False)
    dead.conf.broker_connection_timeout = 1
    dead.conf.broker_connection_retry = False

    @dead.task(name="quizzes.tasks.question_close_due", shared=False)
    def question_close_due(run_id: int) -> None:
        raise AssertionError("never runs: nothing listens at the broker")

    monkeypatch.setattr(tasks, "question_close_due", question_close_due)
    yield
    dead.close()


def test_opening_a_timed_question_with_the_broker_down_keeps_it_open(
    run, session, teacher, broker_down, caplog, django_capture_on_commit_callbacks
):
    from classroom import services as core

    core.live_session_goto(session=session, activity_id=run.quiz.activity_id)
    caplog.set_level(logging.WARNING, logger="classroom.kinds.tasks")
    with django_capture_on_commit_callbacks(execute=True) as sent:
        response = teacher.post(
            f"/quiz/runs/{run.pk}/control/", {"action": "open", "time_limit": "10"}, **HX
        )
    assert response.status_code == 200 and len(sent) >= 1
    run.refresh_from_db()
    assert run.state == QuizRun.State.OPEN and run.deadline is not None
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and "sweeper" in said[0], said


def test_opening_a_timed_question_with_the_broker_answering_logs_nothing(
    run, session, teacher, caplog, django_capture_on_commit_callbacks
):
    from classroom import services as core

    core.live_session_goto(session=session, activity_id=run.quiz.activity_id)
    caplog.set_level(logging.WARNING, logger="classroom.kinds.tasks")
    with django_capture_on_commit_callbacks(execute=True) as sent:
        response = teacher.post(
            f"/quiz/runs/{run.pk}/control/", {"action": "open", "time_limit": "10"}, **HX
        )
    assert response.status_code == 200 and len(sent) >= 1
    run.refresh_from_db()
    assert run.state == QuizRun.State.OPEN and run.deadline is not None
    assert not [r for r in caplog.records if "did not take" in r.getMessage()]
