"""Every non-trivial read of the quiz: questions as specs, live figures, results, the export.

A **respondent** of a run is whoever answered at least one of its questions: a participant of
the live session (guest or rostered) in a live run, a rostered student in a self-paced run.
Their **total** is the sum of their points. Facility, discrimination and the distribution are
defined in :mod:`quizzes.stats`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404

from classroom.models import LiveSession, Participant, Student

from . import stats
from .gift import gift_write
from .marking import short_text_normalise
from .models import Answer, Choice, NumericAnswer, Question, Quiz, QuizRun, ShortAnswer
from .spec import (
    CHOICE_TYPES,
    ChoiceSpec,
    NumericSpec,
    QuestionSpec,
    QuestionType,
    ShortSpec,
    TextFormat,
    choice_letter,
)

# --- questions as plain specs --------------------------------------------------------------


def _choice_spec(choice: Choice) -> ChoiceSpec:
    return ChoiceSpec(text=choice.text, weight=choice.weight, feedback=choice.feedback)


def _numeric_spec(answer: NumericAnswer) -> NumericSpec:
    return NumericSpec(
        value=answer.value,
        tolerance=answer.tolerance,
        relative=answer.tolerance_kind == NumericAnswer.Tolerance.RELATIVE,
        low=answer.low,
        high=answer.high,
        weight=answer.weight,
        feedback=answer.feedback,
    )


def _short_spec(answer: ShortAnswer) -> ShortSpec:
    return ShortSpec(text=answer.text, weight=answer.weight, feedback=answer.feedback)


def _spec(
    question: Question,
    choices: list[Choice],
    numeric: list[NumericAnswer],
    short: list[ShortAnswer],
) -> QuestionSpec:
    return QuestionSpec(
        type=QuestionType(question.type),
        text=question.text,
        title=question.title,
        category=question.category,
        text_format=TextFormat(question.text_format),
        choices=tuple(_choice_spec(c) for c in choices),
        numeric=tuple(_numeric_spec(a) for a in numeric),
        short=tuple(_short_spec(a) for a in short),
        explanation=question.explanation,
    )


def question_spec_for_marking(*, question: Question) -> tuple[QuestionSpec, list[int]]:
    """The spec of one question, read with one query, and its choices' keys in spec order."""
    if question.type in CHOICE_TYPES:
        choices = list(Choice.objects.filter(question=question).order_by("position"))
        return _spec(question, choices, [], []), [c.pk for c in choices]
    if question.type == QuestionType.NUMERIC:
        numeric = list(NumericAnswer.objects.filter(question=question).order_by("position"))
        return _spec(question, [], numeric, []), []
    short = list(ShortAnswer.objects.filter(question=question).order_by("position"))
    return _spec(question, [], [], short), []


def questions_with_answers(*, quiz: Quiz) -> list[Question]:
    """The quiz's questions in order, with their choices and accepted answers (four queries)."""
    return list(
        quiz.questions.order_by("position").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position")),
            Prefetch("numeric_answers", queryset=NumericAnswer.objects.order_by("position")),
            Prefetch("short_answers", queryset=ShortAnswer.objects.order_by("position")),
        )
    )


def question_specs(*, quiz: Quiz) -> list[QuestionSpec]:
    return [
        _spec(q, list(q.choices.all()), list(q.numeric_answers.all()), list(q.short_answers.all()))
        for q in questions_with_answers(quiz=quiz)
    ]


def quiz_gift_export(*, quiz: Quiz) -> str:
    return gift_write(question_specs(quiz=quiz))


# --- the live run --------------------------------------------------------------------------


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


def typed_answer_counts(*, run: QuizRun, question: Question, top: int = 8) -> list[TypedCount]:
    """The most frequent typed answers (numeric or short), alike up to case and spacing."""
    tally: Counter[str] = Counter()
    shown: dict[str, str] = {}
    correct: dict[str, bool] = {}
    for text, is_correct in Answer.objects.filter(run=run, question=question).values_list(
        "text", "correct"
    ):
        key = short_text_normalise(text)
        tally[key] += 1
        shown.setdefault(key, text)
        correct[key] = is_correct
    return [
        TypedCount(text=shown[key], count=count, correct=correct[key])
        for key, count in tally.most_common(top)
    ]


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    key: str
    name: str
    student_number: str
    total: float
    answered: int
    correct: int


def _owner(row: dict) -> tuple[str, str, str]:
    if row["participant_id"] is not None:
        number = row["participant__student__student_number"] or ""
        name = row["participant__student__name"] or row["participant__display_name"]
        return f"p{row['participant_id']}", name, number
    return f"s{row['student_id']}", row["student__name"], row["student__student_number"]


_OWNER_FIELDS = (
    "participant_id",
    "participant__display_name",
    "participant__student__name",
    "participant__student__student_number",
    "student_id",
    "student__name",
    "student__student_number",
)


def run_scores(*, run: QuizRun) -> list[Score]:
    """Each respondent's total, highest first (one query)."""
    rows = (
        Answer.objects.filter(run=run)
        .values(*_OWNER_FIELDS)
        .annotate(
            total=Sum("points"), answered=Count("id"), n_correct=Count("id", filter=Q(correct=True))
        )
        .order_by()
    )
    scores = []
    for row in rows:
        key, name, number = _owner(row)
        scores.append(
            Score(
                key=key,
                name=name,
                student_number=number,
                total=round(row["total"] or 0.0, 2),
                answered=row["answered"],
                correct=row["n_correct"],
            )
        )
    return sorted(scores, key=lambda s: (-s.total, s.name.casefold(), s.key))


@dataclass(frozen=True)
class LeaderRow:
    rank: int
    display_name: str
    total: float


def leaderboard(*, run: QuizRun, size: int = 5) -> list[LeaderRow]:
    """The top ``size`` by display name only; empty unless the quiz shows a leaderboard."""
    if not run.quiz.leaderboard:
        return []
    rows = (
        Answer.objects.filter(run=run)
        .values("participant_id", "participant__display_name", "student_id", "student__name")
        .annotate(total=Sum("points"))
        .order_by("-total", "participant__display_name", "student__name")[:size]
    )
    return [
        LeaderRow(
            rank=rank,
            display_name=row["participant__display_name"] or row["student__name"],
            total=round(row["total"] or 0.0, 2),
        )
        for rank, row in enumerate(rows, start=1)
    ]


@dataclass(frozen=True)
class QuestionStat:
    question_id: int
    position: int
    text: str
    answered: int
    facility: float | None
    discrimination: float | None


def question_stats(*, run: QuizRun) -> list[QuestionStat]:
    """Facility and discrimination of every question of the run's quiz (two queries)."""
    questions = list(run.quiz.questions.order_by("position").values("id", "position", "text"))
    answers = list(
        Answer.objects.filter(run=run).values_list(
            "participant_id", "student_id", "question_id", "points", "correct"
        )
    )
    totals: dict[tuple, float] = defaultdict(float)
    by_question: dict[int, list[tuple[tuple, bool]]] = defaultdict(list)
    for participant_id, student_id, question_id, points, correct in answers:
        owner = (participant_id, student_id)
        totals[owner] += points
        by_question[question_id].append((owner, correct))
    result = []
    for q in questions:
        rows = sorted(by_question[q["id"]], key=lambda row: (row[0][0] or 0, row[0][1] or 0))
        result.append(
            QuestionStat(
                question_id=q["id"],
                position=q["position"],
                text=q["text"],
                answered=len(rows),
                facility=stats.facility([correct for _owner, correct in rows]),
                discrimination=stats.discrimination(
                    [(totals[owner], correct) for owner, correct in rows]
                ),
            )
        )
    return result


def totals_distribution(*, run: QuizRun) -> list[stats.Band]:
    """Respondents per one-point band of totals, from 0 to the most a respondent could score."""
    max_total = run.quiz.questions.aggregate(m=Sum("points"))["m"] or 0
    return stats.distribution([s.total for s in run_scores(run=run)], max_total=max_total)


@dataclass(frozen=True)
class MyResult:
    question: Question
    answer: Answer | None


def results_of(
    *, run: QuizRun, participant: Participant | None = None, student: Student | None = None
) -> tuple[list[MyResult], float]:
    """One answerer's answers to every question (``None`` where none) and their total."""
    owner = {"participant": participant} if participant is not None else {"student": student}
    answers = {a.question_id: a for a in Answer.objects.filter(run=run, **owner)}
    questions = list(run.quiz.questions.order_by("position"))
    total = round(sum(a.points for a in answers.values()), 2)
    return [MyResult(question=q, answer=answers.get(q.pk)) for q in questions], total


CSV_HEADER = [
    "student number",
    "name",
    "question",
    "answer",
    "correct",
    "points",
    "seconds to answer",
]


def _first_words(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"


def answers_csv_rows(*, run: QuizRun) -> list[list[str]]:
    """The header and one row per stored answer, by question then name (two queries)."""
    letters = {
        pk: choice_letter(position - 1)
        for pk, position in Choice.objects.filter(question__quiz_id=run.quiz_id).values_list(
            "pk", "position"
        )
    }
    answers = Answer.objects.filter(run=run).select_related(
        "question", "participant__student", "student"
    )
    rows = []
    for a in answers:
        person = a.student or (a.participant.student if a.participant else None)
        name = person.name if person else a.participant.display_name
        response = ", ".join(letters.get(pk, "?") for pk in a.choice_ids) or a.text
        rows.append(
            [
                person.student_number if person else "",
                name,
                f"{a.question.position}. {_first_words(a.question.text)}",
                response,
                "yes" if a.correct else "no",
                f"{a.points:g}",
                "" if a.seconds is None else f"{a.seconds:.1f}",
                (a.question.position, name.casefold()),
            ]
        )
    rows.sort(key=lambda row: row[-1])
    return [CSV_HEADER] + [row[:-1] for row in rows]


# --- who may see what ----------------------------------------------------------------------


def quiz_for_instructor(*, user, quiz_id: int) -> Quiz:
    """The quiz if ``user`` teaches its course; otherwise 404, so other courses stay hidden."""
    quiz = (
        Quiz.objects.select_related("activity__lesson__course")
        .filter(pk=quiz_id, activity__lesson__course__instructors=user)
        .first()
    )
    if quiz is None:
        raise Http404("No such quiz among yours")
    return quiz


def run_for_instructor(*, user, run_id: int) -> QuizRun:
    """The run if ``user`` teaches its quiz's course; otherwise 404."""
    run = (
        QuizRun.objects.select_related("quiz__activity__lesson__course", "current_question")
        .filter(pk=run_id, quiz__activity__lesson__course__instructors=user)
        .first()
    )
    if run is None:
        raise Http404("No such quiz run among yours")
    return run


def run_for_student(*, student: Student, run_id: int) -> QuizRun:
    """A run of the student's course: a self-paced one, or a live one they took part in."""
    run = (
        QuizRun.objects.select_related("quiz__activity__lesson", "session")
        .filter(pk=run_id, quiz__activity__lesson__course_id=student.course_id)
        .filter(Q(mode=QuizRun.Mode.SELF_PACED) | Q(session__participants__student=student))
        .distinct()
        .first()
    )
    if run is None:
        raise Http404("No such quiz for you")
    return run


def participant_of_student(*, run: QuizRun, student: Student) -> Participant | None:
    """The participant that ``student`` played in a live run's session, if they joined it."""
    if run.session_id is None:
        return None
    return Participant.objects.filter(session_id=run.session_id, student=student).first()


def runs_of_quiz(*, quiz: Quiz) -> list[QuizRun]:
    """Every run of the quiz, newest first, with its count of answers."""
    return list(
        quiz.runs.select_related("session")
        .annotate(n_answers=Count("answers"))
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class StudentRun:
    run: QuizRun
    title: str
    answered: int
    questions: int
    is_open: bool


def runs_for_student(*, student: Student, now: datetime) -> list[StudentRun]:
    """The student's quizzes: self-paced runs of their course, live runs they took part in."""
    runs = (
        QuizRun.objects.select_related("quiz__activity")
        .filter(quiz__activity__lesson__course_id=student.course_id)
        .filter(Q(mode=QuizRun.Mode.SELF_PACED) | Q(session__participants__student=student))
        .annotate(n_questions=Count("quiz__questions", distinct=True))
        .distinct()
        .order_by("-created_at", "-id")
    )
    answered = Counter(
        Answer.objects.filter(Q(student=student) | Q(participant__student=student)).values_list(
            "run_id", flat=True
        )
    )
    return [
        StudentRun(
            run=run,
            title=run.quiz.activity.title,
            answered=answered[run.pk],
            questions=run.n_questions,
            is_open=run.mode == QuizRun.Mode.SELF_PACED and run.closes_at > now,
        )
        for run in runs
    ]


def question_count(*, quiz_id: int) -> int:
    return Question.objects.filter(quiz_id=quiz_id).count()


def choices_by_question(*, quiz_id: int) -> dict[int, list[Choice]]:
    """Every choice of the quiz's questions, in order, by question id (one query)."""
    grouped: dict[int, list[Choice]] = defaultdict(list)
    for choice in Choice.objects.filter(question__quiz_id=quiz_id).select_related("question"):
        grouped[choice.question_id].append(choice)
    return dict(grouped)
