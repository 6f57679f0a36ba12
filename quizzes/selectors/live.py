"""Reads of the live run: the run, the open question as phones answer it, live figures.

The **live question** of a session is what an answer to its live quiz is checked and marked
against: the run's state, the current question, its deadline and everything marking needs
(:class:`LiveQuestion`). It is filed under the session's ``version``, which every change of the
run's state bumps in the same transaction (:mod:`quizzes.services.runs`), so an entry is never
older than the version it is filed under and never changes: each process keeps the entries it
used lately, the shared cache holds them for the other processes, the database is read once per
version. The answer's write checks the run's state again in the same statement, so a close that
commits after the entry was read still wins.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

from classroom.models import LiveSession, Participant, Student
from typed_numbers import parse_number

from ..marking import short_text_normalise
from ..models import Answer, Choice, Question, QuizRun
from ..spec import QuestionSpec, QuestionType
from .questions import question_spec_for_marking

# An entry outlives its version only as garbage; the limit also bounds how long an edit of a
# question's choices in the admin, which bumps nothing, goes unseen while that question is open.
LIVE_QUESTION_SECONDS = 120


def run_live_for(*, session: LiveSession, activity_id: int) -> QuizRun | None:
    """The live run of the quiz of ``activity_id`` in ``session``, if it has started."""
    return (
        QuizRun.objects.select_related("quiz", "current_question")
        .filter(session=session, quiz__activity_id=activity_id)
        .first()
    )


def answer_of(
    *,
    run: QuizRun,
    question_id: int,
    participant: Participant | None = None,
    student: Student | None = None,
) -> Answer | None:
    """One answerer's stored answer, so a phone that reloads shows what it sent."""
    owner = {"participant": participant} if participant is not None else {"student": student}
    return Answer.objects.filter(run=run, question_id=question_id, **owner).first()


@dataclass(frozen=True)
class Progress:
    answered: int
    participants: int


def answer_progress(*, run: QuizRun) -> Progress:
    """How many have answered the current question, against how many are in the session."""
    answered = 0
    if run.current_question_id is not None:
        answered = Answer.objects.filter(run=run, question_id=run.current_question_id).count()
    participants = Participant.objects.filter(session_id=run.session_id).count()
    return Progress(answered=answered, participants=participants)


@dataclass(frozen=True)
class ChoiceCount:
    choice_id: int
    letter: str
    text: str
    count: int
    right: bool


def choice_counts(*, run: QuizRun, question: Question) -> list[ChoiceCount]:
    """How many chose each choice, in order; ``right`` marks the choices to show as right."""
    choices = list(Choice.objects.filter(question=question).order_by("position"))
    tally: Counter[int] = Counter()
    for ids in Answer.objects.filter(run=run, question=question).values_list(
        "choice_ids", flat=True
    ):
        tally.update(ids)
    best = max((c.weight for c in choices), default=0)
    multiple = question.type == QuestionType.MULTIPLE
    return [
        ChoiceCount(
            choice_id=c.pk,
            letter=c.letter,
            text=c.text,
            count=tally[c.pk],
            right=c.weight > 0 and (multiple or c.weight == best),
        )
        for c in choices
    ]


@dataclass(frozen=True)
class TypedCount:
    text: str
    count: int
    correct: bool


def typed_answer_key(text: str, *, numeric: bool) -> str:
    """What makes two typed answers the same answer: a number's value, read as marking reads
    it ("3", "3,0" and "6/2" are one answer), or a short answer's text as marking compares it
    (case, width and spacing aside)."""
    if numeric:
        parsed = parse_number(text)
        if parsed.ok and parsed.value is not None:
            return f"number:{parsed.value!r}"
    return f"text:{short_text_normalise(text)}"


def typed_answer_counts(*, run: QuizRun, question: Question, top: int = 8) -> list[TypedCount]:
    """The most frequent typed answers (numeric or short), grouped by :func:`typed_answer_key`;
    each shown as its group's commonest spelling (the first typed, among equals)."""
    numeric = question.type == QuestionType.NUMERIC
    tally: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    correct: dict[str, bool] = {}
    for text, is_correct in (
        Answer.objects.filter(run=run, question=question)
        .order_by("id")
        .values_list("text", "correct")
    ):
        key = typed_answer_key(text, numeric=numeric)
        tally[key] += 1
        spellings.setdefault(key, Counter())[" ".join(text.split())] += 1
        correct[key] = correct.get(key, False) or is_correct
    return [
        TypedCount(text=spellings[key].most_common(1)[0][0], count=count, correct=correct[key])
        for key, count in tally.most_common(top)
    ]


@dataclass(frozen=True)
class LiveQuestion:
    """A live run as an answer meets it: its state and current question, with what marking
    needs (``spec`` and the keys of its choices in spec order; none without a question)."""

    run_id: int
    session_id: int
    state: str
    question_id: int | None
    question_type: str
    points: int
    opened_at: datetime | None
    deadline: datetime | None
    multiple_credit: str
    speed_bonus: bool
    spec: QuestionSpec | None
    choice_ids: tuple[int, ...]


def live_question_read(*, run: QuizRun) -> LiveQuestion:
    """The live question of ``run`` (read with its quiz and current question) from the
    database: one query for the question's choices or accepted answers."""
    question = run.current_question
    spec, choice_ids = (None, [])
    if question is not None:
        spec, choice_ids = question_spec_for_marking(question=question)
    return LiveQuestion(
        run_id=run.pk,
        session_id=run.session_id,
        state=run.state,
        question_id=run.current_question_id,
        question_type=question.type if question is not None else "",
        points=question.points if question is not None else 0,
        opened_at=run.opened_at,
        deadline=run.deadline,
        multiple_credit=run.quiz.multiple_credit,
        speed_bonus=run.quiz.speed_bonus,
        spec=spec,
        choice_ids=tuple(choice_ids),
    )


def live_question_cache_key(
    *, session_id: int, join_code: str, activity_id: int, version: int
) -> str:
    # The join code too: a database re-created under a long-lived cache reuses the ids.
    return f"quiz:live:{session_id}:{join_code}:{activity_id}:{version}"


class _Recent:
    """The live questions this process used lately, by key, each for LIVE_QUESTION_SECONDS."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: dict[str, tuple[float, LiveQuestion]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> LiveQuestion | None:
        found = self._entries.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: str, live: LiveQuestion) -> None:
        with self._lock:
            if key not in self._entries and len(self._entries) >= self._size:
                del self._entries[next(iter(self._entries))]
            self._entries[key] = (time.monotonic() + LIVE_QUESTION_SECONDS, live)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_recent = _Recent(size=256)


def live_questions_forget() -> None:
    """Drop this process's copies (the shared cache keeps its own)."""
    _recent.clear()


def live_question_of(*, session: LiveSession) -> LiveQuestion | None:
    """The live question of the quiz that is ``session``'s current activity, or None when the
    session has ended or its current activity has no live run.

    ``session`` must be as read from the database (its ``version`` read together with its
    current activity). Found in this process's recent entries or the shared cache under that
    version, else read from the database (two queries) and filed there: the run is read after
    the version, so an entry is never older than its key.
    """
    if not session.is_open or session.current_activity_id is None:
        return None
    key = live_question_cache_key(
        session_id=session.pk,
        join_code=session.join_code,
        activity_id=session.current_activity_id,
        version=session.version,
    )
    live = _recent.get(key)
    if live is not None:
        return live
    live = cache.get(key)
    if live is None:
        run = run_live_for(session=session, activity_id=session.current_activity_id)
        if run is None:
            return None
        live = live_question_read(run=run)
        cache.set(key, live, timeout=LIVE_QUESTION_SECONDS)
    _recent.put(key, live)
    return live
