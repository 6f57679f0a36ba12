"""Fixtures of the exercise kind: a course, a lesson with an exercise activity, a live session
on it, and guests' phones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classroom import services as core
from classroom.models import Course, Lesson
from exercises import services
from exercises.models import ExerciseRun

SPECS = Path(__file__).resolve().parent.parent / "specs"


def spec_text(name: str = "house_price") -> str:
    return (SPECS / f"{name}.json").read_text(encoding="utf-8")


TEMPLATE = {
    "title": "Own numbers",
    "input": [{"from": 0.5, "to": 2.0, "decimals": 1}, {"from": 0.2, "to": 1.0, "decimals": 1}],
    "target": [{"from": 1.0, "to": 3.0, "decimals": 1}],
    "layers": [
        {"units": 2, "weights": {"from": -1, "to": 1, "decimals": 1},
         "bias": {"from": -1, "to": 1, "decimals": 1}, "activation": "sigmoid"},
        {"units": 1, "weights": {"from": -1, "to": 1, "decimals": 1},
         "bias": {"from": -1, "to": 1, "decimals": 1}, "activation": "linear"},
    ],
    "loss": "sse_half",
    "learning_rate": 0.5,
    "ask": ["z", "a", "loss"],
}  # fmt: skip


@pytest.fixture
def course(db):
    return Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)


@pytest.fixture
def lesson(course):
    return Lesson.objects.create(course=course, title="Neural Networks II")


@pytest.fixture
def activity(lesson):
    return core.activity_append(lesson_id=lesson.pk, kind="exercise", title="House price")


@pytest.fixture
def exercise(activity):
    return services.exercise_save(activity=activity, source=spec_text(), attempts=2)


@pytest.fixture
def template_exercise(activity):
    return services.exercise_save(
        activity=activity, source=json.dumps(TEMPLATE), per_student=True, attempts=3
    )


@pytest.fixture
def session(lesson):
    return core.live_session_start(lesson_id=lesson.pk)


@pytest.fixture
def run(exercise, session) -> ExerciseRun:
    core.live_session_goto(session=session, activity_id=exercise.activity_id)
    return ExerciseRun.objects.get(exercise=exercise, session=session)


@pytest.fixture
def open_run(run) -> ExerciseRun:
    return services.run_open(run=run)


@pytest.fixture
def guest(session):
    return core.participant_join_guest(session=session, display_name="Ada")


@pytest.fixture
def other_guest(session):
    return core.participant_join_guest(session=session, display_name="Grace")
