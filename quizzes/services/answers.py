"""Answers: a phone's to the open question of a live run, a student's in a self-paced run.

An answer counts when it reaches the server before the question closes: before the instructor
closes it and at most :data:`~quizzes.services.common.GRACE` after its deadline, for the
network. Until then a participant may change it and the last one counts; a retried identical
request changes nothing. A live answer is stored by one statement, outside any transaction:
an insert-or-update on the one-answer-per-participant constraint that writes only while the run
still has that question open (:func:`_live_upsert`), so a close that commits first always wins,
and a double tap or a retry is resolved by the database.

An answer only changes the projector's and dashboard's figures, so it tells
:func:`classroom.kinds.state_changed` that only ``Audience.SCREENS`` must show it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from classroom.kinds import Audience, BadInput, clean_text, state_changed
from classroom.models import LiveSession, Participant, Student

from .. import selectors
from ..marking import CreditRule, UnreadableResponse, points_award, response_mark
from ..models import Answer, Question, QuizRun
from ..selectors import LiveQuestion
from ..spec import CHOICE_TYPES, QuestionSpec
from .common import QUESTION_CLOSED, QUIZ_CLOSED, TEXT_MAX, AnswerRefused, Mode, State, past_due


def _normalise(choice_ids: Sequence[int], text: str) -> tuple[list[int], str]:
    try:
        ids = sorted({int(pk) for pk in choice_ids})
    except (TypeError, ValueError):
        raise AnswerRefused("that answer is not one of the choices") from None
    try:
        text = clean_text(text, what="an answer", max_length=TEXT_MAX, required=False)
    except BadInput as exc:
        raise AnswerRefused(str(exc)) from None
    return ids, text


def _mark(
    spec: QuestionSpec, choice_ids: Sequence[int], ids: list[int], text: str, rule: str
) -> tuple[bool, float]:
    index = {pk: i for i, pk in enumerate(choice_ids)}
    if spec.type in CHOICE_TYPES:
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


# --- live ----------------------------------------------------------------------------------

_VALUES = ("choice_ids", "text", "correct", "credit", "points", "answered_at", "seconds")
# Parameters: run, question, participant, the _VALUES; then run, "open", question again.
# PostgreSQL share-locks the run's row (as the answer's foreign key does anyway), so a close,
# which locks the row for update, waits for the answers already being written, and an answer
# that meets a close in progress waits for it, then finds the question closed. SQLite writes one
# statement at a time, which gives the same order without the lock.
_LIVE_UPSERT = (
    "INSERT INTO quizzes_answer (run_id, question_id, participant_id, "
    "choice_ids, text, correct, credit, points, answered_at, seconds) "
    "SELECT %s, %s, %s, CAST(%s AS jsonb), %s, %s, %s, %s, %s, %s "
    "WHERE EXISTS (SELECT 1 FROM quizzes_quizrun "
    "WHERE id = %s AND state = %s AND current_question_id = %s FOR KEY SHARE) "
    "ON CONFLICT (run_id, question_id, participant_id) WHERE participant_id IS NOT NULL "
    "DO UPDATE SET choice_ids = excluded.choice_ids, text = excluded.text, "
    "correct = excluded.correct, credit = excluded.credit, points = excluded.points, "
    "answered_at = excluded.answered_at, seconds = excluded.seconds "
    "WHERE quizzes_answer.choice_ids <> excluded.choice_ids "
    "OR quizzes_answer.text <> excluded.text "
    "RETURNING id"
)


def _live_upsert_sql() -> str:
    if connection.vendor == "postgresql":
        return _LIVE_UPSERT
    # SQLite keeps JSON as text and has no row locks.
    return _LIVE_UPSERT.replace(" FOR KEY SHARE", "").replace("CAST(%s AS jsonb)", "%s")


def _live_upsert(
    *, run_id: int, question_id: int, participant_id: int, values: dict[str, object]
) -> int | None:
    """Store the participant's answer if the run still has ``question_id`` open, in one
    statement: insert it, or update the stored one when it differs. The stored answer's id, or
    None when nothing was written (the question is no longer open, or the same answer is
    already stored)."""
    # The choices go as JSON text (cast in the statement): psycopg's JSON adapter costs more
    # than the rest of the parameters together.
    prepared = [json.dumps(values["choice_ids"])] + [
        Answer._meta.get_field(name).get_db_prep_save(values[name], connection)
        for name in _VALUES[1:]
    ]
    params = [run_id, question_id, participant_id, *prepared, run_id, State.OPEN.value, question_id]
    with connection.cursor() as cursor:
        cursor.execute(_live_upsert_sql(), params)
        row = cursor.fetchone()
    return None if row is None else row[0]


def _live_answer(
    live: LiveQuestion,
    *,
    participant: Participant,
    question_id: int,
    choice_ids: Sequence[int],
    text: str,
    now: datetime,
    join_code: str,
) -> Answer:
    ids, text = _normalise(choice_ids, text)
    if participant.session_id != live.session_id:
        raise AnswerRefused("you are not a participant of this session")
    if (
        live.state != State.OPEN
        or live.question_id is None
        or live.question_id != int(question_id)
        or past_due(live.deadline, now)
    ):
        return _stored_already(live, participant, int(question_id), ids, text)
    correct, credit = _mark(live.spec, live.choice_ids, ids, text, live.multiple_credit)
    seconds = max((now - live.opened_at).total_seconds(), 0.0)
    time_limit = (live.deadline - live.opened_at).total_seconds() if live.deadline else None
    values = {
        "choice_ids": ids,
        "text": text,
        "correct": correct,
        "credit": credit,
        "points": points_award(
            points=live.points,
            credit=credit,
            speed_bonus=live.speed_bonus,
            seconds=seconds,
            time_limit=time_limit,
        ),
        "answered_at": now,
        "seconds": seconds,
    }
    answer_id = _live_upsert(
        run_id=live.run_id,
        question_id=live.question_id,
        participant_id=participant.pk,
        values=values,
    )
    if answer_id is None:
        # Nothing written: the same answer is stored (a retry, a double tap), or the question
        # closed after ``live`` was read.
        stored = Answer.objects.filter(
            run_id=live.run_id,
            question_id=live.question_id,
            participant=participant,
            run__state=State.OPEN,
            run__current_question_id=live.question_id,
        ).first()
        if stored is None:
            return _stored_already(live, participant, live.question_id, ids, text)
        return stored
    state_changed(session_id=live.session_id, audience=Audience.SCREENS, join_code=join_code)
    return Answer(
        pk=answer_id,
        run_id=live.run_id,
        question_id=live.question_id,
        participant=participant,
        **values,
    )


def _stored_already(
    live: LiveQuestion, participant: Participant, question_id: int, ids: list[int], text: str
) -> Answer:
    """After the close, the same answer stored before it: a phone resending one whose receipt
    it never got. That answer counts, so it is acknowledged; any other is refused."""
    stored = Answer.objects.filter(
        run_id=live.run_id, question_id=question_id, participant=participant
    ).first()
    if stored is not None and stored.choice_ids == ids and stored.text == text:
        return stored
    raise AnswerRefused(QUESTION_CLOSED)


def answer_live_submit(
    *,
    session: LiveSession,
    participant: Participant,
    question_id: int,
    choice_ids: Sequence[int] = (),
    text: str = "",
    now: datetime | None = None,
) -> Answer:
    """A phone's answer to the open question of the live quiz that is ``session``'s current
    activity: the hot path, two queries when the live question is cached.

    Preconditions: ``session`` is as read from the database (with its version), and
    ``participant`` is the one the phone plays in it. Call outside a transaction: the answer is
    written by one statement. Refused with :class:`AnswerRefused` (nothing stored) as
    :func:`answer_submit` refuses a live answer.
    """
    live = selectors.live_question_of(session=session)
    if live is None:
        raise AnswerRefused(QUESTION_CLOSED)
    return _live_answer(
        live,
        participant=participant,
        question_id=question_id,
        choice_ids=choice_ids,
        text=text,
        now=now or timezone.now(),
        join_code=session.join_code,
    )


# --- either kind of run --------------------------------------------------------------------


def _answer_find(key: dict[str, object]) -> Answer | None:
    return Answer.objects.filter(**key).first()


def _store_final(key: dict[str, object], values: dict[str, object]) -> Answer:
    """Insert the student's one answer; an identical one already stored is returned as it is,
    a different one refused (the first answer is final)."""
    for _attempt in range(2):
        existing = _answer_find(key)
        if existing is not None:
            if existing.choice_ids == values["choice_ids"] and existing.text == values["text"]:
                return existing
            raise AnswerRefused("you have already answered this question")
        try:
            with transaction.atomic():
                return Answer.objects.create(**key, **values)
        except IntegrityError:
            # A double tap inserted an answer a moment ago: compare against that one.
            continue
    raise AnswerRefused("the answer could not be saved; send it again")


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

    Live: the last answer before the question closes counts (stored as
    :func:`answer_live_submit` stores it, with the run read from the database). Self-paced:
    the first answer is final (the student sees whether it was right). An identical retry
    returns the stored answer and writes nothing. Refused with :class:`AnswerRefused` (nothing
    stored) when the question has closed, the answer cannot be read, or the answerer does not
    belong to the run.
    """
    now = now or timezone.now()
    run = QuizRun.objects.select_related("quiz", "current_question", "session").get(pk=run.pk)
    if run.mode == Mode.LIVE:
        if participant is None or student is not None:
            raise AnswerRefused("answer from your phone in the live session")
        return _live_answer(
            selectors.live_question_read(run=run),
            participant=participant,
            question_id=question_id,
            choice_ids=choice_ids,
            text=text,
            now=now,
            join_code=run.session.join_code,
        )
    ids, text = _normalise(choice_ids, text)
    if student is None or participant is not None:
        raise AnswerRefused("sign in with your personal link to answer this quiz")
    if student.course_id != run.quiz.activity.lesson.course_id:
        raise AnswerRefused("you are not on the roster of this course")
    if now > run.closes_at:
        raise AnswerRefused(QUIZ_CLOSED)
    question = Question.objects.filter(quiz_id=run.quiz_id, pk=question_id).first()
    if question is None:
        raise AnswerRefused("that question is not part of this quiz")
    spec, spec_choice_ids = selectors.question_spec_for_marking(question=question)
    correct, credit = _mark(spec, spec_choice_ids, ids, text, run.quiz.multiple_credit)
    values = {
        "choice_ids": ids,
        "text": text,
        "correct": correct,
        "credit": credit,
        "points": points_award(points=question.points, credit=credit),
        "answered_at": now,
        "seconds": None,
    }
    return _store_final({"run": run, "question": question, "student": student}, values)
