"""In a real browser: the end of class on a student's phone (390×844) shows what they did.

A lesson with a quiz, an exercise and assignment feedback: Ann (signed in by her personal link)
answers the quiz, submits the exercise, and has feedback released. The instructor ends the class
from the dashboard (1440×900), confirming in its dialog; Ann's phone then shows her quiz score,
her exercise's marks and her feedback's score, each with a link to its page after class, and
her classes page. This test lives outside the apps because it uses three kinds at once.

With ``CLASS_SCREENSHOTS=<directory>`` set, the phone is saved as ``end-of-class.png``.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from classroom import services as core
from classroom.models import Course, Lesson, LiveSession, Participant, Student
from exercises import services as exercises
from exercises.models import ExerciseRun
from exercises.tests.test_services import HOUSE, key_answers
from feedback import services as feedback
from feedback.models import FeedbackActivity
from quizzes import services as quizzes
from quizzes.models import QuizRun
from tests.browser import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "browser-end-pw"
SHOTS = os.environ.get("CLASS_SCREENSHOTS", "")
QUIZ = """
::Q1::Which is a prime? {=7 ~8 ~9}

::Q2::The sigmoid's outputs lie in (0, 1). {T}
"""


@pytest.fixture
def lesson(db):
    user = get_user_model().objects.create_user("ada", password=PASSWORD)
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    ann = Student.objects.create(
        course=course, name="Ann Lee", student_number="2401", signin_token="ann-end-token"
    )
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    quizzes.quiz_create_from_gift(lesson_id=lesson.pk, title="Daily quiz", text=QUIZ)
    exercise = core.activity_append(lesson_id=lesson.pk, kind="exercise", title="House price")
    source = (Path(exercises.__file__).parent / "specs" / "house_price.json").read_text()
    exercises.exercise_save(activity=exercise, source=source, attempts=2)
    assignment = feedback.assignment_create(
        course=course, title="Assignment 1", max_score=Decimal(10)
    )
    feedback.feedback_save(assignment=assignment, student=ann, score="8.5", comments="Clear.")
    bound = core.activity_append(lesson_id=lesson.pk, kind="feedback", title="Your feedback")
    FeedbackActivity.objects.create(activity=bound, assignment=assignment)
    return lesson, ann, assignment


def _class_taught(session: LiveSession, participant: Participant, assignment) -> None:
    """What Ann did in class, as the kinds' own services store it."""
    agenda = list(session.lesson.activities.order_by("position"))
    core.live_session_goto(session=session, activity_id=agenda[0].pk)
    run = quizzes.question_open(run=QuizRun.objects.get(session=session))
    seven = run.current_question.choices.get(text="7")
    quizzes.answer_submit(
        run=run, question_id=run.current_question_id, participant=participant, choice_ids=[seven.pk]
    )
    core.live_session_goto(session=session, activity_id=agenda[1].pk)
    exercise_run = exercises.run_open(run=ExerciseRun.objects.get(session=session))
    wrong = key_answers(HOUSE, loss="99")
    submission = exercises.submission_create(
        run=exercise_run, participant=participant, values=wrong
    )
    exercises.submission_mark(submission_id=submission.pk)
    core.live_session_goto(session=session, activity_id=agenda[2].pk)
    feedback.release_now(assignment=assignment, base_url="http://testserver")


def test_the_end_of_class_shows_the_student_what_they_did(gunicorn_server, lesson, phone, desktop):
    lesson, ann, assignment = lesson
    base = gunicorn_server.url
    session = core.live_session_start(lesson_id=lesson.pk)
    page = phone()
    page.goto(f"{base}/s/{ann.signin_token}/")
    page.wait_for_url(f"{base}/live/{session.join_code}/")
    participant = Participant.objects.get(session=session, student=ann)
    _class_taught(session, participant, assignment)

    teacher = desktop(viewport={"width": 1440, "height": 900})
    sign_in(teacher, base, f"/teach/sessions/{session.pk}/", username="ada", password=PASSWORD)
    teacher.click("#end-session")
    teacher.locator("#end-dialog").get_by_role("button", name="End the class").click()
    teacher.get_by_text("This session has ended.").wait_for()

    page.get_by_text("What you did today").wait_for()
    recaps = page.locator(".recap")
    assert recaps.count() == 3
    quiz, exercise, mine = (recaps.nth(i).inner_text() for i in range(3))
    assert "Daily quiz" in quiz and "1 of 2 right, 1 not answered" in quiz
    assert "1/2 points" in quiz
    assert "House price" in exercise and "values right, attempt 1" in exercise
    assert "Your feedback on Assignment 1" in mine and "8.5/10" in mine
    assert page.locator(".recap a").count() == 3
    assert page.locator("#me-link").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    sizes = page.evaluate(
        "[...document.querySelectorAll('.class-over *')].filter(e => e.childElementCount === 0"
        " && e.textContent.trim()).map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 14, sizes
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / "end-of-class.png"), full_page=True)

    for i, heading in enumerate(("Daily quiz", "House price", "Assignment 1")):
        page.locator(".recap").nth(i).locator("a").click()
        page.wait_for_load_state()
        assert heading in page.locator("main").inner_text(), page.url
        page.go_back()
        page.get_by_text("What you did today").wait_for()
    page.click("#me-link")
    page.wait_for_url(f"{base}/me/")
