"""What a quiz question is, in plain Python: the shape the GIFT parser produces, the writer
reads, and marking judges. No Django import.

Terms, defined once here:

question type
    ``single`` (one choice), ``multiple`` (any number of choices, "multiple select"),
    ``truefalse`` (the two choices True and False), ``numeric`` (a typed number) or ``short``
    (a typed word or phrase).
choice
    One option of a ``single``, ``multiple`` or ``truefalse`` question, shown with its
    **letter** (A, B, C … by position).
weight
    The percentage of the question's points that a choice or an accepted answer is worth,
    from -100 to 100, as GIFT's ``%n%`` writes it. A **right** choice of a single-choice or
    true/false question has weight 100; a right choice of a multiple-select question has a
    positive weight.
numeric answer
    An accepted range for a typed number: a value with a tolerance (absolute, or relative to
    the value), or a closed range ``low..high``; with its weight and feedback.
short answer
    An accepted text for a ``short`` question; compared with what was typed ignoring case,
    Unicode normal form and surrounding (and repeated) space.
feedback
    Text shown with one choice or accepted answer once the question is marked.
explanation
    Text about the whole question shown after the results are revealed: GIFT's general
    feedback (``####``).
text format
    How a question's texts are written: ``markdown`` (the default, with LaTeX maths),
    ``html`` or ``plain``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    NUMERIC = "numeric"
    SHORT = "short"


class TextFormat(StrEnum):
    MARKDOWN = "markdown"
    HTML = "html"
    PLAIN = "plain"


CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUEFALSE})
TRUE_TEXT = "True"
FALSE_TEXT = "False"


def choice_letter(index: int) -> str:
    """The letter of the choice at ``index`` (from 0): A … Z, then AA, AB …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class ChoiceSpec:
    text: str
    weight: float = 0.0
    feedback: str = ""


@dataclass(frozen=True)
class NumericSpec:
    """A value with ``tolerance`` (a fraction of the value when ``relative``), or low..high."""

    value: float | None = None
    tolerance: float = 0.0
    relative: bool = False
    low: float | None = None
    high: float | None = None
    weight: float = 100.0
    feedback: str = ""

    @property
    def is_range(self) -> bool:
        return self.value is None

    def bounds(self) -> tuple[float, float]:
        if self.value is None:
            assert self.low is not None and self.high is not None
            return self.low, self.high
        spread = abs(self.value) * self.tolerance if self.relative else self.tolerance
        return self.value - spread, self.value + spread


@dataclass(frozen=True)
class ShortSpec:
    text: str
    weight: float = 100.0
    feedback: str = ""


@dataclass(frozen=True)
class QuestionSpec:
    type: QuestionType
    text: str
    title: str = ""
    category: str = ""
    text_format: TextFormat = TextFormat.MARKDOWN
    choices: tuple[ChoiceSpec, ...] = ()
    numeric: tuple[NumericSpec, ...] = ()
    short: tuple[ShortSpec, ...] = ()
    explanation: str = ""
    # Where the question starts in its source file; not part of what the question is.
    line: int = field(default=0, compare=False)

    @property
    def truefalse_answer(self) -> bool:
        """For a true/false question: whether the statement is true."""
        return self.choices[0].weight > 0
