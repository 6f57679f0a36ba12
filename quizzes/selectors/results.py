"""Results of a run: scores, the leaderboard, per-question statistics, one answerer's results,
the CSV export.

A **respondent** of a run is whoever answered at least one of its questions: a participant of
the live session (guest or rostered) in a live run, a rostered student in a self-paced run.
Their **total** is the sum of their points. Facility, discrimination and the distribution are
defined in :mod:`quizzes.stats`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from classroom.models import Participant, Student

from .. import stats
from ..models import Answer, Choice, Question, QuizRun
from ..spec import choice_letter


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
