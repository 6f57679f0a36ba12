"""In a real browser, the core's screens issue 12's full run found wanting:

- a student's personal link with two classes open (a phone, 390×844), and the new session's
  offer to end the older one;
- ending the class from the dashboard, confirmed in a native dialog (1440×900), and without
  JavaScript in a second step;
- the dashboard of the demo lesson (1440×900): each activity's controls visible without
  scrolling, every "guest" badge beside its own name;
- the projector opened on the laptop itself at 127.0.0.1 (1920×1080): the join address and QR
  code are the machine's LAN address.

With ``CLASS_SCREENSHOTS=<directory>`` set, the landing and the dashboard are saved as PNGs
(``docs/screenshots/`` holds them).
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from classroom import lan, services
from classroom.models import Course, Lesson, LiveSession, Student
from classroom.qr import qr_svg
from tests.browser import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "browser-screens-pw"
LAPTOP = {"width": 1440, "height": 900}
SHOTS = os.environ.get("CLASS_SCREENSHOTS", "")


def shot(page, name: str, *, full_page: bool = False) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


@pytest.fixture
def taught(db):
    """An instructor, a course with a rostered student, and a lesson of three notes."""
    user = get_user_model().objects.create_user("ada", password=PASSWORD)
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    student = Student.objects.create(
        course=course, name="Ann Lee", student_number="2401", signin_token="ann-screens-token"
    )
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    for title in ("Overview", "The sigmoid function", "Softmax"):
        services.activity_append(lesson_id=lesson.pk, kind="note", title=title, body=f"{title}.")
    return lesson, student


def _started(lesson, *, days_ago: int = 0) -> LiveSession:
    session = services.live_session_start(lesson_id=lesson.pk)
    if days_ago:
        LiveSession.objects.filter(pk=session.pk).update(
            created_at=session.created_at - timedelta(days=days_ago)
        )
    return session


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_personal_link_with_two_classes_open_lists_them_and_the_older_one_is_ended(
    gunicorn_server, taught, phone, desktop
):
    lesson, student = taught
    base = gunicorn_server.url
    older = _started(lesson, days_ago=1)
    newer = _started(lesson)

    ann = phone()
    ann.goto(f"{base}/s/{student.signin_token}/")
    ann.wait_for_url(f"{base}/me/")
    sessions = ann.locator(".live-session")
    assert sessions.count() == 2
    first, second = sessions.nth(0), sessions.nth(1)
    assert newer.join_code in first.inner_text() and "older" not in first.inner_text()
    assert older.join_code in second.inner_text()
    assert "older, still open" in second.inner_text()
    for entry in (first, second):
        assert entry.locator("a").bounding_box()["height"] >= 48
    _fits_the_phone(ann)
    shot(ann, "signin-landing")

    teacher = desktop(viewport=LAPTOP)
    sign_in(teacher, base, f"/teach/sessions/{newer.pk}/", username="ada", password=PASSWORD)
    offer = teacher.locator("#older-sessions")
    assert older.join_code in offer.inner_text()
    offer.get_by_role("button", name="End the older session").click()
    teacher.get_by_text("Ended 1 older session.").wait_for()
    assert not teacher.locator("#older-sessions").count()

    # The student's page follows by itself: one class left, not marked older.
    ann.locator(".live-session").nth(1).wait_for(state="detached")
    assert "older" not in ann.locator(".live-session").inner_text()

    # With exactly one class open, a personal link joins it at once.
    again = phone()
    again.goto(f"{base}/s/{student.signin_token}/")
    again.wait_for_url(f"{base}/live/{newer.join_code}/")
    again.get_by_text("You're in").wait_for()


def test_ending_the_class_asks_first_in_a_dialog(gunicorn_server, taught, phone, desktop):
    lesson, student = taught
    base = gunicorn_server.url
    session = _started(lesson)
    ann = phone()
    ann.goto(f"{base}/s/{student.signin_token}/")
    ann.get_by_text("You're in").wait_for()

    teacher = desktop(viewport=LAPTOP)
    dashboard = f"{base}/teach/sessions/{session.pk}/"
    sign_in(teacher, base, f"/teach/sessions/{session.pk}/", username="ada", password=PASSWORD)
    next_box = teacher.locator("#next-button").bounding_box()
    end_box = teacher.locator("#end-session").bounding_box()
    assert end_box["y"] >= next_box["y"] + next_box["height"], "End sits apart from Next"

    dialog = teacher.locator("#end-dialog")
    teacher.click("#end-session")
    dialog.wait_for(state="visible")
    assert teacher.url == dashboard, "the dialog opened; the link was not followed"
    assert teacher.evaluate("document.activeElement.id") == "end-cancel"
    teacher.click("#end-cancel")
    dialog.wait_for(state="hidden")
    teacher.click("#end-session")
    dialog.wait_for(state="visible")
    teacher.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    session.refresh_from_db()
    assert session.is_open, "cancelling ends nothing"

    teacher.click("#end-session")
    dialog.wait_for(state="visible")
    shot(teacher, "end-dialog-1440x900")
    dialog.get_by_role("button", name="End the class").click()
    teacher.get_by_text("This session has ended.").wait_for()
    session.refresh_from_db()
    assert session.status == LiveSession.Status.ENDED
    ann.get_by_text("Class is over").wait_for()


def test_without_javascript_ending_takes_a_confirming_step(gunicorn_server, taught, desktop):
    lesson, _student = taught
    base = gunicorn_server.url
    session = _started(lesson)
    teacher = desktop(viewport=LAPTOP, java_script_enabled=False)
    sign_in(teacher, base, f"/teach/sessions/{session.pk}/", username="ada", password=PASSWORD)
    teacher.click("#end-session")
    teacher.wait_for_url(f"{base}/teach/sessions/{session.pk}/?end=confirm")
    session.refresh_from_db()
    assert session.is_open
    teacher.locator("#end-confirm").get_by_role("button", name="End the class").click()
    teacher.get_by_text("This session has ended.").wait_for()
    session.refresh_from_db()
    assert session.status == LiveSession.Status.ENDED


@pytest.fixture
def demo_lesson(db, tmp_path, monkeypatch):
    """The demo's Neural Networks II with its open session, its instructor's password known."""
    from classroom.management.commands import load_demo

    monkeypatch.setattr(load_demo, "PASSWORD_FILE", tmp_path / "pw")
    call_command("load_demo", quiet=True)
    user = get_user_model().objects.get(username="instructor")
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return LiveSession.objects.select_related("lesson__course").get()


# Where the current activity's first visible control ends, in the viewport; null for none.
FIRST_CONTROL_BOTTOM = """() => {
  const controls = document.querySelectorAll(
    ".panel.current :is(button, a.button, input:not([type=hidden]), select)");
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    if (box.width && box.height) return box.bottom;
  }
  return null;
}"""


def test_the_dashboard_shows_each_activitys_controls_without_scrolling(
    gunicorn_server, demo_lesson, phone, desktop
):
    session = demo_lesson
    base = gunicorn_server.url
    course = session.lesson.course
    # Rostered students and guests, named so that a guest sorts among the rostered ones.
    for student in course.students.order_by("name")[:9]:
        services.participant_join_student(session=session, student=student)
    for name in ("Amara (visiting)", "Jo Bloggs", "Zoe Visitor"):
        services.participant_join_guest(session=session, display_name=name)
    guests = {"Amara (visiting)", "Jo Bloggs", "Zoe Visitor"}

    teacher = desktop(viewport=LAPTOP)
    path = f"/teach/sessions/{session.pk}/"
    sign_in(teacher, base, path, username="instructor", password=PASSWORD)
    teacher.locator("#participant-count").filter(has_text="12").wait_for()

    _badges_stay_beside_their_names(teacher, guests)

    checked = []
    for activity in session.lesson.activities.order_by("position"):
        services.live_session_goto(session=session, activity_id=activity.pk)
        teacher.goto(f"{base}{path}")
        teacher.locator("#current-title").filter(has_text=activity.title).wait_for()
        assert teacher.evaluate("window.scrollY") == 0
        for needed in ("#next-button", "#end-session"):
            box = teacher.locator(needed).bounding_box()
            assert box["y"] + box["height"] <= LAPTOP["height"], needed
        bottom = teacher.evaluate(FIRST_CONTROL_BOTTOM)
        if bottom is not None:
            assert bottom <= LAPTOP["height"], (activity.title, bottom)
            checked.append(activity.kind)
        if activity.kind == "quiz":
            shot(teacher, "dashboard-1440x900")
    assert {"quiz", "debate", "exercise", "feedback"} <= set(checked)

    # Narrower, the joined list sits under the activity in two columns: still one box each.
    teacher.set_viewport_size({"width": 1000, "height": 900})
    assert teacher.evaluate(
        "getComputedStyle(document.querySelector('.people-list')).columnCount"
    ) in ("2", "auto")
    _badges_stay_beside_their_names(teacher, guests)


def _badges_stay_beside_their_names(teacher, guests: set[str]) -> None:
    """Each joined name is one box (never split between columns), a guest's badge inside it."""
    rows = teacher.locator(".people-list li")
    assert rows.count() == 12
    for i in range(rows.count()):
        row = rows.nth(i)
        name = row.locator("bdi").inner_text()
        badge = row.locator(".badge")
        assert badge.count() == (1 if name in guests else 0), name
        assert row.evaluate("el => el.getClientRects().length") == 1, f"{name} is split"
        if badge.count():
            row_box, badge_box = row.bounding_box(), badge.bounding_box()
            assert row_box["x"] <= badge_box["x"] < row_box["x"] + row_box["width"], name
            assert row_box["y"] <= badge_box["y"] < row_box["y"] + row_box["height"], name


def test_the_projector_on_the_laptop_itself_shows_the_lan_address(
    gunicorn_server, taught, projector, settings
):
    lesson, _student = taught
    settings.PUBLIC_URL = ""
    address = lan.lan_address()
    if address is None:
        pytest.skip("this machine has no LAN address")
    session = _started(lesson)
    base = gunicorn_server.url
    assert base.startswith("http://127.0.0.1:")
    port = base.rsplit(":", 1)[1]
    sign_in(
        projector,
        base,
        f"/teach/sessions/{session.pk}/projector/",
        username="ada",
        password=PASSWORD,
    )
    projector.locator("#join-code").wait_for()
    lead = projector.locator(".lobby-text").inner_text()
    assert f"open {address}:{port}" in lead
    assert "127.0.0.1" not in projector.locator("#live").inner_text()
    qr_box = projector.locator(".qr").bounding_box()
    assert qr_box["y"] + qr_box["height"] <= 1080 and qr_box["x"] + qr_box["width"] <= 1920
    raw = projector.request.get(projector.url).text()
    assert str(qr_svg(f"http://{address}:{port}/j/{session.join_code}/")) in raw
    dashboard = projector.request.get(f"{base}/teach/sessions/{session.pk}/").text()
    assert re.search(rf"Join at <strong>{re.escape(address)}:{port}</strong>", dashboard)
