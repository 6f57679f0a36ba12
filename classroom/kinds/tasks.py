"""Sending work to Celery from a write: after the commit, and never at the write's expense."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)
_failing = threading.Event()


def task_enqueue(task: Any, *, args: Sequence[object] = (), eta: datetime | None = None) -> None:
    """Send ``task`` with ``args`` (primary keys) once the current transaction commits, or now
    outside one.

    A broker that does not answer is logged (once until it answers again) and not raised: the
    row the task would work on is the source of truth, and the beat schedule's sweepers find
    what was not sent. Tasks sent this way must be safe to run twice, early or late.
    """
    transaction.on_commit(partial(_send, task, tuple(args), eta), robust=True)


def _send(task: Any, args: tuple[object, ...], eta: datetime | None) -> None:
    try:
        task.apply_async(args=args, eta=eta, retry=False)
    except Exception as error:  # any failure to send: the sweeper catches up
        if not _failing.is_set():
            _failing.set()
            logger.warning(
                "Celery's broker did not take %s (%s): the beat schedule's sweeper will do it",
                task.name,
                error,
            )
        return
    if _failing.is_set():
        _failing.clear()
        logger.warning("Celery's broker takes tasks again")
