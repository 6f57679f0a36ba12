"""The core's scheduled task, sent by the name beat uses (``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from classroom.celery import app
from classroom.tasks import sessions_clear_expired

CLEANUP = settings.CELERY_BEAT_SCHEDULE["sessions-clear-expired"]


def session_rows() -> tuple[Session, Session]:
    now = timezone.now()
    expired = Session.objects.create(
        session_key="expired-session-key-0000000000", session_data="", expire_date=now
    )
    current = Session.objects.create(
        session_key="current-session-key-0000000000",
        session_data="",
        expire_date=now + timedelta(days=1),
    )
    return expired, current


def test_the_cleanup_removes_expired_sessions_and_keeps_current_ones(db):
    expired, current = session_rows()

    sessions_clear_expired.apply()

    assert not Session.objects.filter(pk=expired.pk).exists()
    assert Session.objects.filter(pk=current.pk).exists()


def test_the_scheduled_cleanup_runs_in_the_worker(celery_worker, wait_until):
    expired, current = session_rows()

    app.send_task(CLEANUP["task"])

    wait_until(
        lambda: not Session.objects.filter(pk=expired.pk).exists(),
        timeout=20,
        message="the worker to remove the expired session",
    )
    assert Session.objects.filter(pk=current.pk).exists()
