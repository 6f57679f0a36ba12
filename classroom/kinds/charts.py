"""The one bar chart every kind draws, as geometry for ``templates/classroom/chart.html``.

No Django here: data in, dataclasses out. Terms:

row
    One horizontal bar of the chart, with a **label** on its left: a choice's letter drawn on a
    tile of its colour, or a word ("Before", a typed answer). A row has one or more segments.
segment
    A stretch of a row's bar: a **count** of answers or votes, its colour, and the **text** drawn
    on it (a word and a share, or only its letter where the segment is narrow).
right
    A segment that is the right answer. It is outlined and the words "✓ right" follow it: the
    chart never says anything by colour alone.
palette
    Okabe and Ito's colour-blind-safe colours, in an order where neighbours differ in lightness
    too. Colour only repeats what a letter or a word already says.

Two layouts: :func:`bar_chart`, one segment a row, lengths in proportion to the largest count
(how a class answered a question); :func:`stacked_chart`, rows of segments that each fill the
row by their share (a vote before and after a debate). Coordinates are in the chart's own
units (its ``viewBox``); the SVG scales to its container.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#999999",  # grey
)
BLUE, VERMILLION, GREY = 0, 5, 7
# Text drawn on a palette colour: dark on the light ones, white on the dark ones.
INK_ON = {"#0072B2": "#ffffff", "#009E73": "#ffffff", "#D55E00": "#ffffff"}

WIDTH = 1000
ROW = 96
BAR = 64
GAP = (ROW - BAR) // 2
COUNT_SPACE = 300
LETTER_WIDTH = 90
TYPED_WIDTH = 300
TYPED_CHARS = 16
MIN_BAR = 6

STACK_ROW = 110
STACK_BAR = 80
STACK_TOP = 20
STACK_LEFT = 150
STACK_WIDTH = 840


def colour_of(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def ink_on(colour: str) -> str:
    return INK_ON.get(colour, "#111111")


@dataclass(frozen=True)
class BarIn:
    """One row of a :func:`bar_chart`."""

    label: str
    count: int
    right: bool
    colour_index: int


@dataclass(frozen=True)
class SegmentIn:
    """One segment of a :func:`stacked_chart` row: ``word`` when wide, ``letter`` when narrow."""

    word: str
    letter: str
    count: int
    colour_index: int


@dataclass(frozen=True)
class RowIn:
    label: str
    segments: tuple[SegmentIn, ...]


@dataclass(frozen=True)
class Segment:
    label: str
    count: int
    share: int  # per cent of the row's (stacked) or the chart's (bar chart) total, rounded
    right: bool
    colour: str
    ink: str
    x: float
    width: float
    text: str  # drawn on the segment; empty where it does not fit
    text_x: float


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    right: bool
    y: int
    text_y: int
    label_x: int
    tile_colour: str  # the label's tile; empty for a label in words
    tile_ink: str
    segments: tuple[Segment, ...]
    after: str  # drawn after the bar: the count, and "✓ right" for the right answer
    after_x: float

    @property
    def bar_width(self) -> float:
        return sum(s.width for s in self.segments)

    @property
    def bar_x(self) -> float:
        return self.segments[0].x if self.segments else 0

    @property
    def colour(self) -> str:
        return self.segments[0].colour if self.segments else ""

    @property
    def share(self) -> int:
        return self.segments[0].share if len(self.segments) == 1 else 100


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rows: tuple[Row, ...]
    total: int
    bar_height: int
    font_size: int
    title: str

    @property
    def bars(self) -> tuple[Row, ...]:
        return self.rows


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def bar_chart(bars: Sequence[BarIn], *, wide_labels: bool = False, title: str = "") -> Chart:
    """Horizontal bars, the longest for the largest count; ``wide_labels`` for typed answers
    (a label in words instead of a letter on a tile)."""
    label_width = TYPED_WIDTH if wide_labels else LETTER_WIDTH
    room = WIDTH - label_width - COUNT_SPACE
    most = max((bar.count for bar in bars), default=0)
    total = sum(bar.count for bar in bars)
    rows = []
    for index, bar in enumerate(bars):
        width = max(round(room * bar.count / most) if most else 0, MIN_BAR)
        colour = colour_of(bar.colour_index)
        y = index * ROW + GAP
        label = _shorten(bar.label, TYPED_CHARS) if wide_labels else bar.label
        segment = Segment(
            label=label,
            count=bar.count,
            share=_percent(bar.count, total),
            right=bar.right,
            colour=colour,
            ink=ink_on(colour),
            x=label_width,
            width=width,
            text="",
            text_x=label_width + width / 2,
        )
        rows.append(
            Row(
                label=label,
                count=bar.count,
                right=bar.right,
                y=y,
                text_y=y + BAR // 2,
                label_x=label_width - 20 if wide_labels else label_width // 2 - 6,
                tile_colour="" if wide_labels else colour,
                tile_ink="" if wide_labels else ink_on(colour),
                segments=(segment,),
                after=f"{bar.count} ✓ right" if bar.right else str(bar.count),
                after_x=label_width + width + 16,
            )
        )
    return Chart(
        width=WIDTH,
        height=max(len(bars), 1) * ROW,
        rows=tuple(rows),
        total=total,
        bar_height=BAR,
        font_size=40,
        title=f"{title}: {_title(rows)}" if title else _title(rows),
    )


def _segment_text(word: str, letter: str, percent: int, width: float) -> str:
    if width >= 250:
        return f"{word} {percent}%"
    if width >= 90:
        return f"{letter} {percent}%"
    if width >= 30:
        return letter
    return ""


def stacked_chart(rows_in: Sequence[RowIn], *, title: str = "") -> Chart:
    """Rows whose segments fill the row in proportion to their share of its total, each
    segment labelled in words, or by its letter where it is narrow."""
    rows = []
    for index, row in enumerate(rows_in):
        total = sum(s.count for s in row.segments)
        y = STACK_TOP + index * STACK_ROW
        x = float(STACK_LEFT)
        segments = []
        for s in row.segments:
            width = STACK_WIDTH * s.count / total if total else 0.0
            percent = _percent(s.count, total)
            colour = colour_of(s.colour_index)
            segments.append(
                Segment(
                    label=s.word,
                    count=s.count,
                    share=percent,
                    right=False,
                    colour=colour,
                    ink=ink_on(colour),
                    x=round(x, 1),
                    width=round(width, 1),
                    text=_segment_text(s.word, s.letter, percent, width),
                    text_x=round(x + width / 2, 1),
                )
            )
            x += width
        rows.append(
            Row(
                label=row.label,
                count=total,
                right=False,
                y=y,
                text_y=y + STACK_BAR // 2,
                label_x=STACK_LEFT - 10,
                tile_colour="",
                tile_ink="",
                segments=tuple(segments),
                after="",
                after_x=0,
            )
        )
    return Chart(
        width=WIDTH,
        height=STACK_TOP * 2 + len(rows) * STACK_ROW - (STACK_ROW - STACK_BAR),
        rows=tuple(rows),
        total=sum(r.count for r in rows),
        bar_height=STACK_BAR,
        font_size=34,
        title=f"{title}: {_title(rows)}" if title else _title(rows),
    )


def _title(rows: Sequence[Row]) -> str:
    """What the chart says in words, for a screen reader: "A 3 (right answer), B 1"."""
    parts = []
    for row in rows:
        if len(row.segments) == 1:
            parts.append(f"{row.label} {row.count}{' (right answer)' if row.right else ''}")
        else:
            shares = " ".join(f"{s.label} {s.share}%" for s in row.segments)
            parts.append(f"{row.label}: {shares}")
    return ", ".join(parts) if all(len(r.segments) == 1 for r in rows) else "; ".join(parts)
