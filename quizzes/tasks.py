"""The quiz's Celery task: close a timed question at its deadline, even with no screen open.

Screens close a due question too (the dashboard's and projector's countdowns ask for it); this
task is the server's own clock, for a lesson run from a phone with no projector. It is safe to
run early, late or twice: it changes nothing unless the deadline and the grace have passed.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task

from . import services
from .models import QuizRun


@shared_task(acks_late=True, ignore_result=True)
def question_close_due(run_id: int) -> None:
    run = QuizRun.objects.filter(pk=run_id).first()
    if run is None or run.state != QuizRun.State.OPEN:
        return
    services.question_close_if_due(run=run)


def question_close_due_schedule(*, run: QuizRun) -> None:
    """Ask the worker to close ``run``'s open question just after its deadline and grace."""
    if run.deadline is None:
        return
    eta = run.deadline + services.GRACE + timedelta(milliseconds=200)
    question_close_due.apply_async(args=[run.pk], eta=eta)
