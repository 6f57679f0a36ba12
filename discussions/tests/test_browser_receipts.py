"""In a real browser: a reply whose receipt was lost on the way back is resent with the same
idempotency key and stored once; the next reply is a new one."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from classroom import services as core
from classroom.models import Course, Lesson
from discussions.models import Reply
from tests.browser import Breaker, guest_join

pytestmark = pytest.mark.browser

REPLY = re.compile(r"/discussion/live/[A-Z0-9]+/reply/$")


@pytest.fixture
def discussing(db):
    user = get_user_model().objects.create_user("ada", password="browser-reply-pw")
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    discussion = core.activity_append(
        lesson_id=lesson.pk, kind="discussion", title="Why sigmoid?", body="Say why."
    )
    session = core.live_session_start(lesson_id=lesson.pk)
    return core.live_session_goto(session=session, activity_id=discussion.pk)


def test_a_reply_whose_receipt_was_lost_is_stored_once(gunicorn_server, discussing, phone):
    session = discussing
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
