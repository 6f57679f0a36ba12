"""The demo's assignment: "Assignment 1: a neural network from scratch", with a rubric, a score
and comments for every student of the demo roster, released."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction

from classroom.models import Course

from . import services
from .models import Assignment, Feedback

TITLE = "Assignment 1: a neural network from scratch"
MAX_SCORE = Decimal(20)
RUBRIC = (
    services.RubricLine(Decimal(4), "Forward pass correct for a batch, with shapes checked."),
    services.RubricLine(Decimal(4), "Backward pass matches finite differences ($< 10^{-6}$)."),
    services.RubricLine(Decimal(2), "Loss falls steadily; the learning curve is plotted."),
    services.RubricLine(
        Decimal(-2), "Sigmoid's derivative taken as $\\sigma(z)$, not $\\sigma'(z)$."
    ),
    services.RubricLine(Decimal(-1), "No tests, or tests that cannot fail."),
)
COMMENTS = (
    "Clear code and a clean gradient check. Next time, say *why* the learning rate you chose "
    "works: try two others and plot all three.",
    "Your forward pass is right, but $\\partial L / \\partial z$ uses $\\sigma(z)$ where "
    "$\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$ belongs: the gradient check would have caught it.",
    "Good work overall. The plots need axis labels and units; the report should say what the "
    "loss was after training, not only that it fell.",
)


@transaction.atomic
def demo_feedback_load(*, course: Course) -> Assignment:
    """Create (or bring up to date) the demo assignment and every student's feedback; released
    once, so reloading the demo sends no email twice."""
    assignment = Assignment.objects.filter(course=course, title=TITLE).first()
    if assignment is None:
        assignment = services.assignment_create(
            course=course, title=TITLE, max_score=MAX_SCORE, rubric=RUBRIC
        )
    items = list(assignment.rubric.all())
    for n, student in enumerate(course.students.order_by("student_number")):
        if Feedback.objects.filter(assignment=assignment, student=student).exists():
            continue
        applied = [items[0].pk, items[1].pk] if n % 3 != 1 else [items[0].pk, items[3].pk]
        if n % 4 == 0:
            applied.append(items[2].pk)
        score = Decimal(12 + (n * 7) % 9)
        services.feedback_save(
            assignment=assignment,
            student=student,
            score=score,
            comments=COMMENTS[n % len(COMMENTS)],
            rubric_item_ids=applied,
        )
    if not assignment.is_released:
        base = settings.PUBLIC_URL or "http://localhost:8000"
        services.release_now(assignment=assignment, base_url=base)
    return assignment
