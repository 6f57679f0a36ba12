"""Item analysis of a quiz run, as a teacher reads it. No Django import.

Terms:

facility
    The share of the responses to a question that are correct, from 0 (nobody) to 1
    (everybody). Only those who answered the question count.
total
    A respondent's points summed over every question of the run.
discrimination
    How well a question separates the stronger half of the class from the weaker: among those
    who answered it, ranked by total, the facility in the upper half minus the facility in the
    lower half (the middle respondent of an odd number is left out). From -1 to 1; near 0 the
    question does not tell strong from weak, below 0 the weaker half did better. Respondents with
    equal totals are kept in the order given, so callers pass them in a stable order.
distribution
    How many respondents have a total in each band of one point: ``[k, k + 1)`` for each whole
    ``k`` up to the highest possible total, which has its own band.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    low: int
    count: int


def facility(correct: Sequence[bool]) -> float | None:
    """Share correct, or ``None`` when nobody answered."""
    if not correct:
        return None
    return sum(correct) / len(correct)


def discrimination(results: Sequence[tuple[float, bool]]) -> float | None:
    """Upper-half facility minus lower-half facility; ``results`` are (total, correct) pairs.

    ``None`` with fewer than two respondents, when there are no halves to compare.
    """
    if len(results) < 2:
        return None
    ranked = sorted(results, key=lambda result: result[0])
    half = len(ranked) // 2
    lower = [correct for _total, correct in ranked[:half]]
    upper = [correct for _total, correct in ranked[-half:]]
    return sum(upper) / half - sum(lower) / half


def distribution(totals: Sequence[float], *, max_total: float) -> list[Band]:
    """Counts of totals in bands of one point from 0 to ``max_total``; none is dropped."""
    top = max(math.floor(max_total), math.floor(max(totals, default=0)), 0)
    counts = [0] * (top + 1)
    for total in totals:
        counts[min(max(math.floor(total), 0), top)] += 1
    return [Band(low=low, count=count) for low, count in enumerate(counts)]
