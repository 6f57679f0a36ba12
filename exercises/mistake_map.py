"""The class mistake map, as geometry for ``templates/exercises/mistake_map.html``.

No Django here: counts in, frozen dataclasses out, and no student's name ever reaches it. Terms:

step row
    One step the exercise asks for (z⁽¹⁾, ∂L/∂W⁽²⁾, the loss), with how many students reached
    each **outcome** at that step. Each student counts once in a row: which outcome a student with
    several fields in the step gets is the caller's choice, made before the counts come here.
outcome
    What a student's answer to a step came to: ``correct``; ``follow_through`` (right from their
    own earlier values); one of the checker's diagnosis codes (`exercises.checker.CODES`), the
    mistake that explains it; ``incorrect`` (wrong, and no known mistake explains it); ``missing``
    (left empty, or typed so that it could not be read).
column
    One outcome that occurs somewhere in the map, in this order: correct, follow-through, the
    diagnoses by how many students they hold over all steps (most first; ties in the checker's
    order), other wrong answers, missing. An outcome no student reached has no column.
cell
    Where a row meets a column: its **count** of students, its **share** of the row's students
    (a whole per cent; a row's shares add up to exactly 100, the largest remainders rounded up),
    the **text** drawn on it ("43%", empty for 0) and its **fill**. A row without students has
    empty cells: no text, no fill, an outline only.
scale
    ColorBrewer's single-hue "Blues", light to dark by share, which reads the same to every kind
    of colour vision; text is dark on the six lighter blues and white on the three darker ones.
    The colour repeats what the text already says.
short name
    A column's header: "correct", "follow-through", "other wrong", "missing", or for a diagnosis
    its entry in :data:`SHORT_NAMES` ("no bias", "σ(−z)"), written to fit a narrow column.

Sized for a projector at the back of a lecture hall: a viewBox :data:`WIDTH` (1600) wide, all
text at least 28 units high (28 headers, 30 step labels, 36 or 30 in the cells). The step labels
take the width their longest label needs (cut with "…" past :data:`LABEL_MAX`); the columns
share the rest evenly, at most :data:`COLUMN_MAX` each, so ten columns are about 140 units wide:
room for every short name in bold. Headers wrap onto up to three lines, at spaces and after
hyphens. With more columns than that (a map has at most 24) headers turn to the regular weight
where that fits every word whole, else a word too wide for its column, or a fourth line, is cut
with "…"; a cell too narrow for "43%" says "43", then nothing. The whole names and figures stay
in each cell's tooltip and in the title a screen reader reads. Rows are :data:`ROW_MAX` high,
shrinking to :data:`ROW_MIN` so that sixteen rows and their headers stay under 900 units tall.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from exercises.checker.diagnoses import CODES
from exercises.diagram import text_width

WIDTH = 1600
MARGIN = 16
LABEL_MIN, LABEL_MAX = 120, 360
COLUMN_MAX = 220
ROW_MIN, ROW_MAX = 44, 84
ROWS_ROOM = 740  # the rows' height, at most, while rows can shrink
HEADER_FONT_SIZE = 28
HEADER_LINE = 34
HEADER_LINES = 3
LABEL_FONT_SIZE = 30
CELL_FONT_SIZE = 36  # 30 when rows are shorter than CELL_FONT_ROW
CELL_FONT_SIZE_SMALL = 30
CELL_FONT_ROW = 64
CELL_GAP = 4  # between neighbouring cells, and between neighbouring headers
TEXT_PAD = 8  # between a row label and the grid
TEXT_MARGIN = 6  # a cell's text's least margin, both sides together

SCALE = (
    "#f7fbff",
    "#deebf7",
    "#c6dbef",
    "#9ecae1",
    "#6baed6",
    "#4292c6",
    "#2171b5",
    "#08519c",
    "#08306b",
)
DARK_INK, LIGHT_INK = "#111111", "#ffffff"
FIRST_DARK = 6  # SCALE[6:] take white text

OUTCOME_NAMES = {
    "correct": "correct",
    "follow_through": "follow-through",
    "incorrect": "other wrong",
    "missing": "missing",
}
# One short name per diagnosis code, in the symbols the exercise uses: up to three short words,
# none wider than "through", so that every header fits whole in a column a tenth of the map wide.
SHORT_NAMES = {
    "missing_bias": "no bias",
    "weights_transposed": "W vs Wᵀ",
    "used_z_below": "z for a",
    "activation_skipped": "a = z",
    "softmax_without_exp": "no exp",
    "sigmoid_exponent_sign": "σ(−z)",
    "tanh_sigmoid_confused": "σ ↔ tanh",
    "loss_factor": "factor off",
    "samples_not_averaged": "sum, not mean",
    "sign_error": "sign flipped",
    "log_base_10": "log₁₀",
    "updated_weights_used": "new W used",
    "derivative_skipped": "no a′(z)",
    "sigmoid_derivative": "wrong σ′",
    "tanh_derivative": "wrong tanh′",
    "relu_derivative": "wrong ReLU′",
    "softmax_diagonal": "a(1−a) only",
    "gradient_sign": "uphill step",
    "learning_rate_missing": "no η",
    "old_value_missing": "change only",
}
OUTCOMES = ("correct", "follow_through", *CODES, "incorrect", "missing")


def short_name(outcome: str) -> str:
    return OUTCOME_NAMES.get(outcome) or SHORT_NAMES[outcome]


@dataclass(frozen=True)
class StepRow:
    """One asked step: its label ("z⁽¹⁾"), path prefix ("layers.0.z") and students by outcome."""

    label: str
    path: str
    counts: Mapping[str, int]


@dataclass(frozen=True)
class HeaderLine:
    text: str
    y: float


@dataclass(frozen=True)
class Column:
    outcome: str
    name: str  # the short name, whole
    total: int  # students with this outcome over all steps
    x: float
    width: float
    lines: tuple[HeaderLine, ...]  # the header as drawn, wrapped and perhaps cut

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Cell:
    step: str  # the row's path
    outcome: str
    count: int
    share: int  # per cent of the row's students, 0 to 100
    empty: bool  # the row has no students
    fill: str  # "none" for an empty cell
    ink: str
    text: str  # "43%", or "" for a share of 0 and for an empty cell
    title: str  # the cell in words, for a pointer's tooltip
    x: float
    y: float
    width: float
    height: float

    @property
    def text_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def text_y(self) -> float:
        return round(self.y + self.height / 2, 1)


@dataclass(frozen=True)
class Row:
    name: str  # the step's label, whole
    label: str  # as drawn: perhaps cut with "…"
    step: str
    students: int
    y: float
    height: float
    label_x: float
    cells: tuple[Cell, ...]

    @property
    def text_y(self) -> float:
        return round(self.y + self.height / 2, 1)


@dataclass(frozen=True)
class MistakeMap:
    width: int
    height: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    title: str
    header_font_size: int
    header_font_weight: int  # 700, or 400 where only the regular weight fits every header whole
    label_font_size: int
    cell_font_size: int

    @property
    def grid_top(self) -> float:
        return self.rows[0].y if self.rows else self.height


def shares(counts: Sequence[int]) -> list[int]:
    """Whole per cents that add up to exactly 100 (all 0 when there are no counts): each share
    rounded down, then the largest remainders rounded up, the earlier first on a tie."""
    total = sum(counts)
    if not total:
        return [0] * len(counts)
    exact = [100 * count / total for count in counts]
    whole = [math.floor(value) for value in exact]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - whole[i]), i))
    for i in order[: 100 - sum(whole)]:
        whole[i] += 1
    return whole


def fill_of(count: int, students: int) -> tuple[str, str]:
    """The cell's fill and the colour of its text, by the share of the row's students."""
    if not students:
        return "none", DARK_INK
    index = 0 if not count else 1 + min(7, math.floor(8 * count / students))
    return SCALE[index], LIGHT_INK if index >= FIRST_DARK else DARK_INK


def _cut(text: str, width: float, size: float, *, bold: bool = True) -> str:
    """The text, cut with "…" where it is wider than ``width``."""
    if text_width(text, size, bold=bold) <= width:
        return text
    while text and text_width(text + "…", size, bold=bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _words(text: str) -> list[str]:
    """Pieces a line may break after: words, and the part of a word up to a hyphen."""
    pieces = []
    for word in text.split():
        parts = word.split("-")
        pieces += [part + "-" for part in parts[:-1]] + [parts[-1]]
    return [piece for piece in pieces if piece]


def wrap(
    text: str, width: float, size: float, *, bold: bool = True, lines: int = HEADER_LINES
) -> list[str]:
    """The text in at most ``lines`` lines no wider than ``width``, cut with "…" where needed."""
    wrapped: list[str] = []
    for piece in _words(text):
        glue = "" if not wrapped or wrapped[-1].endswith("-") else " "
        if wrapped and text_width(wrapped[-1] + glue + piece, size, bold=bold) <= width:
            wrapped[-1] += glue + piece
        else:
            wrapped.append(piece)
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], " ".join(wrapped[lines - 1 :])]
    return [_cut(line, width, size, bold=bold) for line in wrapped]


def _headers(outcomes: Sequence[str], width: float) -> tuple[list[list[str]], bool]:
    """Each column's header lines, bold unless only regular weight fits every word whole."""
    for bold in (True, False):
        wrapped = [
            wrap(short_name(outcome), width, HEADER_FONT_SIZE, bold=bold) for outcome in outcomes
        ]
        if all("…" not in line for lines in wrapped for line in lines):
            return wrapped, bold
    return [wrap(short_name(o), width, HEADER_FONT_SIZE) for o in outcomes], True


def _cell_text(share: int, count: int, width: float, size: float) -> str:
    """ "43%"; "43" where the cell is too narrow for the sign; nothing for no students."""
    if not count:
        return ""
    for text in (f"{share}%", str(share)):
        if text_width(text, size, bold=True) <= width:
            return text
    return ""


def _columns(rows: Sequence[StepRow]) -> list[tuple[str, int]]:
    totals = {outcome: sum(row.counts.get(outcome, 0) for row in rows) for outcome in OUTCOMES}
    diagnoses = sorted(
        (code for code in CODES if totals[code]), key=lambda code: -totals[code]
    )  # sorted is stable: ties stay in the checker's order
    order = ["correct", "follow_through", *diagnoses, "incorrect", "missing"]
    return [(outcome, totals[outcome]) for outcome in order if totals[outcome]]


def _check(rows: Sequence[StepRow]) -> None:
    for row in rows:
        for outcome, count in row.counts.items():
            if outcome not in OUTCOMES:
                raise ValueError(
                    f"{row.path}: unknown outcome {outcome!r}; use correct, follow_through, "
                    "incorrect, missing or a diagnosis code."
                )
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"{row.path}, {outcome}: a count must be a whole number ≥ 0.")


def _title(rows: Sequence[Row], columns: Sequence[Column]) -> str:
    names = {column.outcome: column.name for column in columns}
    parts = []
    for row in rows:
        if not row.students:
            parts.append(f"{row.name}: no students yet")
            continue
        shares_said = ", ".join(
            f"{cell.share}% {names[cell.outcome]}" for cell in row.cells if cell.count
        )
        parts.append(f"{row.name} ({row.students} students): {shares_said}")
    return "Class mistake map, step by step. " + "; ".join(parts) + "."


def mistake_map(rows: Sequence[StepRow]) -> MistakeMap:
    """The heat map of outcomes by step, rows in the order given; ``ValueError`` for an outcome
    that is not one (see the terms above) or a count below 0."""
    _check(rows)
    outcomes = _columns(rows)
    longest = max((text_width(r.label, LABEL_FONT_SIZE, bold=True) for r in rows), default=0)
    label_width = min(max(longest + 2 * TEXT_PAD + 8, LABEL_MIN), LABEL_MAX)
    grid_left = MARGIN + label_width
    column_width = min(COLUMN_MAX, (WIDTH - MARGIN - grid_left) / max(len(outcomes), 1))
    row_height = min(ROW_MAX, max(ROW_MIN, ROWS_ROOM / max(len(rows), 1)))
    cell_font = CELL_FONT_SIZE if row_height >= CELL_FONT_ROW else CELL_FONT_SIZE_SMALL

    wrapped, header_bold = _headers([outcome for outcome, _ in outcomes], column_width - CELL_GAP)
    header_lines = max((len(lines) for lines in wrapped), default=1)
    grid_top = MARGIN + header_lines * HEADER_LINE + 8
    columns = []
    for index, ((outcome, total), lines) in enumerate(zip(outcomes, wrapped, strict=True)):
        first = grid_top - 8 - len(lines) * HEADER_LINE  # headers sit on the grid
        columns.append(
            Column(
                outcome=outcome,
                name=short_name(outcome),
                total=total,
                x=round(grid_left + index * column_width, 1),
                width=round(column_width, 1),
                lines=tuple(
                    HeaderLine(text=line, y=round(first + (k + 0.5) * HEADER_LINE, 1))
                    for k, line in enumerate(lines)
                ),
            )
        )

    drawn_rows = []
    for number, row in enumerate(rows):
        y = round(grid_top + number * row_height, 1)
        students = sum(row.counts.values())
        counts = [row.counts.get(column.outcome, 0) for column in columns]
        label = _cut(row.label, label_width - 2 * TEXT_PAD, LABEL_FONT_SIZE)
        cells = []
        for column, count, share in zip(columns, counts, shares(counts), strict=True):
            fill, ink = fill_of(count, students)
            cells.append(
                Cell(
                    step=row.path,
                    outcome=column.outcome,
                    count=count,
                    share=share,
                    empty=not students,
                    fill=fill,
                    ink=ink,
                    text=_cell_text(share, count, column.width - CELL_GAP - TEXT_MARGIN, cell_font),
                    title=f"{row.label}, {column.name}: {count} of {students} ({share}%)",
                    x=round(column.x + CELL_GAP / 2, 1),
                    y=round(y + CELL_GAP / 2, 1),
                    width=round(column.width - CELL_GAP, 1),
                    height=round(row_height - CELL_GAP, 1),
                )
            )
        drawn_rows.append(
            Row(
                name=row.label,
                label=label,
                step=row.path,
                students=students,
                y=y,
                height=round(row_height, 1),
                label_x=round(grid_left - TEXT_PAD, 1),
                cells=tuple(cells),
            )
        )
    height = math.ceil(grid_top + len(rows) * row_height + MARGIN)
    return MistakeMap(
        width=WIDTH,
        height=height,
        columns=tuple(columns),
        rows=tuple(drawn_rows),
        title=_title(drawn_rows, columns),
        header_font_size=HEADER_FONT_SIZE,
        header_font_weight=700 if header_bold else 400,
        label_font_size=LABEL_FONT_SIZE,
        cell_font_size=cell_font,
    )
