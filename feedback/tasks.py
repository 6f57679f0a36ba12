"""Feedback's Celery tasks: thin shells over :mod:`feedback.services`.

``email_send_task`` sends one email (retried with backoff when the mail server fails; never sent
twice); ``assignment_release_due_task`` releases a scheduled assignment at its time; and
``releases_sweep_task``, on beat's schedule, releases what a lost task left scheduled and sends
again the emails not yet sent.
"""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError, ConnectionError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=8,
)
def email_send_task(email_id: int) -> None:
    services.email_send(email_id=email_id)


@shared_task(acks_late=True, ignore_result=True)
def assignment_release_due_task(assignment_id: int) -> None:
    services.release_if_due(assignment_id=assignment_id)


@shared_task(acks_late=True, ignore_result=True)
def releases_sweep_task() -> None:
    services.releases_sweep()
    services.emails_sweep()
