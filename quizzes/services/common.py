"""What every write of the quiz shares: its errors, the grace for late answers, the messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from classroom.kinds import TransitionError as KindTransitionError

from ..gift import GiftError
from ..models import QuizRun

QUIZ_KIND = "quiz"
GRACE = timedelta(seconds=1)
QUESTION_CLOSED = "this question has closed"
QUIZ_CLOSED = "this quiz has closed"
TEXT_MAX = 200

State = QuizRun.State
Mode = QuizRun.Mode


class QuizError(Exception):
    """A write the quiz refuses; the message names the problem."""


class TransitionError(QuizError, KindTransitionError):
    """A change of state that the state found does not allow; the message names that state."""


class AnswerRefused(QuizError):
    """An answer that is not stored; the message is meant for the person answering."""


class GiftImportError(QuizError):
    """A GIFT file with problems; nothing was imported."""

    def __init__(self, errors: Sequence[GiftError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


def past_due(deadline: datetime | None, now: datetime) -> bool:
    """Whether an answer at ``now`` is too late for ``deadline`` (none: never), grace included."""
    return deadline is not None and now > deadline + GRACE
