"""Every write of the quiz: questions from GIFT, the live run's states, answers.

A live run moves ``lobby → open → closed → revealed → (next question) open …``; each service
refuses a move the state it finds does not allow, naming that state. An answer counts when it
reaches the server before the question closes: before the instructor closes it and at most
:data:`GRACE` after its deadline, for the network. Until then a participant may change it and
the last one counts; a retried identical request changes nothing.

Phones learn of a change through :func:`classroom.services.live_session_bump`: with
``phones=True`` when what a phone shows changes (a question opens, closes, is revealed), with
``phones=False`` when only the projector's and dashboard's figures do (an answer arrived).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from classroom.models import Activity, LiveSession, Participant, Student
from classroom.services import activity_append, live_session_bump

from . import selectors
from .gift import GiftError, gift_parse
from .marking import CreditRule, UnreadableResponse, points_award, response_mark
from .models import Answer, Choice, NumericAnswer, Question, Quiz, QuizRun, ShortAnswer
from .spec import QuestionSpec, QuestionType

QUIZ_KIND = "quiz"
GRACE = timedelta(seconds=1)
QUESTION_CLOSED = "this question has closed"
QUIZ_CLOSED = "this quiz has closed"
TEXT_MAX = 200

State = QuizRun.State
Mode = QuizRun.Mode


class QuizError(Exception):
    """A write the quiz refuses; the message names the problem."""


class TransitionError(QuizError):
    """A change of state that the state found does not allow; the message names that state."""


class AnswerRefused(QuizError):
    """An answer that is not stored; the message is meant for the person answering."""


class GiftImportError(QuizError):
    """A GIFT file with problems; nothing was imported."""

    def __init__(self, errors: Sequence[GiftError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


# --- questions -----------------------------------------------------------------------------


@transaction.atomic
def quiz_ensure(*, activity: Activity) -> Quiz:
    """The quiz of an activity of kind ``quiz``, created with the default options if missing."""
    if activity.kind != QUIZ_KIND:
        raise QuizError(f"activity {activity.pk} is a {activity.kind!r}, not a quiz")
    quiz, _created = Quiz.objects.get_or_create(activity=activity)
    return quiz


@transaction.atomic
def quiz_questions_replace(*, quiz: Quiz, questions: Sequence[QuestionSpec]) -> list[Question]:
    """Make ``questions`` the quiz's questions, in order; refused once anyone has answered."""
    answered = Answer.objects.filter(question__quiz=quiz).count()
    if answered:
        raise QuizError(
            f"this quiz already has {answered} answers; its questions cannot be replaced "
            "(make a new quiz activity instead)"
        )
    quiz.questions.all().delete()
    created = Question.objects.bulk_create(
        Question(
            quiz=quiz,
            position=position,
            type=spec.type.value,
            title=spec.title[:200],
            category=spec.category[:200],
            text=spec.text,
            text_format=spec.text_format.value,
            explanation=spec.explanation,
        )
        for position, spec in enumerate(questions, start=1)
    )
    choices, numeric, short = [], [], []
    for question, spec in zip(created, questions, strict=True):
        choices += [
            Choice(question=question, position=i, text=c.text, weight=c.weight, feedback=c.feedback)
            for i, c in enumerate(spec.choices, start=1)
        ]
        numeric += [
            NumericAnswer(
                question=question,
                position=i,
                value=a.value,
                tolerance=a.tolerance,
                tolerance_kind=(
                    NumericAnswer.Tolerance.RELATIVE
                    if a.relative
                    else NumericAnswer.Tolerance.ABSOLUTE
                ),
                low=a.low,
                high=a.high,
                weight=a.weight,
                feedback=a.feedback,
            )
            for i, a in enumerate(spec.numeric, start=1)
        ]
        short += [
            ShortAnswer(
                question=question, position=i, text=a.text, weight=a.weight, feedback=a.feedback
            )
            for i, a in enumerate(spec.short, start=1)
        ]
    Choice.objects.bulk_create(choices)
    NumericAnswer.objects.bulk_create(numeric)
    ShortAnswer.objects.bulk_create(short)
    return created


def _parsed(text: str) -> tuple[QuestionSpec, ...]:
    result = gift_parse(text)
    if not result.ok:
        raise GiftImportError(result.errors)
    return result.questions


@transaction.atomic
def quiz_import_gift(*, quiz: Quiz, text: str) -> list[Question]:
    """Replace the quiz's questions with a GIFT file's; all or nothing."""
    return quiz_questions_replace(quiz=quiz, questions=_parsed(text))


@transaction.atomic
def quiz_create_from_gift(*, lesson_id: int, title: str, text: str) -> Quiz:
    """The lesson's quiz activity called ``title``, appended to its agenda if there is none,
    with the GIFT file's questions; all or nothing."""
    questions = _parsed(text)
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .filter(lesson_id=lesson_id, kind=QUIZ_KIND, title=title)
        .order_by("position")
        .first()
    )
    if activity is None:
        activity = activity_append(lesson_id=lesson_id, kind=QUIZ_KIND, title=title)
    quiz = quiz_ensure(activity=activity)
    quiz_questions_replace(quiz=quiz, questions=questions)
    return quiz


# --- the live run --------------------------------------------------------------------------


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


def _is_past_deadline(run: QuizRun, now: datetime) -> bool:
    return run.deadline is not None and now > run.deadline + GRACE


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
    live_session_bump(session_id=run.session_id, phones=True)
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
    live_session_bump(session_id=run.session_id, phones=True)
    return run


@transaction.atomic
def question_close_if_due(*, run: QuizRun, now: datetime | None = None) -> QuizRun:
    """Close the open question once its deadline (and the grace) has passed; otherwise change
    nothing. Safe to call on every poll of the dashboard or projector."""
    now = now or timezone.now()
    if run.state != State.OPEN or not _is_past_deadline(run, now):
        return run
    run = _lock(run)
    if run.state == State.OPEN and _is_past_deadline(run, now):
        _close(run, now)
        live_session_bump(session_id=run.session_id, phones=True)
    return run


@transaction.atomic
def results_reveal(*, run: QuizRun) -> QuizRun:
    """Show how the class answered; a question whose deadline has passed is closed first."""
    run = _lock(run)
    _require_live(run)
    now = timezone.now()
    if run.state == State.OPEN and _is_past_deadline(run, now):
        _close(run, now)
    if run.state != State.CLOSED:
        raise _refuse(run, "reveal the results")
    run.state = State.REVEALED
    run.save(update_fields=["state"])
    live_session_bump(session_id=run.session_id, phones=True)
    return run


# --- answers -------------------------------------------------------------------------------


def _normalise(choice_ids: Sequence[int], text: str) -> tuple[list[int], str]:
    try:
        ids = sorted({int(pk) for pk in choice_ids})
    except (TypeError, ValueError):
        raise AnswerRefused("that answer is not one of the choices") from None
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise AnswerRefused(f"an answer can have at most {TEXT_MAX} characters")
    return ids, text


def _mark(question: Question, ids: list[int], text: str, rule: str) -> tuple[bool, float]:
    spec, choice_ids = selectors.question_spec_for_marking(question=question)
    index = {pk: i for i, pk in enumerate(choice_ids)}
    if question.type in {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUEFALSE}:
        if text:
            raise AnswerRefused("choose among the answers shown")
        if any(pk not in index for pk in ids):
            raise AnswerRefused("that answer is not one of the choices")
    elif ids:
        raise AnswerRefused("type the answer rather than choosing one")
    try:
        mark = response_mark(
            question=spec, chosen=[index[pk] for pk in ids], text=text, rule=CreditRule(rule)
        )
    except UnreadableResponse as error:
        raise AnswerRefused(str(error)) from None
    return mark.correct, mark.credit


def _answer_find(key: dict[str, object]) -> Answer | None:
    return Answer.objects.filter(**key).first()


def _store(
    owner: dict[str, object],
    run: QuizRun,
    question: Question,
    values: dict[str, object],
    *,
    may_change: bool,
) -> tuple[Answer, bool]:
    """Insert or update the owner's one answer; (answer, whether anything was written)."""
    key = {"run": run, "question": question, **owner}
    for _attempt in range(2):
        existing = _answer_find(key)
        if existing is not None:
            if existing.choice_ids == values["choice_ids"] and existing.text == values["text"]:
                return existing, False
            if not may_change:
                raise AnswerRefused("you have already answered this question")
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save(update_fields=list(values))
            return existing, True
        try:
            with transaction.atomic():
                return Answer.objects.create(**key, **values), True
        except IntegrityError:
            # A double tap inserted the same answer a moment ago: compare against that one.
            continue
    raise AnswerRefused("the answer could not be saved; send it again")


@transaction.atomic
def answer_submit(
    *,
    run: QuizRun,
    question_id: int,
    participant: Participant | None = None,
    student: Student | None = None,
    choice_ids: Sequence[int] = (),
    text: str = "",
    now: datetime | None = None,
) -> Answer:
    """Store a participant's answer in a live run, or a rostered student's in a self-paced one.

    Live: the last answer before the question closes counts. Self-paced: the first answer is
    final (the student sees whether it was right). An identical retry returns the stored answer
    and writes nothing. Refused with :class:`AnswerRefused` (nothing stored) when the question
    has closed, the answer cannot be read, or the answerer does not belong to the run.
    """
    now = now or timezone.now()
    run = QuizRun.objects.select_related("quiz", "current_question").get(pk=run.pk)
    ids, text = _normalise(choice_ids, text)
    if run.mode == Mode.LIVE:
        if participant is None or student is not None:
            raise AnswerRefused("answer from your phone in the live session")
        if participant.session_id != run.session_id:
            raise AnswerRefused("you are not a participant of this session")
        question = run.current_question
        if (
            run.state != State.OPEN
            or question is None
            or question.pk != int(question_id)
            or _is_past_deadline(run, now)
        ):
            raise AnswerRefused(QUESTION_CLOSED)
        seconds = max((now - run.opened_at).total_seconds(), 0.0)
        time_limit = (run.deadline - run.opened_at).total_seconds() if run.deadline else None
        owner: dict[str, object] = {"participant": participant}
    else:
        if student is None or participant is not None:
            raise AnswerRefused("sign in with your personal link to answer this quiz")
        course_id = run.quiz.activity.lesson.course_id
        if student.course_id != course_id:
            raise AnswerRefused("you are not on the roster of this course")
        if now > run.closes_at:
            raise AnswerRefused(QUIZ_CLOSED)
        question = Question.objects.filter(quiz_id=run.quiz_id, pk=question_id).first()
        if question is None:
            raise AnswerRefused("that question is not part of this quiz")
        seconds, time_limit = None, None
        owner = {"student": student}

    correct, credit = _mark(question, ids, text, run.quiz.multiple_credit)
    points = points_award(
        points=question.points,
        credit=credit,
        speed_bonus=run.quiz.speed_bonus,
        seconds=seconds,
        time_limit=time_limit,
    )
    values = {
        "choice_ids": ids,
        "text": text,
        "correct": correct,
        "credit": credit,
        "points": points,
        "answered_at": now,
        "seconds": seconds,
    }
    answer, written = _store(owner, run, question, values, may_change=run.mode == Mode.LIVE)
    if written and run.session_id is not None:
        live_session_bump(session_id=run.session_id, phones=False)
    return answer


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


# --- options -------------------------------------------------------------------------------


@transaction.atomic
def quiz_options_set(
    *, quiz: Quiz, leaderboard: bool | None = None, speed_bonus: bool | None = None
) -> Quiz:
    """Turn the leaderboard or the speed bonus on or off (``None`` leaves one as it is).

    The speed bonus changes only between questions, so that every answer to one question is
    scored by the same rule: refused while a live run of the quiz has a question open.
    """
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    changed = []
    if speed_bonus is not None and speed_bonus != quiz.speed_bonus:
        open_run = quiz.runs.filter(state=State.OPEN).first()
        if open_run is not None:
            raise QuizError(
                "the speed bonus can change only between questions: close question "
                f"{open_run.current_question.position} first"
            )
        quiz.speed_bonus = speed_bonus
        changed.append("speed_bonus")
    if leaderboard is not None and leaderboard != quiz.leaderboard:
        quiz.leaderboard = leaderboard
        changed.append("leaderboard")
    if changed:
        quiz.save(update_fields=changed)
        for session_id in quiz.runs.filter(mode=Mode.LIVE).values_list("session_id", flat=True):
            live_session_bump(session_id=session_id, phones=False)
    return quiz
