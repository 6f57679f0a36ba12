"""Reads of assignment feedback: what an instructor may see and track, what a student may see of
their own, and the class summary the room sees (no names)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from classroom.kinds import taught_by
from classroom.models import Student

from .models import Assignment, BankComment, Feedback, Query


def assignment_for_instructor(*, user: AbstractBaseUser, assignment_id: int) -> Assignment:
    assignments = Assignment.objects.select_related("course")
    return taught_by(
        assignments, user=user, pk=assignment_id, course_path="course", what="assignment"
    )


def feedback_for_instructor(*, user: AbstractBaseUser, feedback_id: int) -> Feedback:
    rows = Feedback.objects.select_related("assignment__course", "student")
    return taught_by(
        rows, user=user, pk=feedback_id, course_path="assignment__course", what="feedback"
    )


def query_for_instructor(*, user: AbstractBaseUser, query_id: int) -> Query:
    rows = Query.objects.select_related("feedback__assignment__course", "feedback__student")
    return taught_by(
        rows, user=user, pk=query_id, course_path="feedback__assignment__course", what="query"
    )


def assignments_of_course(*, course_id: int) -> QuerySet[Assignment]:
    return Assignment.objects.filter(course_id=course_id).order_by("-created_at")


def bank_of(*, assignment: Assignment) -> QuerySet[BankComment]:
    return BankComment.objects.filter(assignment=assignment)


@dataclass(frozen=True)
class GridRow:
    student: Student
    feedback: Feedback | None
    applied: frozenset[int]


def grid_rows(*, assignment: Assignment) -> list[GridRow]:
    """One row per rostered student, in roster order, with their feedback if written."""
    feedback = {
        f.student_id: f
        for f in Feedback.objects.filter(assignment=assignment).prefetch_related("rubric_items")
    }
    rows = []
    for student in assignment.course.students.order_by("name", "student_number"):
        found = feedback.get(student.pk)
        applied = frozenset(i.pk for i in found.rubric_items.all()) if found else frozenset()
        rows.append(GridRow(student=student, feedback=found, applied=applied))
    return rows


# --- tracking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackRow:
    feedback: Feedback
    open_queries: int
    answered_queries: int

    @property
    def query_state(self) -> str:
        if self.open_queries:
            return "query open"
        return "query answered" if self.answered_queries else ""


@dataclass(frozen=True)
class Tracking:
    rows: list[TrackRow]
    total: int
    viewed: int
    acknowledged: int
    open_queries: int


def tracking(*, assignment: Assignment) -> Tracking:
    """Every student's feedback with what they did with it; those who have not opened it first."""
    rows = (
        Feedback.objects.filter(assignment=assignment)
        .select_related("student")
        .annotate(
            open_q=Count("queries", filter=Q(queries__state=Query.State.OPEN)),
            answered_q=Count("queries", filter=Q(queries__state=Query.State.ANSWERED)),
        )
        .order_by("first_viewed_at", "acknowledged_at", "student__name")
    )
    out = [TrackRow(feedback=f, open_queries=f.open_q, answered_queries=f.answered_q) for f in rows]
    out.sort(key=lambda r: (r.feedback.first_viewed_at is not None, r.feedback.student.name))
    return Tracking(
        rows=out,
        total=len(out),
        viewed=sum(1 for r in out if r.feedback.first_viewed_at),
        acknowledged=sum(1 for r in out if r.feedback.acknowledged_at),
        open_queries=sum(r.open_queries for r in out),
    )


def open_queries(*, assignment: Assignment) -> QuerySet[Query]:
    return (
        Query.objects.filter(feedback__assignment=assignment)
        .select_related("feedback__student", "rubric_item")
        .order_by("state", "asked_at")
    )


# --- the class summary (no names) ----------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    scored: int
    students: int
    mean: Decimal | None
    median: Decimal | None
    max_score: Decimal
    bins: list[tuple[str, int]]  # (label, count), low to high
    top_items: list[tuple[str, Decimal, int]]  # (text, points, students)
    viewed: int


def _plain(value: Decimal) -> str:
    """16, 2.5: a decimal without trailing zeros or an exponent."""
    return format(value.normalize(), "f")


def summary(*, assignment: Assignment, bins: int = 10) -> Summary:
    rows = list(Feedback.objects.filter(assignment=assignment).prefetch_related("rubric_items"))
    scores = [f.score for f in rows if f.score is not None]
    top = assignment.max_score
    width = top / bins if top else Decimal(1)
    counts = [0] * bins
    for score in scores:
        counts[min(int(score / width), bins - 1) if width else 0] += 1
    labels = [f"{_plain(width * i)}–{_plain(width * (i + 1))}" for i in range(bins)]
    applied: Counter[int] = Counter(i.pk for f in rows for i in f.rubric_items.all())
    items = {i.pk: i for i in assignment.rubric.all()}
    return Summary(
        scored=len(scores),
        students=len(rows),
        mean=(sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None,
        median=Decimal(statistics.median(scores)).quantize(Decimal("0.01")) if scores else None,
        max_score=top,
        bins=list(zip(labels, counts, strict=True)),
        top_items=[
            (items[pk].text, items[pk].points, n) for pk, n in applied.most_common(3) if pk in items
        ],
        viewed=sum(1 for f in rows if f.first_viewed_at),
    )


# --- a student's own -----------------------------------------------------------------------


def feedback_of_student(*, student: Student, assignment_id: int) -> Feedback:
    """The student's released feedback on the assignment; 404 for anything else (another
    student's, a draft, another course's)."""
    found = (
        Feedback.objects.select_related("assignment__course", "student")
        .prefetch_related("rubric_items", "queries")
        .filter(
            student=student,
            assignment_id=assignment_id,
            assignment__state=Assignment.State.RELEASED,
        )
        .first()
    )
    if found is None:
        raise Http404("No feedback of yours there")
    return found


def released_feedback_of(*, student: Student) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(student=student, assignment__state=Assignment.State.RELEASED)
        .select_related("assignment")
        .order_by("-assignment__released_at")
    )
