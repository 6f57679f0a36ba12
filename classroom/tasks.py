"""The core's Celery task: remove expired sessions, on beat's schedule (``CELERY_BEAT_SCHEDULE``).

Every browser that reaches the site without a cookie and is given a session (a wrong join code,
a phone's first visit) leaves a row; nothing else removes the expired ones. Safe to run twice.
"""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task(acks_late=True, ignore_result=True)
def sessions_clear_expired() -> None:
    call_command("clearsessions")
