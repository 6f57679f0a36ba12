"""Fifty phones answer the same question at the same moment, through the real server.

Each phone is its own HTTP client (its own cookie jar, session and CSRF token) that joined as a
guest through the join form; threads wait at a barrier and send together. Every answer must be
stored exactly once, also when every phone sends its answer twice at once (a double tap).
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from classroom import services as core
from classroom.models import Course, Lesson, Participant
from quizzes import services
from quizzes.models import Answer, QuizRun

PHONES = 50
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GIFT = "::Prime::Which is a prime? {=7 ~8 ~9 ~10}\n"


@pytest.fixture
def open_question(db):
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    quiz = services.quiz_create_from_gift(lesson_id=lesson.pk, title="Daily quiz", text=GIFT)
    session = core.live_session_start(lesson_id=lesson.pk)
    core.live_session_goto(session=session, activity_id=quiz.activity_id)
    run = services.question_open(run=QuizRun.objects.get(quiz=quiz, session=session))
    choices = [c.pk for c in run.current_question.choices.order_by("position")]
    return session, run, choices


def phone_join(base: str, code: str, name: str) -> httpx.Cookies:
    """Join as a guest through the form; the phone's cookies (its session and CSRF token)."""
    with httpx.Client(base_url=base, timeout=60) as client:
        form = client.get(f"/j/{code}/")
        token = CSRF_FIELD.search(form.text).group(1)
        joined = client.post(
            f"/j/{code}/", data={"display_name": name, "csrfmiddlewaretoken": token}
        )
        assert joined.status_code == 302, joined.text[:300]
        assert client.get(f"/live/{code}/").status_code == 200
        return client.cookies


def phones_join(base: str, code: str) -> list[httpx.Cookies]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda n: phone_join(base, code, f"Phone {n:02d}"), range(PHONES)))


def answer_together(base: str, code: str, jars: list[httpx.Cookies], data: list[dict]) -> list[int]:
    """Each phone (a cookie jar, on a connection of its own) posts its answer at once, released
    by one barrier; the statuses."""
    barrier = threading.Barrier(len(jars))

    def send(jar: httpx.Cookies, fields: dict) -> int:
        with httpx.Client(base_url=base, timeout=60, cookies=jar) as client:
            headers = {"X-CSRFToken": jar["csrftoken"], "HX-Request": "true"}
            barrier.wait(timeout=60)
            response = client.post(f"/quiz/live/{code}/answer/", data=fields, headers=headers)
        assert "Answer received" in response.text or response.status_code != 200
        return response.status_code

    with ThreadPoolExecutor(max_workers=len(jars)) as pool:
        return list(pool.map(send, jars, data))


def test_fifty_phones_answering_at_once_are_each_stored_once(gunicorn_server, open_question):
    session, run, choices = open_question
    jars = phones_join(gunicorn_server.url, session.join_code)
    picks = [{"question": run.current_question_id, "choice": choices[n % 4]} for n in range(50)]
    statuses = answer_together(gunicorn_server.url, session.join_code, jars, picks)
    assert statuses == [200] * PHONES
    stored = Answer.objects.filter(run=run, question=run.current_question)
    assert stored.count() == PHONES
    assert stored.values("participant").distinct().count() == PHONES
    by_name = dict(stored.values_list("participant__display_name", "choice_ids"))
    assert by_name == {f"Phone {n:02d}": [choices[n % 4]] for n in range(PHONES)}
    assert Participant.objects.filter(session=session).count() == PHONES


def test_fifty_phones_each_sending_twice_at_once_leave_fifty_answers(
    gunicorn_server, open_question
):
    session, run, choices = open_question
    jars = phones_join(gunicorn_server.url, session.join_code)
    picks = [{"question": run.current_question_id, "choice": choices[n % 4]} for n in range(50)]
    statuses = answer_together(gunicorn_server.url, session.join_code, jars + jars, picks + picks)
    assert statuses == [200] * (2 * PHONES)
    stored = Answer.objects.filter(run=run, question=run.current_question)
    assert stored.count() == PHONES
    by_name = dict(stored.values_list("participant__display_name", "choice_ids"))
    assert by_name == {f"Phone {n:02d}": [choices[n % 4]] for n in range(PHONES)}
