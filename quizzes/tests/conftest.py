from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from classroom import services as core
from classroom.models import Course, Lesson, Student
from quizzes import selectors, services
from quizzes.demo import DEMO_GIFT
from quizzes.gift import gift_parse

QUIZ_GIFT = r"""
::Q1::Which is a prime? {=7 #yes ~8 #even ~9}

::Q2::Which are even? {~%50%2 ~%50%4 ~%-100%5}

::Q3::The sigmoid's outputs lie in (0, 1). {T}

::Q4::What is 6 × 7? {#42:0.5}

::Q5::Name the S-shaped function. {=sigmoid =logistic}
"""


@pytest.fixture
def course(db):
    return Course.objects.create(title="Neural Networks", code="COMP0001")


@pytest.fixture
def lesson(course):
    return Lesson.objects.create(course=course, title="Neural Networks II")


@pytest.fixture
def quiz(lesson):
    return services.quiz_create_from_gift(lesson_id=lesson.pk, title="Daily quiz", text=QUIZ_GIFT)


@pytest.fixture
def questions(quiz):
    return {q.title: q for q in quiz.questions.all()}


@pytest.fixture
def session(lesson):
    return core.live_session_start(lesson_id=lesson.pk)


@pytest.fixture
def run(quiz, session):
    return services.quiz_run_live_start(quiz=quiz, session=session)


@pytest.fixture
def guest(session):
    return core.participant_join_guest(session=session, display_name="Ada")


@pytest.fixture
def other_guest(session):
    return core.participant_join_guest(session=session, display_name="Grace")


@pytest.fixture
def student(course):
    return Student.objects.create(course=course, name="Alan Turing", student_number="1001")


@pytest.fixture
def rostered(session, student):
    return core.participant_join_student(session=session, student=student)


def choice_id(question, letter):
    return next(c.pk for c in question.choices.all() if c.letter == letter)


@pytest.fixture(autouse=True)
def _live_questions_forgotten():
    """Each test starts without this process's copies of live questions (ids repeat between
    tests, and the root conftest empties only the shared cache)."""
    selectors.live_questions_forget()
    yield
    selectors.live_questions_forget()


BROWSER_PASSWORD = "browser-quiz-pw"


@pytest.fixture
def quiz_lesson(db):
    """A course taking guests, and a lesson whose first activity is a two-question quiz: the
    demo quiz's single-choice perceptron question and its numeric weighted sum."""
    user = get_user_model().objects.create_user("ada", password=BROWSER_PASSWORD)
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    activity = core.activity_append(lesson_id=lesson.pk, kind="quiz", title="Daily quiz")
    quiz = services.quiz_ensure(activity=activity)
    specs = gift_parse(DEMO_GIFT.read_text(encoding="utf-8")).questions
    services.quiz_questions_replace(quiz=quiz, questions=specs[:2])
    core.activity_append(lesson_id=lesson.pk, kind="note", title="The sigmoid", body="Next.")
    return quiz
