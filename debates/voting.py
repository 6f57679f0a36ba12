"""The audience vote, Oxford style, scored by the swing.

Terminology
-----------
round
    ``before`` the first speech or ``after`` the last.
choice
    ``for``, ``against`` or ``undecided`` the motion.
counted voter
    A voter who voted in both rounds. Only counted voters enter the result (the Soho Forum's
    rule), so people who arrive or leave midway cannot move it.
share
    A choice's fraction of the counted voters in one round.
swing
    For each side, its share after minus its share before. The winner is the side whose share
    grew more; equal swings are a tie (``winner`` is ``None``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Choice = Literal["for", "against", "undecided"]
CHOICES: tuple[Choice, ...] = ("for", "against", "undecided")
Round = Literal["before", "after"]
ROUNDS: tuple[Round, ...] = ("before", "after")


@dataclass(frozen=True)
class RoundTally:
    counts: Mapping[Choice, int]
    total: int

    def share(self, choice: Choice) -> Fraction:
        return Fraction(self.counts[choice], self.total) if self.total else Fraction(0)

    def percent(self, choice: Choice) -> float:
        return float(self.share(choice) * 100)


@dataclass(frozen=True)
class VoteResult:
    counted: int
    """Voters who voted in both rounds."""
    voted_once: int
    """Voters left out because they voted in only one round."""
    before: RoundTally
    after: RoundTally
    swing: Mapping[Literal["for", "against"], Fraction]
    winner: Literal["for", "against"] | None

    def swing_points(self, side: Literal["for", "against"]) -> float:
        """The swing in percentage points, for display."""
        return float(self.swing[side] * 100)


def _tally(votes: Mapping[Hashable, Choice], voters: set[Hashable]) -> RoundTally:
    counts = Counter(votes[voter] for voter in voters)
    return RoundTally(
        counts={choice: counts.get(choice, 0) for choice in CHOICES}, total=len(voters)
    )


def vote_result(before: Mapping[Hashable, Choice], after: Mapping[Hashable, Choice]) -> VoteResult:
    """Score a vote from each voter's choice before and after the debate."""
    for round_name, votes in (("before", before), ("after", after)):
        bad = sorted({str(choice) for choice in votes.values() if choice not in CHOICES})
        if bad:
            raise ValueError(f"unknown choices in the {round_name} round: {bad}")
    counted = set(before) & set(after)
    voted_once = len(set(before) ^ set(after))
    tally_before, tally_after = _tally(before, counted), _tally(after, counted)
    swing = {
        side: tally_after.share(side) - tally_before.share(side) for side in ("for", "against")
    }
    winner: Literal["for", "against"] | None = None
    if counted and swing["for"] != swing["against"]:
        winner = "for" if swing["for"] > swing["against"] else "against"
    return VoteResult(
        counted=len(counted),
        voted_once=voted_once,
        before=tally_before,
        after=tally_after,
        swing=swing,
        winner=winner,
    )
