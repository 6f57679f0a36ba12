"""Questions read as plain specs (for marking, export, the screens) and their choices."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from ..gift import gift_write
from ..models import Choice, NumericAnswer, Question, Quiz, ShortAnswer
from ..spec import (
    CHOICE_TYPES,
    ChoiceSpec,
    NumericSpec,
    QuestionSpec,
    QuestionType,
    ShortSpec,
    TextFormat,
)


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


def question_count(*, quiz_id: int) -> int:
    return Question.objects.filter(quiz_id=quiz_id).count()


def choices_by_question(*, quiz_id: int) -> dict[int, list[Choice]]:
    """Every choice of the quiz's questions, in order, by question id (one query)."""
    grouped: dict[int, list[Choice]] = defaultdict(list)
    for choice in Choice.objects.filter(question__quiz_id=quiz_id).select_related("question"):
        grouped[choice.question_id].append(choice)
    return dict(grouped)
