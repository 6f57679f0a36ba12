"""The quiz's Celery tasks: close a timed question at its deadline, even with no screen open.

Screens close a due question too (the dashboard's and projector's countdowns ask for it); these
tasks are the server's own clock, for a lesson run from a phone with no projector.
``question_close_due`` is sent for each question at its deadline; ``questions_close_overdue``
runs on beat's schedule (``CELERY_BEAT_SCHEDULE`` in settings) and closes what a lost
``question_close_due`` left open. Both are safe to run early, late or twice: they change nothing
unless the deadline and the grace have passed.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task

from classroom.kinds import task_enqueue

from . import services
from .models import QuizRun
from .services import sweep


@shared_task(acks_late=True, ignore_result=True)
def question_close_due(run_id: int) -> None:
    run = QuizRun.objects.filter(pk=run_id).first()
    if run is None or run.state != QuizRun.State.OPEN:
        return
    services.question_close_if_due(run=run)


@shared_task(acks_late=True, ignore_result=True)
def questions_close_overdue() -> None:
    sweep.questions_close_overdue()


def question_close_due_schedule(*, run: QuizRun) -> None:
    """Ask the worker to close ``run``'s open question just after its deadline and grace, once
    the transaction that opened it commits; with the broker down, the sweeper closes it."""
    if run.deadline is None:
        return
    eta = run.deadline + services.GRACE + timedelta(milliseconds=200)
    task_enqueue(question_close_due, args=[run.pk], eta=eta)
