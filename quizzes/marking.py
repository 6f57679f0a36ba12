"""Marking one response to one question, and the points it earns. No Django import.

Terms (the question terms are in :mod:`quizzes.spec`):

response
    What a participant gave: the indices (from 0) of the choices they chose, or the text they
    typed.
credit
    The share of the question's points a response earns, from 0 to 1.
correct
    A response is correct when it earns full credit; for multiple select, when the chosen
    choices are exactly those with a positive weight.
credit rule
    How a multiple-select response earns credit: ``all_or_nothing`` (1 when correct, else 0) or
    ``partial`` (the sum of the chosen weights over the sum of the positive weights, floored at
    0, so a wrong choice with a negative weight takes back what a right one gave).
speed factor
    With the speed bonus on, the share of the credit kept for answering after ``seconds`` of a
    ``time_limit``: 1 within the first half second, falling linearly to 1/2 at the deadline,
    as Kahoot! scores. Without a time limit there is no deadline to decay to, so it is 1.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from quizzes.spec import ChoiceSpec, NumericSpec, QuestionSpec, QuestionType, ShortSpec
from typed_numbers import parse_number

FULL_POINTS_WITHIN = 0.5
SLOWEST_FACTOR = 0.5
# Room for the rounding of decimal tolerances (3.14 - 0.01 is 3.1300000000000003).
_TOLERANCE_SLACK = 1e-9


class CreditRule(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"
    PARTIAL = "partial"


class UnreadableResponse(ValueError):
    """A response that cannot be marked; the message tells the participant what to fix."""


@dataclass(frozen=True)
class Mark:
    credit: float
    correct: bool
    feedback: tuple[str, ...] = ()


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _feedback(*texts: str) -> tuple[str, ...]:
    return tuple(text for text in texts if text)


def single_choice_mark(*, choices: Sequence[ChoiceSpec], chosen: Collection[int]) -> Mark:
    """One choice (single choice, true/false): its weight, floored at 0."""
    picked = set(chosen)
    if len(picked) != 1:
        raise UnreadableResponse("choose one answer")
    (index,) = picked
    if not 0 <= index < len(choices):
        raise UnreadableResponse("that answer is not one of the choices")
    choice = choices[index]
    credit = _clamp(choice.weight / 100)
    return Mark(credit=credit, correct=credit >= 1, feedback=_feedback(choice.feedback))


def multiple_select_mark(
    *, choices: Sequence[ChoiceSpec], chosen: Collection[int], rule: CreditRule
) -> Mark:
    picked = set(chosen)
    if not picked:
        raise UnreadableResponse("choose at least one answer")
    if not all(0 <= index < len(choices) for index in picked):
        raise UnreadableResponse("that answer is not one of the choices")
    right = {i for i, choice in enumerate(choices) if choice.weight > 0}
    correct = picked == right
    if rule == CreditRule.ALL_OR_NOTHING:
        credit = 1.0 if correct else 0.0
    else:
        total = sum(choices[i].weight for i in right)
        earned = sum(choices[i].weight for i in picked)
        credit = 1.0 if correct else _clamp(earned / total) if total > 0 else 0.0
    return Mark(
        credit=credit,
        correct=correct,
        feedback=_feedback(*(choices[i].feedback for i in sorted(picked))),
    )


def numeric_read(text: str) -> float:
    """The value of a typed number, read as the checker reads it (decimal comma, 1/4, −2)."""
    parsed = parse_number(text)
    if not parsed.ok or parsed.value is None:
        raise UnreadableResponse(parsed.error or "type a number")
    return parsed.value


def numeric_accepts(answer: NumericSpec, value: float) -> bool:
    low, high = answer.bounds()
    slack = _TOLERANCE_SLACK * max(abs(low), abs(high))
    return low - slack <= value <= high + slack


def numeric_mark(*, answers: Sequence[NumericSpec], value: float) -> Mark:
    """The best weight among the numeric answers that accept ``value``."""
    matching = [answer for answer in answers if numeric_accepts(answer, value)]
    if not matching:
        return Mark(credit=0.0, correct=False)
    best = max(matching, key=lambda answer: answer.weight)
    credit = _clamp(best.weight / 100)
    return Mark(credit=credit, correct=credit >= 1, feedback=_feedback(best.feedback))


def short_text_normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def short_text_mark(*, answers: Sequence[ShortSpec], text: str) -> Mark:
    typed = short_text_normalise(text)
    if not typed:
        raise UnreadableResponse("type an answer")
    matching = [answer for answer in answers if short_text_normalise(answer.text) == typed]
    if not matching:
        return Mark(credit=0.0, correct=False)
    best = max(matching, key=lambda answer: answer.weight)
    credit = _clamp(best.weight / 100)
    return Mark(credit=credit, correct=credit >= 1, feedback=_feedback(best.feedback))


def response_mark(
    *,
    question: QuestionSpec,
    chosen: Collection[int] = (),
    text: str = "",
    rule: CreditRule = CreditRule.PARTIAL,
) -> Mark:
    """Mark a response to any type of question; :class:`UnreadableResponse` if it cannot be."""
    match question.type:
        case QuestionType.SINGLE | QuestionType.TRUEFALSE:
            return single_choice_mark(choices=question.choices, chosen=chosen)
        case QuestionType.MULTIPLE:
            return multiple_select_mark(choices=question.choices, chosen=chosen, rule=rule)
        case QuestionType.NUMERIC:
            return numeric_mark(answers=question.numeric, value=numeric_read(text))
        case QuestionType.SHORT:
            return short_text_mark(answers=question.short, text=text)
    raise ValueError(f"unknown question type {question.type!r}")


def speed_factor(*, seconds: float, time_limit: float | None) -> float:
    if time_limit is None or time_limit <= FULL_POINTS_WITHIN:
        return 1.0
    late = min(max(seconds, FULL_POINTS_WITHIN), time_limit) - FULL_POINTS_WITHIN
    return 1.0 - (1.0 - SLOWEST_FACTOR) * late / (time_limit - FULL_POINTS_WITHIN)


def points_award(
    *,
    points: float,
    credit: float,
    speed_bonus: bool = False,
    seconds: float | None = None,
    time_limit: float | None = None,
) -> float:
    """Points earned: ``points × credit``, times the speed factor when the bonus is on."""
    factor = 1.0
    if speed_bonus and seconds is not None:
        factor = speed_factor(seconds=seconds, time_limit=time_limit)
    return round(points * credit * factor, 2)
