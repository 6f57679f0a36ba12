"""Reading GIFT: blocks, escapes, the answer block, and one reader per question type."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from quizzes.spec import (
    FALSE_TEXT,
    TRUE_TEXT,
    ChoiceSpec,
    NumericSpec,
    QuestionSpec,
    QuestionType,
    ShortSpec,
    TextFormat,
)

# Escaped characters become private-use stand-ins while the structure is read, so that an
# escaped brace or equals sign is never taken for syntax.
_ESCAPABLE = "\\~=#{}:"
_STAND_IN = {char: chr(0xF8F0 + i) for i, char in enumerate(_ESCAPABLE)}
_STAND_IN["\n"] = chr(0xF8F0 + len(_ESCAPABLE))
_UNESCAPE = str.maketrans({code: char for char, code in _STAND_IN.items()})
_ESCAPE = re.compile(r"\\([\\~=#{}:])|\\n(?![A-Za-z])")

_FORMATS = {
    "markdown": TextFormat.MARKDOWN,
    "html": TextFormat.HTML,
    "plain": TextFormat.PLAIN,
    "moodle": TextFormat.PLAIN,
}
_FORMAT_MARK = re.compile(r"\[(markdown|html|plain|moodle)\]")
_WEIGHT = re.compile(r"\s*%(-?[0-9]+(?:\.[0-9]+)?)%")
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_EXACT = re.compile(rf"\s*({_NUMBER})\s*")
_TOLERANCE = re.compile(rf"\s*({_NUMBER})\s*:\s*({_NUMBER})\s*")
_RANGE = re.compile(rf"\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*")
_MARKER = re.compile(r"[=~]")
_TRUEFALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass(frozen=True)
class GiftError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class GiftParseResult:
    questions: tuple[QuestionSpec, ...]
    errors: tuple[GiftError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


class _Refused(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def _unescape(text: str) -> str:
    return text.translate(_UNESCAPE).strip()


def _weight(text: str, offset: int, default: float) -> tuple[float, str]:
    """The ``%n%`` weight at the start of an answer, and the rest of the answer."""
    match = _WEIGHT.match(text)
    if match is None:
        return default, text
    weight = float(match[1])
    if not -100 <= weight <= 100:
        raise _Refused(offset, f"the weight %{match[1]}% is outside -100% to 100%")
    return weight, text[match.end() :]


def _feedback(text: str) -> tuple[str, str]:
    body, _hash, feedback = text.partition("#")
    return body, _unescape(feedback)


def _answers(text: str, offset: int) -> list[tuple[str, str, int]]:
    """Split an answer block into (marker, body, offset) by its ``=`` and ``~`` markers."""
    markers = list(_MARKER.finditer(text))
    lead = text[: markers[0].start()] if markers else text
    if lead.strip():
        raise _Refused(
            offset,
            f"“{_unescape(lead)[:40]}” comes before the first answer; "
            "each answer starts with = (right) or ~ (wrong)",
        )
    answers = []
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        answers.append((marker[0], text[marker.end() : end], offset + marker.start()))
    return answers


def _read_choices(text: str, offset: int) -> tuple[QuestionType, tuple[ChoiceSpec, ...]]:
    choices = []
    right = 0
    for marker, body, at in _answers(text, offset):
        weight, rest = _weight(body, at, 100.0 if marker == "=" else 0.0)
        answer, feedback = _feedback(rest)
        answer = _unescape(answer)
        if not answer:
            raise _Refused(at, "an answer has no text")
        right += marker == "="
        choices.append(ChoiceSpec(text=answer, weight=weight, feedback=feedback))
    if len(choices) < 2:
        raise _Refused(offset, "a multiple-choice question needs at least two answers")
    if right > 1:
        raise _Refused(
            offset,
            f"{right} answers start with =; a single-choice question has one, and a "
            "multiple-select question marks its right answers with ~%n% weights",
        )
    if right == 1:
        return QuestionType.SINGLE, tuple(choices)
    if not any(choice.weight > 0 for choice in choices):
        raise _Refused(
            offset,
            "no answer is right: mark the right one with =, or give the right ones of a "
            "multiple-select question positive ~%n% weights",
        )
    return QuestionType.MULTIPLE, tuple(choices)


def _read_truefalse(text: str) -> tuple[ChoiceSpec, ...]:
    parts = text.split("#", 2)
    truth = _TRUEFALSE[parts[0].strip().upper()]
    wrong = _unescape(parts[1]) if len(parts) > 1 else ""
    right = _unescape(parts[2]) if len(parts) > 2 else ""
    return (
        ChoiceSpec(
            text=TRUE_TEXT, weight=100.0 if truth else 0.0, feedback=right if truth else wrong
        ),
        ChoiceSpec(
            text=FALSE_TEXT, weight=0.0 if truth else 100.0, feedback=wrong if truth else right
        ),
    )


def _number(text: str, at: int) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(at, f"{text} is too large a number")
    return value


def _read_numeric_answer(body: str, at: int, weight: float, feedback: str) -> NumericSpec:
    body = body.translate(_UNESCAPE)
    if match := _RANGE.fullmatch(body):
        low, high = _number(match[1], at), _number(match[2], at)
        if low > high:
            raise _Refused(at, f"the range {match[1]}..{match[2]} runs backwards")
        return NumericSpec(low=low, high=high, weight=weight, feedback=feedback)
    if match := _TOLERANCE.fullmatch(body):
        tolerance = _number(match[2], at)
        if tolerance < 0:
            raise _Refused(at, f"the tolerance {match[2]} is negative")
        return NumericSpec(
            value=_number(match[1], at), tolerance=tolerance, weight=weight, feedback=feedback
        )
    if match := _EXACT.fullmatch(body):
        return NumericSpec(value=_number(match[1], at), weight=weight, feedback=feedback)
    raise _Refused(
        at,
        f"cannot read the numeric answer “{body.strip()}”: write a value (3.14), a value and "
        "its tolerance (3.14:0.01) or a range (3.1..3.2)",
    )


def _read_numeric(text: str, offset: int) -> tuple[NumericSpec, ...]:
    if "~" in text:
        raise _Refused(offset, "wrong (~) answers are not supported in a numeric question")
    if "=" not in text:
        body, feedback = _feedback(text)
        return (_read_numeric_answer(body, offset, 100.0, feedback),)
    answers = []
    for _marker, body, at in _answers(text, offset):
        weight, rest = _weight(body, at, 100.0)
        value, feedback = _feedback(rest)
        answers.append(_read_numeric_answer(value, at, weight, feedback))
    if not any(answer.weight > 0 for answer in answers):
        raise _Refused(offset, "no numeric answer has a positive weight")
    return tuple(answers)


def _read_short(text: str, offset: int) -> tuple[ShortSpec, ...]:
    answers = []
    for _marker, body, at in _answers(text, offset):
        weight, rest = _weight(body, at, 100.0)
        answer, feedback = _feedback(rest)
        answer = _unescape(answer)
        if not answer:
            raise _Refused(at, "an answer has no text")
        answers.append(ShortSpec(text=answer, weight=weight, feedback=feedback))
    if not any(answer.weight > 0 for answer in answers):
        raise _Refused(offset, "no accepted answer has a positive weight")
    return tuple(answers)


def _read_question(text: str, category: str) -> QuestionSpec:
    """One question from its block, escapes already replaced by their stand-ins."""
    title = ""
    start = len(text) - len(text.lstrip())
    if text.startswith("::", start):
        end = text.find("::", start + 2)
        if end < 0:
            raise _Refused(start, "the title starts with :: but is not closed with ::")
        title = _unescape(text[start + 2 : end])
        start = end + 2

    opening, closing = text.find("{", start), text.find("}", start)
    if opening < 0 and closing < 0:
        raise _Refused(
            start, "there is no answer block {…}; descriptions without answers are not supported"
        )
    if closing < 0:
        raise _Refused(opening, "a { without the } that closes it")
    if opening < 0 or closing < opening:
        raise _Refused(closing, "a } without the { that opens it")
    if text.count("{", start) > 1 or text.count("}", start) > 1:
        later = text.find("{", opening + 1)
        raise _Refused(
            later if later >= 0 else text.find("}", closing + 1),
            "a question has one answer block {…}; write a literal brace as \\{ or \\}",
        )
    if text[closing + 1 :].strip():
        raise _Refused(
            closing,
            "missing-word questions (text after the answer block) are not supported; "
            "put the answer block at the end of the question",
        )

    body = text[start:opening].lstrip()
    text_format = TextFormat.MARKDOWN
    if mark := _FORMAT_MARK.match(body):
        text_format = _FORMATS[mark[1]]
        body = body[mark.end() :]
    question_text = _unescape(body)
    if not question_text:
        raise _Refused(start, "the question has no text")

    inner_offset = opening + 1
    answers = text[inner_offset:closing]
    explanation = ""
    general = answers.rfind("####")
    if general >= 0:
        explanation = _unescape(answers[general + 4 :])
        answers = answers[:general]
    inner_offset += len(answers) - len(answers.lstrip())
    answers = answers.strip()

    common = {
        "text": question_text,
        "title": title,
        "category": category,
        "text_format": text_format,
        "explanation": explanation,
    }
    if not answers:
        raise _Refused(opening, "essay questions ({} with no answers) are not supported")
    if answers.startswith("#"):
        numeric = _read_numeric(answers[1:], inner_offset + 1)
        return QuestionSpec(type=QuestionType.NUMERIC, numeric=numeric, **common)
    if "~" in answers:
        kind, choices = _read_choices(answers, inner_offset)
        return QuestionSpec(type=kind, choices=choices, **common)
    if "=" in answers and "->" in answers:
        raise _Refused(opening, "matching questions (=item -> match) are not supported")
    if answers.split("#", 1)[0].strip().upper() in _TRUEFALSE:
        return QuestionSpec(type=QuestionType.TRUEFALSE, choices=_read_truefalse(answers), **common)
    return QuestionSpec(type=QuestionType.SHORT, short=_read_short(answers, inner_offset), **common)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """(number of the first line, lines) of each block; comment lines left blank in place."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if current:
                blocks.append((first, current))
                current = []
            continue
        if not current:
            first = number
        current.append("" if stripped.startswith("//") else line)
    if current:
        blocks.append((first, current))
    return blocks


def gift_parse(text: str) -> GiftParseResult:
    """Every question of a GIFT file, or every problem found and no questions."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    questions: list[QuestionSpec] = []
    errors: list[GiftError] = []
    stand_ins = set(_STAND_IN.values())
    for number, line in enumerate(text.split("\n"), start=1):
        if stand_ins.intersection(line):
            errors.append(GiftError(number, "the line holds a private-use character (U+F8Fx)"))
    if errors:
        return GiftParseResult(questions=(), errors=tuple(errors))

    category = ""
    for first, lines in _blocks(text):
        while lines and not lines[0].strip():
            lines, first = lines[1:], first + 1
        if not lines:
            continue
        if lines[0].lstrip().startswith("$CATEGORY:"):
            category = lines[0].lstrip()[len("$CATEGORY:") :].strip()
            lines, first = lines[1:], first + 1
            if not "".join(lines).strip():
                continue
        block = "\n".join(lines)
        escaped = _ESCAPE.sub(lambda m: _STAND_IN[m[1] or "\n"], block)
        try:
            question = _read_question(escaped, category)
        except _Refused as refusal:
            line = first + escaped[: max(refusal.offset, 0)].count("\n")
            errors.append(GiftError(line, refusal.message))
            continue
        questions.append(replace(question, line=first))
    if errors:
        return GiftParseResult(questions=(), errors=tuple(errors))
    if not questions:
        return GiftParseResult(questions=(), errors=(GiftError(1, "the file has no questions"),))
    return GiftParseResult(questions=tuple(questions), errors=())
