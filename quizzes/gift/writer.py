"""Writing GIFT: the inverse of :func:`quizzes.gift.parser.gift_parse` on what GIFT can hold."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from quizzes.spec import ChoiceSpec, NumericSpec, QuestionSpec, QuestionType

# A backslash is doubled only where it would otherwise start an escape (or end a field, where
# the syntax that follows would be escaped by it), so LaTeX such as \frac stays readable.
_NEEDS_ESCAPE = re.compile(r"\\(?=[\\~=#{}:\n]|n(?![A-Za-z])|\Z)|[~=#{}:]")


def _escape(text: str) -> str:
    escaped = _NEEDS_ESCAPE.sub(lambda m: "\\" + m[0], text)
    lines = escaped.split("\n")
    out = lines[0]
    for line in lines[1:]:
        # A blank line would end the question and a // line would be dropped as a comment,
        # so those line breaks are written as the \n escape instead.
        stripped = line.strip()
        out += ("\\n" if not stripped or stripped.startswith("//") else "\n") + line
    return out


def _number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") and "e" not in text else text


def _weight(weight: float) -> str:
    # GIFT weights are plain decimals, never in exponent notation.
    text = format(Decimal(repr(float(weight))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"%{text}%"


def _feedback(feedback: str) -> str:
    return f" #{_escape(feedback)}" if feedback else ""


def _choice(marker: str, choice: ChoiceSpec, default: float) -> str:
    weight = "" if choice.weight == default and not choice.text.startswith("%") else None
    if weight is None:
        weight = _weight(choice.weight)
    return f"\t{marker}{weight}{_escape(choice.text)}{_feedback(choice.feedback)}"


def _numeric_value(answer: NumericSpec) -> str:
    if answer.value is None:
        assert answer.low is not None and answer.high is not None
        return f"{_number(answer.low)}..{_number(answer.high)}"
    low, high = answer.bounds()
    tolerance = (high - low) / 2 if answer.relative else answer.tolerance
    return (
        _number(answer.value) if tolerance == 0 else f"{_number(answer.value)}:{_number(tolerance)}"
    )


def _answer_lines(question: QuestionSpec) -> list[str]:
    if question.type == QuestionType.SINGLE:
        best = max(range(len(question.choices)), key=lambda i: question.choices[i].weight)
        return [
            _choice("=", choice, 100.0) if i == best else _choice("~", choice, 0.0)
            for i, choice in enumerate(question.choices)
        ]
    if question.type == QuestionType.MULTIPLE:
        return [_choice("~", choice, 0.0) for choice in question.choices]
    if question.type == QuestionType.SHORT:
        return [
            f"\t={'' if a.weight == 100 and not a.text.startswith('%') else _weight(a.weight)}"
            f"{_escape(a.text)}{_feedback(a.feedback)}"
            for a in question.short
        ]
    if question.type == QuestionType.NUMERIC:
        return [
            f"\t={'' if a.weight == 100 else _weight(a.weight)}{_numeric_value(a)}"
            f"{_feedback(a.feedback)}"
            for a in question.numeric
        ]
    raise ValueError(f"no answer lines for a {question.type} question")


def _answer_block(question: QuestionSpec) -> str:
    explanation = f"####{_escape(question.explanation)}" if question.explanation else ""
    if question.type == QuestionType.TRUEFALSE:
        true, false = question.choices
        truth = question.truefalse_answer
        right, wrong = (true, false) if truth else (false, true)
        parts = ["T" if truth else "F"]
        if wrong.feedback or right.feedback:
            parts.append(_escape(wrong.feedback))
        if right.feedback:
            parts.append(_escape(right.feedback))
        return "{" + "#".join(parts) + explanation + "}"
    if (
        question.type == QuestionType.NUMERIC
        and len(question.numeric) == 1
        and question.numeric[0].weight == 100
    ):
        only = question.numeric[0]
        return "{#" + _numeric_value(only) + _feedback(only.feedback) + explanation + "}"
    lines = _answer_lines(question)
    if explanation:
        lines.append(f"\t{explanation}")
    opening = "{#" if question.type == QuestionType.NUMERIC else "{"
    return opening + "\n" + "\n".join(lines) + "\n}"


def gift_write(questions: Iterable[QuestionSpec]) -> str:
    """The GIFT text of ``questions``, each preceded by its category when that changes."""
    parts: list[str] = []
    category = ""
    for question in questions:
        if " ".join(question.category.split()) != category:
            category = " ".join(question.category.split())
            parts.append(f"$CATEGORY: {category}")
        title = f"::{_escape(question.title)}::" if question.title else ""
        head = f"{title}[{question.text_format}]{_escape(question.text)}"
        parts.append(f"{head} {_answer_block(question)}")
    return "\n\n".join(parts) + "\n"
