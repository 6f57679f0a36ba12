"""The runs of a quiz: the live run's states, question by question, and self-paced runs.

A live run moves ``lobby → open → closed → revealed → (next question) open …``; each service
refuses a move the state it finds does not allow, naming that state. Every move bumps the
session's version for phones (:func:`classroom.kinds.state_changed` for
``Audience.EVERYONE``) in its own transaction: the cached live question
(:func:`quizzes.selectors.live_question_of`) is filed under that version. A question is opened
once per run, never reopened.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from classroom.kinds import Audience, state_changed
from classroom.models import LiveSession

from ..models import Question, Quiz, QuizRun
from .common import GRACE, Mode, QuizError, State, TransitionError, past_due


def quiz_run_live_start(*, quiz: Quiz, session: LiveSession) -> QuizRun:
    """The quiz's one live run in ``session``, created in the lobby on first call."""
    if quiz.activity.lesson_id != session.lesson_id:
        raise QuizError("this quiz is not on the agenda of that session's lesson")
    try:
        with transaction.atomic():
            run, _created = QuizRun.objects.get_or_create(
                quiz=quiz, session=session, defaults={"mode": Mode.LIVE}
            )
    except IntegrityError:
        run = QuizRun.objects.get(quiz=quiz, session=session)
    return run


def _lock(run: QuizRun) -> QuizRun:
    return (
        QuizRun.objects.select_for_update(of=("self",))
        .select_related("current_question")
        .get(pk=run.pk)
    )


def _require_live(run: QuizRun) -> None:
    if run.mode != Mode.LIVE:
        raise TransitionError("a self-paced run has no instructor-paced questions")


def _refuse(run: QuizRun, action: str) -> TransitionError:
    question = run.current_question
    where = f" at question {question.position}" if question is not None else ""
    return TransitionError(f"cannot {action}: the quiz is {run.get_state_display()}{where}")


def _open(run: QuizRun, question: Question, time_limit_seconds: int | None) -> QuizRun:
    now = timezone.now()
    limit = time_limit_seconds if time_limit_seconds is not None else question.time_limit_seconds
    if limit is not None and limit < 1:
        raise QuizError("a time limit is at least one second")
    run.current_question = question
    run.state = State.OPEN
    run.opened_at = now
    run.deadline = now + timedelta(seconds=limit) if limit else None
    run.closed_at = None
    run.save(update_fields=["current_question", "state", "opened_at", "deadline", "closed_at"])
    state_changed(session_id=run.session_id, audience=Audience.EVERYONE)
    return run


@transaction.atomic
def question_open(*, run: QuizRun, time_limit_seconds: int | None = None) -> QuizRun:
    """Open the first question (from the lobby). Without ``time_limit_seconds`` the question's
    own limit applies; with neither, it stays open until closed."""
    run = _lock(run)
    _require_live(run)
    if run.state != State.LOBBY:
        raise _refuse(run, "open the first question")
    first = run.quiz.questions.order_by("position").first()
    if first is None:
        raise TransitionError("this quiz has no questions")
    return _open(run, first, time_limit_seconds)


@transaction.atomic
def question_next(*, run: QuizRun, time_limit_seconds: int | None = None) -> QuizRun:
    """Open the question after the current one, once the current one's results are revealed."""
    run = _lock(run)
    _require_live(run)
    if run.state != State.REVEALED:
        raise _refuse(run, "move to the next question")
    following = (
        run.quiz.questions.filter(position__gt=run.current_question.position)
        .order_by("position")
        .first()
    )
    if following is None:
        raise TransitionError("that was the last question")
    return _open(run, following, time_limit_seconds)


def _close(run: QuizRun, now: datetime) -> None:
    run.state = State.CLOSED
    run.closed_at = min(now, run.deadline + GRACE) if run.deadline else now
    run.save(update_fields=["state", "closed_at"])


@transaction.atomic
def question_close(*, run: QuizRun) -> QuizRun:
    """Stop taking answers to the open question."""
    run = _lock(run)
    _require_live(run)
    if run.state != State.OPEN:
        raise _refuse(run, "close the question")
    _close(run, timezone.now())
    state_changed(session_id=run.session_id, audience=Audience.EVERYONE)
    return run


@transaction.atomic
def question_close_if_due(*, run: QuizRun, now: datetime | None = None) -> QuizRun:
    """Close the open question once its deadline (and the grace) has passed; otherwise change
    nothing. Safe to call on every poll of the dashboard or projector."""
    now = now or timezone.now()
    if run.state != State.OPEN or not past_due(run.deadline, now):
        return run
    run = _lock(run)
    if run.state == State.OPEN and past_due(run.deadline, now):
        _close(run, now)
        state_changed(session_id=run.session_id, audience=Audience.EVERYONE)
    return run


@transaction.atomic
def results_reveal(*, run: QuizRun) -> QuizRun:
    """Show how the class answered; a question whose deadline has passed is closed first."""
    run = _lock(run)
    _require_live(run)
    now = timezone.now()
    if run.state == State.OPEN and past_due(run.deadline, now):
        _close(run, now)
    if run.state != State.CLOSED:
        raise _refuse(run, "reveal the results")
    run.state = State.REVEALED
    run.save(update_fields=["state"])
    state_changed(session_id=run.session_id, audience=Audience.EVERYONE)
    return run


# --- self-paced runs -----------------------------------------------------------------------


@transaction.atomic
def quiz_run_self_paced_create(
    *, quiz: Quiz, closes_at: datetime, now: datetime | None = None
) -> QuizRun:
    """A run that the course's rostered students answer at their own pace until ``closes_at``;
    its answers are kept apart from every live run's."""
    now = now or timezone.now()
    if closes_at <= now:
        raise QuizError("the deadline of a self-paced run must be in the future")
    if not quiz.questions.exists():
        raise QuizError("this quiz has no questions")
    return QuizRun.objects.create(quiz=quiz, mode=Mode.SELF_PACED, closes_at=closes_at)


@transaction.atomic
def quiz_run_self_paced_close(*, run: QuizRun, now: datetime | None = None) -> QuizRun:
    """End a self-paced run now, ahead of its deadline."""
    run = _lock(run)
    if run.mode != Mode.SELF_PACED:
        raise TransitionError("a live run is closed question by question")
    now = now or timezone.now()
    if run.closes_at <= now:
        raise TransitionError("this self-paced run has already closed")
    run.closes_at = now
    run.save(update_fields=["closes_at"])
    return run
