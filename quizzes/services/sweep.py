"""The sweep behind each timed question's own close task (:mod:`quizzes.tasks`).

A question's close task can be lost: a worker killed while holding it leaves it unacknowledged
in the broker until the visibility timeout. Beat runs the sweep every ``QUIZ_SWEEP_SECONDS``
(``CELERY_BEAT_SCHEDULE`` in settings), so such a question closes within that period.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from ..models import QuizRun
from .common import GRACE, Mode, State
from .runs import question_close_if_due


def questions_close_overdue(*, now: datetime | None = None) -> list[int]:
    """Close every live run's open question whose deadline and grace have passed; returns
    the ids of the runs found overdue.

    Each run closes in its own transaction, through :func:`question_close_if_due`, so a run
    that a screen or another sweep closed meanwhile is left as it is.
    """
    now = now or timezone.now()
    overdue = QuizRun.objects.filter(mode=Mode.LIVE, state=State.OPEN, deadline__lt=now - GRACE)
    runs = list(overdue.order_by("pk"))
    for run in runs:
        question_close_if_due(run=run, now=now)
    return [run.pk for run in runs]
