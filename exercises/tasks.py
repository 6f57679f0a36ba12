"""The exercise's Celery tasks: thin shells over :mod:`exercises.services`.

``submission_mark_task`` marks one submission (sent after the commit that stored it);
``submissions_sweep_task`` runs on beat's schedule (``CELERY_BEAT_SCHEDULE`` in settings) and
sends again what a lost task or a killed worker left unmarked. Both are safe to run twice.
"""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def submission_mark_task(submission_id: int) -> None:
    services.submission_mark(submission_id=submission_id)


@shared_task(acks_late=True, ignore_result=True)
def submissions_sweep_task() -> None:
    services.submissions_sweep()
