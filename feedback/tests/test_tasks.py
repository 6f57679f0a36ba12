"""Feedback's tasks with the real Celery worker: a scheduled release happens at its time, and
its emails go out once; a mail server that fails leaves the email unsent, to be sent again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from feedback import services
from feedback.models import Assignment, Email

BASE = "https://class.example.org"


def test_a_scheduled_release_happens_through_the_worker(
    celery_worker, assignment, students, wait_until
):
    services.feedback_save(assignment=assignment, student=students[0], score="6")
    at = timezone.now() + timedelta(seconds=2)
    services.release_schedule(assignment=assignment, at=at, base_url=BASE)
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.SCHEDULED

    def released() -> bool:
        return Assignment.objects.get(pk=assignment.pk).state == Assignment.State.RELEASED

    wait_until(released, timeout=30, message="the worker to release the feedback")
    assert Email.objects.filter(kind="released").count() == 1
    assert Assignment.objects.get(pk=assignment.pk).released_at >= at


@pytest.mark.django_db
def test_a_failing_mail_server_leaves_the_email_to_send_again(assignment, students, settings):
    services.feedback_save(assignment=assignment, student=students[0], score=Decimal(6))
    services.release_now(assignment=assignment, base_url=BASE)
    email = Email.objects.get()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with pytest.raises(OSError):
        services.email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.sent_at is None and email.error and email.tries == 1
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    services.email_send(email_id=email.pk)
    services.email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.sent_at is not None and len(mail.outbox) == 1
