"""Fixtures for debates: a course, a lesson with a debate activity, a live session, phones."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache

from classroom.models import Activity, Course, Lesson, LiveSession, Participant, Student
from debates.models import DEBATE_KIND, DebateActivity, Motion
from debates.services import debate_config_ensure


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def course(db) -> Course:
    return Course.objects.create(code="COMP1", title="Machine Learning")


@pytest.fixture
def lesson(course) -> Lesson:
    return Lesson.objects.create(course=course, title="Neural Networks II")


@pytest.fixture
def activity(lesson) -> Activity:
    return Activity.objects.create(lesson=lesson, position=1, kind=DEBATE_KIND, title="Debate")


@pytest.fixture
def config(activity) -> DebateActivity:
    config = debate_config_ensure(activity=activity)
    Motion.objects.create(debate=config, position=0, text="Neural networks are like brains.")
    Motion.objects.create(debate=config, position=1, text="Deep learning is hitting a wall.")
    return config


@pytest.fixture
def session(lesson) -> LiveSession:
    return LiveSession.objects.create(lesson=lesson, join_code="ACDEFG")


@pytest.fixture
def make_students(course) -> Callable[[int], list[Student]]:
    def make(count: int) -> list[Student]:
        start = Student.objects.filter(course=course).count()
        return [
            Student.objects.create(course=course, name=f"S{i:02d}", student_number=f"{i:04d}")
            for i in range(start, start + count)
        ]

    return make


@pytest.fixture
def join() -> Callable[[LiveSession, list[Student]], list[Participant]]:
    def join_all(session: LiveSession, students: list[Student]) -> list[Participant]:
        return [
            Participant.objects.create(session=session, student=s, display_name=s.name)
            for s in students
        ]

    return join_all


@pytest.fixture
def phones(session, make_students, join) -> Callable[[int], list[Participant]]:
    """``phones(n)``: n rostered students who joined ``session``."""

    def make(count: int) -> list[Participant]:
        return join(session, make_students(count))

    return make
