"""In a real browser: the instructor starts a session, three phones join and follow it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from classroom import services
from classroom.models import Course, Lesson, Participant, Student
from tests.browser import guest_join, session_start

pytestmark = pytest.mark.browser


@pytest.fixture
def lesson_to_teach(db):
    user = get_user_model().objects.create_user("ada", password="browser-test-pw")
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    student = Student.objects.create(
        course=course, name="Ann Lee", student_number="2401", signin_token="ann-browser-token"
    )
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    for title in ("Overview", "The sigmoid function", "Softmax"):
        services.activity_append(lesson_id=lesson.pk, kind="note", title=title, body=f"{title}.")
    return lesson, student


def test_phones_join_and_follow_the_instructor(
    gunicorn_server, lesson_to_teach, desktop, phone, projector
):
    lesson, student = lesson_to_teach
    base = gunicorn_server.url
    desktop = desktop()
    code, _session_path = session_start(
        desktop, projector, base, username="ada", password="browser-test-pw"
    )

    ann = phone()
    ann.goto(f"{base}/s/{student.signin_token}/")
    ann.wait_for_url(f"{base}/live/{code}/")
    guests = []
    for name in ("Bo", "Cy"):
        page = phone()
        guest_join(page, base, code, name)
        guests.append(page)
    phones = [ann, *guests]
    for page in phones:
        page.get_by_text("You're in").wait_for()

    desktop.locator("#participant-count").filter(has_text="3").wait_for()
    assert desktop.locator(".people-list .badge").count() == 2

    for expected in ("Overview", "The sigmoid function"):
        desktop.click("#next-button")
        desktop.locator("#current-title").filter(has_text=expected).wait_for()
        for page in phones:
            page.locator(".activity h1").filter(has_text=expected).wait_for(timeout=5000)
        projector.locator(".slide-title").filter(has_text=expected).wait_for(timeout=5000)

    for page in phones:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

    bo = guests[0]
    bo.reload()
    bo.locator(".activity h1").filter(has_text="The sigmoid function").wait_for()
    assert bo.text_content(".live-me").strip().startswith("Bo")
    assert Participant.objects.filter(session__join_code=code).count() == 3
    assert Participant.objects.get(session__join_code=code, student=student).display_name == (
        "Ann Lee"
    )


HIDE = """() => {
  Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "hidden"});
  document.dispatchEvent(new Event("visibilitychange"));
}"""
SHOW = """() => {
  Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "visible"});
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_polling_pauses_while_the_page_is_hidden(gunicorn_server, lesson_to_teach, phone):
    lesson, _student = lesson_to_teach
    session = services.live_session_start(lesson_id=lesson.pk)
    base = gunicorn_server.url
    page = phone()
    page.clock.install()
    page.goto(f"{base}/j/{session.join_code}/")
    page.fill("#display_name", "Dee")
    page.click("button.primary")
    page.get_by_text("You're in").wait_for()
    polls: list[str] = []
    page.on("request", lambda request: "/poll/" in request.url and polls.append(request.url))

    def is_poll(response) -> bool:
        return "/poll/" in response.url

    for _ in range(2):  # a visible page polls every two seconds
        with page.expect_response(is_poll):
            page.clock.run_for(2100)

    page.evaluate(HIDE)
    polls.clear()
    page.clock.run_for(20_000)
    assert polls == [], "a hidden page does not poll"

    page.evaluate(SHOW)
    page.wait_for_event("request", lambda request: "/poll/" in request.url)
