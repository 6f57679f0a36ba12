"""The bar chart of how the class answered, as geometry for a server-rendered SVG. No Django.

Terms:

bar
    One row of the chart: a **label** (a choice's letter, or a typed answer), the **count** of
    answers it got, and whether it is **right**. Bars keep the order given.
palette
    The colours of choices A, B, C …: Okabe and Ito's colour-blind-safe set, in an order where
    neighbours differ in lightness too. Colour only ever repeats what the letter says; the right
    bar is marked with a tick and the words "right answer", never by colour alone.

Coordinates are in the chart's own units (``viewBox``); the SVG scales to its container.
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


def colour_of(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def ink_on(colour: str) -> str:
    return INK_ON.get(colour, "#111111")


@dataclass(frozen=True)
class BarIn:
    label: str
    count: int
    right: bool
    colour_index: int


@dataclass(frozen=True)
class BarOut:
    label: str
    count: int
    right: bool
    colour: str
    ink: str
    y: int
    bar_x: int
    bar_width: int
    text_y: int
    count_x: int
    label_x: int
    share: int  # per cent of all answers, rounded


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[BarOut, ...]
    total: int
    label_width: int
    wide_labels: bool


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def bar_chart(bars: Sequence[BarIn], *, wide_labels: bool = False) -> Chart:
    """Horizontal bars, longest for the largest count; ``wide_labels`` for typed answers."""
    label_width = TYPED_WIDTH if wide_labels else LETTER_WIDTH
    room = WIDTH - label_width - COUNT_SPACE
    most = max((bar.count for bar in bars), default=0)
    total = sum(bar.count for bar in bars)
    out = []
    for row, bar in enumerate(bars):
        width = round(room * bar.count / most) if most else 0
        colour = colour_of(bar.colour_index)
        y = row * ROW + GAP
        out.append(
            BarOut(
                label=_shorten(bar.label, TYPED_CHARS) if wide_labels else bar.label,
                count=bar.count,
                right=bar.right,
                colour=colour,
                ink=ink_on(colour),
                y=y,
                bar_x=label_width,
                bar_width=max(width, 6),
                text_y=y + BAR // 2,
                count_x=label_width + max(width, 6) + 16,
                label_x=label_width - 20 if wide_labels else label_width // 2 - 6,
                share=round(100 * bar.count / total) if total else 0,
            )
        )
    return Chart(
        width=WIDTH,
        height=max(len(bars), 1) * ROW,
        bars=tuple(out),
        total=total,
        label_width=label_width,
        wide_labels=wide_labels,
    )
