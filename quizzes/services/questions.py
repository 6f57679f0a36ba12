"""Writes of a quiz's questions (by hand or from GIFT) and of its options."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from classroom.kinds import Audience, activity_append, state_changed
from classroom.models import Activity

from ..gift import gift_parse
from ..models import Answer, Choice, NumericAnswer, Question, Quiz, ShortAnswer
from ..spec import QuestionSpec
from .common import QUIZ_KIND, GiftImportError, Mode, QuizError, State


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
            state_changed(session_id=session_id, audience=Audience.SCREENS)
    return quiz
