"""Who may see what: runs and quizzes found only for those entitled to them (404 otherwise)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.http import Http404

from classroom.kinds import taught_by
from classroom.models import Participant, Student

from ..models import Answer, Quiz, QuizRun


def quiz_for_instructor(*, user, quiz_id: int) -> Quiz:
    """The quiz if ``user`` teaches its course; otherwise 404, so other courses stay hidden."""
    quizzes = Quiz.objects.select_related("activity__lesson__course")
    return taught_by(
        quizzes, user=user, pk=quiz_id, course_path="activity__lesson__course", what="quiz"
    )


def run_for_instructor(*, user, run_id: int) -> QuizRun:
    """The run if ``user`` teaches its quiz's course; otherwise 404."""
    runs = QuizRun.objects.select_related("quiz__activity__lesson__course", "current_question")
    return taught_by(
        runs, user=user, pk=run_id, course_path="quiz__activity__lesson__course", what="quiz run"
    )


def run_for_student(*, student: Student, run_id: int) -> QuizRun:
    """A run of the student's course: a self-paced one, or a live one they took part in."""
    run = (
        QuizRun.objects.select_related("quiz__activity__lesson", "session")
        .filter(pk=run_id, quiz__activity__lesson__course_id=student.course_id)
        .filter(Q(mode=QuizRun.Mode.SELF_PACED) | Q(session__participants__student=student))
        .distinct()
        .first()
    )
    if run is None:
        raise Http404("No such quiz for you")
    return run


def participant_of_student(*, run: QuizRun, student: Student) -> Participant | None:
    """The participant that ``student`` played in a live run's session, if they joined it."""
    if run.session_id is None:
        return None
    return Participant.objects.filter(session_id=run.session_id, student=student).first()


def runs_of_quiz(*, quiz: Quiz) -> list[QuizRun]:
    """Every run of the quiz, newest first, with its count of answers."""
    return list(
        quiz.runs.select_related("session")
        .annotate(n_answers=Count("answers"))
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class StudentRun:
    run: QuizRun
    title: str
    answered: int
    questions: int
    is_open: bool


def runs_for_student(*, student: Student, now: datetime) -> list[StudentRun]:
    """The student's quizzes: self-paced runs of their course, live runs they took part in."""
    runs = (
        QuizRun.objects.select_related("quiz__activity")
        .filter(quiz__activity__lesson__course_id=student.course_id)
        .filter(Q(mode=QuizRun.Mode.SELF_PACED) | Q(session__participants__student=student))
        .annotate(n_questions=Count("quiz__questions", distinct=True))
        .distinct()
        .order_by("-created_at", "-id")
    )
    answered = Counter(
        Answer.objects.filter(Q(student=student) | Q(participant__student=student)).values_list(
            "run_id", flat=True
        )
    )
    return [
        StudentRun(
            run=run,
            title=run.quiz.activity.title,
            answered=answered[run.pk],
            questions=run.n_questions,
            is_open=run.mode == QuizRun.Mode.SELF_PACED and run.closes_at > now,
        )
        for run in runs
    ]
