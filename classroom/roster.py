"""Reading a roster from CSV.

A **roster file** is CSV with a header row naming at least the columns ``name`` and
``student_number`` (also accepted: "student number", "number", "id") and optionally ``email``.
A **bad row** is one with no name, no student number, a student number seen earlier in the file,
or an email address that is not valid. Line numbers count the header as line 1.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

HEADER_ALIASES = {
    "name": "name",
    "full name": "name",
    "student": "name",
    "student_number": "student_number",
    "student number": "student_number",
    "number": "student_number",
    "id": "student_number",
    "student id": "student_number",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
}
MAX_ROWS = 2000


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    student_number: str
    email: str


@dataclass(frozen=True)
class RosterProblem:
    line: int
    reason: str


@dataclass
class RosterParse:
    rows: list[RosterRow] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def roster_parse(text: str) -> RosterParse:
    result = RosterParse()
    text = text.lstrip("\ufeff")
    if not text.strip():
        result.problems.append(RosterProblem(1, "the file is empty"))
        return result
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [HEADER_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader)]
    missing = [col for col in ("name", "student_number") if col not in header]
    if missing:
        result.problems.append(
            RosterProblem(1, "the header row has no column " + " and no column ".join(missing))
        )
        return result
    index = {col: header.index(col) for col in ("name", "student_number", "email") if col in header}
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(result.rows) + len(result.problems) >= MAX_ROWS:
            result.problems.append(RosterProblem(line, f"a roster has at most {MAX_ROWS} rows"))
            break

        def cell(col: str, row: list[str] = row) -> str:
            i = index.get(col)
            return " ".join(row[i].split()) if i is not None and i < len(row) else ""

        name, number, email = cell("name"), cell("student_number"), cell("email").lower()
        reasons = []
        if not name:
            reasons.append("missing name")
        if not number:
            reasons.append("missing student number")
        elif number in seen:
            reasons.append(f"duplicate student number {number} (also on line {seen[number]})")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                reasons.append(f"bad email {email!r}")
        if reasons:
            result.problems.append(RosterProblem(line, "; ".join(reasons)))
        else:
            result.rows.append(RosterRow(line, name, number, email))
        if number and number not in seen:
            seen[number] = line
    if not result.rows and not result.problems:
        result.problems.append(RosterProblem(2, "the file has a header but no students"))
    return result
