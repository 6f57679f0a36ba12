"""Assignment feedback by file: reading a grade file with a preview, importing it, writing one.

A **feedback file** is CSV (comma, semicolon or tab separated, with or without a UTF-8 byte order
mark) whose header row names its columns; a column is found by its header, whatever its case and
surrounding spaces. Three **layouts** are read:

own
    This site's: ``student_number, score, comments``. :func:`feedback_file_write` writes it.
nbgrader
    nbgrader's grade export: ``student_id`` (the student number), ``score`` and ``max_score``
    among other columns, which are ignored. A ``max_score`` other than the assignment's maximum
    is a problem on that line.
moodle
    Moodle's offline grading worksheet: ``Email address``, ``Grade`` (written "7.50", or "7,50"
    in semicolon-separated files) and ``Feedback comments``, among others (``Identifier``,
    ``Full name``, ``Status`` ...), which are ignored. An empty grade means no score.

A row names its student by student number or, when it has none, by email (in any case). Its
**score** is empty (no score) or a number from 0 to the assignment's maximum, kept to two
decimals; a decimal comma is read only in a semicolon-separated file, where it cannot be the
separator. A file without a comments column keeps each student's comments as they are.

A **problem** is what stops a file from being imported, with the file's line where it was found
(the header is line 1; a row whose comments span several lines is named by its first): an empty
file, a missing student or score column, an unknown student, a student twice, a score that is
not a number, above the maximum or below 0, comments that cannot be stored. A file with any
problem imports nothing.

The file is authoritative for what it lists: importing writes each listed student's score and
comments, keeping their rubric items. A row with neither score nor comments, for a student who
has no feedback yet, writes nothing (Moodle's worksheet lists every participant).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from classroom.kinds.inputs import has_control_characters
from classroom.models import Student

from . import services
from .models import Assignment, Feedback

OWN_HEADER = ("student_number", "score", "comments")
DELIMITERS = (",", ";", "\t")
MAX_ROWS = 2000

# Each role's headers, lower case, in order of preference.
NUMBER_HEADERS = ("student_number", "student_id")
EMAIL_HEADERS = ("email address", "email")
SCORE_HEADERS = ("score", "grade")
COMMENTS_HEADERS = ("comments", "feedback comments")
MAX_SCORE_HEADERS = ("max_score",)

# ASCII digits only: Decimal() would also take "1e3", "1_0", "٧", "NaN" and "Infinity".
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class FeedbackRow:
    line: int
    student: Student
    score: Decimal | None
    # None when the file has no comments column: the student's comments are kept.
    comments: str | None


@dataclass(frozen=True)
class FeedbackProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ParsedFeedback:
    assignment_id: int
    layout: str = ""
    rows: list[FeedbackRow] = field(default_factory=list)
    problems: list[FeedbackProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def score_format(score: Decimal | None) -> str:
    """A score as the file writes it: "7.5", "10", "" for none."""
    if score is None:
        return ""
    text = format(score.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _delimiter(first_line: str) -> str:
    """The separator the header uses most; a comma when it uses none (a one-column header)."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in header:
            return header.index(name)
    return None


def _layout(header: list[str]) -> str:
    if "student_id" in header:
        return "nbgrader"
    if "email address" in header or "grade" in header:
        return "moodle"
    return "own"


def _number(raw: str, *, what: str, decimal_comma: bool) -> Decimal:
    """A number written in a file; raises ValueError with the sentence to show."""
    text = raw.strip()
    if decimal_comma:
        text = text.replace(",", ".", 1)
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"{what} {raw.strip()!r} is not a number")
    return Decimal(text)


def _score(raw: str, *, maximum: Decimal, decimal_comma: bool) -> Decimal | None:
    if not raw.strip():
        return None
    value = _number(raw, what="the score", decimal_comma=decimal_comma)
    if value < 0:
        raise ValueError(f"the score {raw.strip()} is below 0")
    if value > maximum:
        raise ValueError(
            f"the score {raw.strip()} is above the assignment's maximum, {score_format(maximum)}"
        )
    return value.quantize(CENTS) + 0  # + 0 makes -0.00 plain 0.00


def _comments(raw: str) -> str:
    text = raw.strip()
    if has_control_characters(text):
        raise ValueError("the comments hold a control character, which cannot be shown")
    if len(text) > services.COMMENTS_MAX:
        raise ValueError(f"the comments are longer than {services.COMMENTS_MAX} characters")
    return text


def feedback_file_parse(text: str, *, assignment: Assignment) -> ParsedFeedback:
    """Read a feedback file for ``assignment``: its rows and its problems, each with its line.
    Reads the course and its roster; writes nothing."""
    result = ParsedFeedback(assignment_id=assignment.pk)
    problem = result.problems.append
    text = text.removeprefix("\ufeff")
    if not text.strip():
        problem(FeedbackProblem(1, "the file is empty"))
        return result
    delimiter = _delimiter(text.splitlines()[0])
    reader = csv.reader(
        io.StringIO(text, newline=""), dialect=csv.excel, delimiter=delimiter, strict=True
    )
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except csv.Error as error:
        problem(FeedbackProblem(1, f"the header cannot be read as CSV: {error}"))
        return result
    number_at, email_at = _column(header, NUMBER_HEADERS), _column(header, EMAIL_HEADERS)
    score_at, comments_at = _column(header, SCORE_HEADERS), _column(header, COMMENTS_HEADERS)
    max_at = _column(header, MAX_SCORE_HEADERS)
    if number_at is None and email_at is None:
        problem(
            FeedbackProblem(
                1, "the header has no student column: student_number, student_id or Email address"
            )
        )
    if score_at is None:
        problem(FeedbackProblem(1, "the header has no score column: score or Grade"))
    if result.problems:
        return result
    result.layout = _layout(header)

    students = list(Student.objects.filter(course_id=assignment.course_id))
    by_number = {s.student_number: s for s in students}
    by_email: dict[str, list[Student]] = {}
    for student in students:
        if student.email:
            by_email.setdefault(student.email.lower(), []).append(student)
    roster = f"the roster of {assignment.course.code}"
    decimal_comma = delimiter == ";"
    seen: dict[int, int] = {}  # student id -> the line that named them first

    end = reader.line_num
    while True:
        line = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problem(FeedbackProblem(line, f"this line cannot be read as CSV: {error}"))
            break
        end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(result.rows) >= MAX_ROWS:
            problem(FeedbackProblem(line, f"a feedback file has at most {MAX_ROWS} rows"))
            break

        def cell(at: int | None, row: list[str] = row) -> str:
            return row[at] if at is not None and at < len(row) else ""

        reasons: list[str] = []
        student = None
        number, email = cell(number_at).strip(), cell(email_at).strip()
        if number:
            student = by_number.get(number)
            if student is None:
                reasons.append(f"no student numbered {number} is on {roster}")
        elif email:
            matches = by_email.get(email.lower(), [])
            if len(matches) == 1:
                student = matches[0]
            elif matches:
                reasons.append(
                    f"the email {email} is that of {len(matches)} students on {roster}: "
                    "name the student by number"
                )
            else:
                reasons.append(f"no student with the email {email} is on {roster}")
        else:
            reasons.append("the row names no student: its student number and email are empty")
        if student is not None:
            if student.pk in seen:
                reasons.append(
                    f"{student.name} ({student.student_number}) is also on line {seen[student.pk]}"
                )
            else:
                seen[student.pk] = line
        score = None
        try:
            score = _score(
                cell(score_at), maximum=assignment.max_score, decimal_comma=decimal_comma
            )
        except ValueError as error:
            reasons.append(str(error))
        if max_at is not None and cell(max_at).strip():
            try:
                stated = _number(cell(max_at), what="max_score", decimal_comma=decimal_comma)
            except ValueError as error:
                reasons.append(str(error))
            else:
                if stated != assignment.max_score:
                    reasons.append(
                        f"max_score is {cell(max_at).strip()} but the assignment's maximum is "
                        f"{score_format(assignment.max_score)}"
                    )
        comments = None
        if comments_at is not None:
            try:
                comments = _comments(cell(comments_at))
            except ValueError as error:
                reasons.append(str(error))
        result.problems.extend(FeedbackProblem(line, reason) for reason in reasons)
        if not reasons:
            result.rows.append(FeedbackRow(line, student, score, comments))
    if not result.rows and not result.problems:
        problem(FeedbackProblem(2, "the file has a header but no rows"))
    return result


@transaction.atomic
def feedback_import(
    *, assignment: Assignment, parsed: ParsedFeedback, user: AbstractBaseUser | None = None
) -> ImportResult:
    """Write every row of a parsed file through :func:`services.feedback_save`, keeping each
    student's rubric items; all or nothing (a :class:`services.FeedbackError` from any row
    leaves every row as it was).

    Precondition: ``parsed`` came from :func:`feedback_file_parse` for this assignment and is
    ``ok``.
    """
    if parsed.assignment_id != assignment.pk:
        raise services.FeedbackError("this file was read for another assignment: read it again")
    if not parsed.ok:
        raise services.FeedbackError("the file has problems: nothing was imported")
    existing = {
        f.student_id: f
        for f in Feedback.objects.filter(
            assignment=assignment, student__in=[row.student for row in parsed.rows]
        ).prefetch_related("rubric_items")
    }
    created = updated = unchanged = 0
    for row in parsed.rows:
        feedback = existing.get(row.student.pk)
        if feedback is None:
            if row.score is None and not row.comments:
                unchanged += 1
                continue
            created += 1
            rubric_item_ids: list[int] = []
            comments = row.comments or ""
        else:
            comments = feedback.comments if row.comments is None else row.comments
            if feedback.score == row.score and feedback.comments == comments:
                unchanged += 1
                continue
            updated += 1
            rubric_item_ids = [item.pk for item in feedback.rubric_items.all()]
        services.feedback_save(
            assignment=assignment,
            student=row.student,
            score=row.score,
            comments=comments,
            rubric_item_ids=rubric_item_ids,
            user=user,
        )
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def feedback_file_write(*, assignment: Assignment, out: TextIO) -> None:
    """Write the assignment's feedback in this site's own layout: one row per rostered student
    who has feedback, by student number. Open a file for ``out`` with ``newline=""``."""
    rows = Feedback.objects.filter(
        assignment=assignment, student__course_id=assignment.course_id
    ).select_related("student")
    writer = csv.writer(out)
    writer.writerow(OWN_HEADER)
    for feedback in sorted(rows, key=lambda f: f.student.student_number):
        writer.writerow(
            [feedback.student.student_number, score_format(feedback.score), feedback.comments]
        )
