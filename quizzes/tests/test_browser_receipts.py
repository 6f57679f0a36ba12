"""In a real browser: a phone shows as saved only what the server acknowledged, and an answer
that could not be sent is retried (with the same idempotency key) until it is.

The network is broken with Playwright's ``page.route``: requests dropped, answered 500, or
delivered with the answer lost on the way back.
"""

from __future__ import annotations

import re

import pytest

from classroom import services as core
from quizzes import services
from quizzes.models import Answer, QuizRun
from quizzes.tests.test_browser import shot
from tests.browser import Breaker, guest_join

pytestmark = pytest.mark.browser

ANSWER = re.compile(r"/quiz/live/[A-Z0-9]+/answer/$")


@pytest.fixture
def open_question(quiz_lesson):
    """A live session of the quiz lesson with its first question open."""
    activity = quiz_lesson.activity
    session = core.live_session_start(lesson_id=activity.lesson_id)
    session = core.live_session_goto(session=session, activity_id=activity.pk)
    run = QuizRun.objects.get(quiz=quiz_lesson, session=session)
    services.question_open(run=run)
    return session, run


def status(page):
    return page.locator("form[data-receipt] [data-receipt-status]")


def test_a_failed_answer_says_not_sent_then_is_retried_until_saved(
    gunicorn_server, open_question, phone
):
    session, run = open_question
    page = phone()
    guest_join(page, gunicorn_server.url, session.join_code, "Bo")
    breaker = Breaker("drop", times=1)
    page.route(ANSWER, breaker)
    breaker_500 = Breaker("500", times=1)

    page.locator("button.quiz-choice").nth(1).click()
    page.locator("[data-receipt-status][data-state=retrying]").wait_for()
    assert "Not sent yet" in status(page).text_content()
    # Not saved, and not shown as the phone's answer while it is not.
    assert not Answer.objects.filter(run=run).exists()
    assert page.locator("button.quiz-choice.is-chosen").count() == 0
    assert "sending" in page.locator("button.quiz-choice").nth(1).text_content()
    shot(page, "phone-answer-not-sent")

    page.unroute(ANSWER)
    page.route(ANSWER, breaker_500)
    page.locator("[data-receipt-status][data-state=saved]").wait_for(timeout=20_000)
    assert breaker.seen == 1 and breaker_500.seen == 2
    stored = Answer.objects.get(run=run)
    chosen = page.locator('button.quiz-choice[aria-pressed="true"]')
    assert chosen.count() == 1
    assert int(chosen.get_attribute("value")) in stored.choice_ids
    assert "Answer received" in page.text_content(".quiz-received")
    shot(page, "phone-answer-saved")


def test_an_answer_pending_when_the_phone_reloads_is_sent_after_the_reload(
    gunicorn_server, open_question, phone
):
    session, run = open_question
    page = phone()
    guest_join(page, gunicorn_server.url, session.join_code, "Cy")
    page.route(ANSWER, Breaker("drop", times=1_000))
    page.locator("button.quiz-choice").nth(2).click()
    page.locator("[data-receipt-status][data-state=retrying]").wait_for()
    page.unroute(ANSWER)

    page.reload()
    page.locator("[data-receipt-status][data-state=saved]").wait_for(timeout=10_000)
    stored = Answer.objects.get(run=run)
    third = page.locator("button.quiz-choice").nth(2)
    assert int(third.get_attribute("value")) in stored.choice_ids
    third.and_(page.locator('[aria-pressed="true"]')).wait_for()
    assert page.evaluate("Object.keys(window.classroomReceipts.pending()).length") == 0
