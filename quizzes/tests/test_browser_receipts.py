"""In a real browser: a phone shows as saved only what the server acknowledged, and an answer
that could not be sent is retried (with the same idempotency key) until it is.

The network is broken with Playwright's ``page.route``: requests dropped, answered 500, or
delivered with the answer lost on the way back.
"""

from __future__ import annotations

import re

import pytest

from classroom import services as core
from discussions.models import Reply
from quizzes import services
from quizzes.models import Answer, QuizRun
from tests.browser import guest_join

pytestmark = pytest.mark.browser

ANSWER = re.compile(r"/quiz/live/[A-Z0-9]+/answer/$")
REPLY = re.compile(r"/discussion/live/[A-Z0-9]+/reply/$")


@pytest.fixture
def open_question(quiz_lesson):
    """A live session of the quiz lesson with its first question open."""
    activity = quiz_lesson.activity
    session = core.live_session_start(lesson_id=activity.lesson_id)
    session = core.live_session_goto(session=session, activity_id=activity.pk)
    run = QuizRun.objects.get(quiz=quiz_lesson, session=session)
    services.question_open(run=run)
    return session, run


class Breaker:
    """A route handler that breaks the first ``times`` requests in the way named, then lets
    them through; it counts what it saw."""

    def __init__(self, how: str, times: int) -> None:
        self.how, self.times, self.seen = how, times, 0

    def __call__(self, route) -> None:
        self.seen += 1
        if self.seen > self.times:
            route.continue_()
        elif self.how == "drop":
            route.abort("connectionreset")
        elif self.how == "500":
            route.fulfill(status=500, body="Server Error")
        else:  # "lose the answer": the server stores it, the phone never hears back
            route.fetch()
            route.abort("connectionreset")


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

    page.unroute(ANSWER)
    page.route(ANSWER, breaker_500)
    page.locator("[data-receipt-status][data-state=saved]").wait_for(timeout=20_000)
    assert breaker.seen == 1 and breaker_500.seen == 2
    stored = Answer.objects.get(run=run)
    chosen = page.locator('button.quiz-choice[aria-pressed="true"]')
    assert chosen.count() == 1
    assert int(chosen.get_attribute("value")) in stored.choice_ids
    assert "Answer received" in page.text_content(".quiz-received")


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


def test_a_reply_whose_receipt_was_lost_is_stored_once(gunicorn_server, quiz_lesson, phone):
    lesson_id = quiz_lesson.activity.lesson_id
    discussion = core.activity_append(
        lesson_id=lesson_id, kind="discussion", title="Why sigmoid?", body="Say why."
    )
    session = core.live_session_start(lesson_id=lesson_id)
    core.live_session_goto(session=session, activity_id=discussion.pk)
    page = phone()
    guest_join(page, gunicorn_server.url, session.join_code, "Di")
    breaker = Breaker("lose the answer", times=1)
    page.route(REPLY, breaker)

    page.fill("#reply-text", "It squashes to (0, 1)")
    page.click("form[data-receipt] button.primary")
    page.locator("ul.replies.mine li").filter(has_text="It squashes").wait_for(timeout=20_000)
    assert breaker.seen == 2
    assert list(Reply.objects.values_list("text", flat=True)) == ["It squashes to (0, 1)"]
    # A second reply is a new one, not a resend.
    page.fill("#reply-text", "And it is smooth")
    page.click("form[data-receipt] button.primary")
    page.locator("ul.replies.mine li").filter(has_text="smooth").wait_for(timeout=10_000)
    assert Reply.objects.count() == 2
