"""In a real browser: the instructor writes two students' feedback in the grid, with the comment
bank, and releases it; a phone signed in by its personal link sees its own feedback on the live
lesson's feedback item and on its page, acknowledges it and asks about the mark; the dashboard's
counts change; the projector's histogram matches the database.

With ``FEEDBACK_SCREENSHOTS=<directory>`` set, the screens are saved.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from classroom import services as core
from classroom.models import Course, Lesson, Student
from feedback import services
from feedback.models import Feedback, FeedbackActivity, Query
from tests.browser import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "browser-feedback-pw"
SHOTS = os.environ.get("FEEDBACK_SCREENSHOTS", "")


def shot(page, name: str, full_page: bool = False) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


@pytest.fixture
def feedback_lesson(db):
    user = get_user_model().objects.create_user("ada", password=PASSWORD)
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    ann = Student.objects.create(
        course=course, name="Ann Lee", student_number="2401", email="ann@example.ac.uk",
        signin_token="ann-browser-token",
    )  # fmt: skip
    bo = Student.objects.create(
        course=course, name="Bo Chen", student_number="2402", email="bo@example.ac.uk",
        signin_token="bo-browser-token",
    )  # fmt: skip
    assignment = services.assignment_create(
        course=course,
        title="Assignment 1: a neural network from scratch",
        max_score=Decimal(20),
        rubric=[
            services.RubricLine(Decimal(4), "Forward pass right"),
            services.RubricLine(Decimal(-2), "No tests"),
        ],
    )
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    activity = core.activity_append(lesson_id=lesson.pk, kind="feedback", title="Feedback")
    FeedbackActivity.objects.create(activity=activity, assignment=assignment)
    return assignment, ann, bo, activity


def test_feedback_written_released_read_acknowledged_and_queried(
    gunicorn_server, feedback_lesson, desktop, phone, projector
):
    base = gunicorn_server.url
    assignment, ann, bo, activity = feedback_lesson
    page = desktop()
    sign_in(
        page, base, f"/feedback/assignments/{assignment.pk}/", username="ada", password=PASSWORD
    )
    page.fill("#bank-text", "Plot the loss against the epochs.")
    page.click("form.bank-add button")
    for student, score in ((ann, "17"), (bo, "12.5")):
        row = page.locator(f"#row-{student.pk}")
        row.locator('input[name="score"]').fill(score)
        row.locator('input[name="score"]').press("Tab")
        page.locator(f"#row-{student.pk} .row-status").filter(has_text="Saved").wait_for()
        page.locator(f"#row-{student.pk} input[type=checkbox]").first.check()
        page.locator(f"#row-{student.pk} .row-status").filter(has_text="Saved").wait_for()
        page.locator(f"#row-{student.pk} .chip").first.click()
        page.locator(f"#row-{student.pk} textarea").filter(has_text="Plot the loss").wait_for()
    saved = {f.student_id: f for f in Feedback.objects.all()}
    assert saved[ann.pk].score == Decimal("17.00") and saved[bo.pk].score == Decimal("12.50")
    assert "Plot the loss" in saved[bo.pk].comments
    shot(page, "instructor-grid", full_page=True)
    page.click("#release-now")
    page.locator("#release-state").filter(has_text="Released").wait_for()

    # The lesson reaches its feedback item; Ann's phone, signed in by her link, follows it.
    session = core.live_session_start(lesson_id=activity.lesson_id)
    core.live_session_goto(session=session, activity_id=activity.pk)
    dashboard = desktop()
    sign_in(dashboard, base, f"/teach/sessions/{session.pk}/", username="ada", password=PASSWORD)
    dashboard.locator("#feedback-counts").filter(has_text="0 of 2 viewed").wait_for()
    sign_in(
        projector, base, f"/teach/sessions/{session.pk}/projector/", username="ada",
        password=PASSWORD,
    )  # fmt: skip
    mine = phone()
    mine.goto(f"{base}/s/{ann.signin_token}/")
    mine.wait_for_url(f"{base}/live/{session.join_code}/")
    mine.locator("#my-score").filter(has_text="17").wait_for()
    assert "Forward pass right" in mine.text_content(".rubric-applied")
    shot(mine, "phone-feedback")
    dashboard.locator("#feedback-counts").filter(has_text="1 of 2 viewed").wait_for()
    projector.locator("#feedback-opened").filter(has_text="1 of 2").wait_for()
    bars = projector.locator("#score-chart g.bar")
    counts = {
        bars.nth(i).get_attribute("data-label"): int(bars.nth(i).get_attribute("data-count"))
        for i in range(bars.count())
    }
    assert sum(counts.values()) == 2, counts
    assert counts.get("16–18") == 1 and counts.get("12–14") == 1, counts
    shot(projector, "projector-feedback")

    # On her page she acknowledges it and asks about the mark.
    mine.click("text=Open it to reply or ask about the mark")
    mine.locator("#acknowledge").click()
    mine.locator("#acknowledged").wait_for()
    mine.locator("details.ask summary").click()
    mine.select_option("#ask-item", label="-2 · No tests")
    mine.fill("#ask-reason", "I did write tests: see tests/test_backward.py.")
    mine.locator("details.ask button").click()
    mine.get_by_text("Your question is sent").wait_for()
    shot(mine, "phone-feedback-page", full_page=True)
    query = Query.objects.get()
    assert query.rubric_item.text == "No tests" and query.feedback.student == ann
    assert Feedback.objects.get(student=ann).acknowledged_at is not None
    dashboard.locator("#feedback-counts").filter(
        has_text="1 of 2 viewed, 1 acknowledged, 1 query open"
    ).wait_for()
    shot(dashboard, "dashboard-feedback")
    for screen in (mine, projector):
        assert screen.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
