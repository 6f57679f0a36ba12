"""In a real browser: the instructor starts a session, three phones join and follow it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from classroom import services
from classroom.models import Course, Lesson, Participant, Student

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

    desktop.goto(f"{base}/accounts/login/")
    desktop.fill("#id_username", "ada")
    desktop.fill("#id_password", "browser-test-pw")
    desktop.click("button.primary")
    desktop.click("text=Start a live session")
    desktop.wait_for_url(re.compile(r"/teach/sessions/\d+/$"))
    code = desktop.text_content(".join-hint strong.mono").strip()
    session_path = re.search(r"/teach/sessions/\d+/", desktop.url).group(0)

    # The projector is an instructor page: it signs in too, then lands on the lobby.
    projector.goto(f"{base}{session_path}projector/")
    projector.fill("#id_username", "ada")
    projector.fill("#id_password", "browser-test-pw")
    projector.click("button.primary")
    assert projector.text_content("#join-code").strip() == code

    ann = phone()
    ann.goto(f"{base}/s/{student.signin_token}/")
    ann.wait_for_url(f"{base}/live/{code}/")
    guests = []
    for name in ("Bo", "Cy"):
        page = phone()
        page.goto(f"{base}/")
        page.fill("#code", code.lower())
        page.click("button.primary")
        page.fill("#display_name", name)
        page.click("button.primary")
        page.wait_for_url(f"{base}/live/{code}/")
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
