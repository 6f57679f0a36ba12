"""How the debates of a lesson are spread over time: stages, and which motion each debate takes.

Every motion is debated in every class. When the students make at least one debate per motion
there is one stage and the debates run side by side. With fewer (eight students make one debate
but the lesson has two motions), the motions run in stages one after the other, each stage with
as many debates as the first; every student has a seat in every stage, and each later stage is
formed against the earlier ones, so nobody gives the same speech twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from .sizing import debate_count
from .types import Settings

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}


def count_words(count: int) -> str:
    return _WORDS.get(count, str(count))


def ordinal(position: int) -> str:
    """``ordinal(2) == "second"``: a 1-based position in words."""
    return _ORDINALS.get(position, f"{position}th")


@dataclass(frozen=True)
class Schedule:
    debates: int
    """Debates in each stage, side by side."""
    stages: int
    motions: int

    def motion(self, stage: int, position: int) -> int:
        """The motion of the debate at ``position`` in ``stage`` (both from 0): the debates take
        the motions in turn, stage after stage, wrapping around."""
        return (stage * self.debates + position) % self.motions

    def debate_index(self, stage: int, position: int) -> int:
        """Debates are numbered across the stages: stage 2's first debate follows stage 1's."""
        return stage * self.debates + position

    @property
    def side_by_side(self) -> bool:
        return self.stages == 1

    @property
    def summary(self) -> str:
        """What will happen, in the instructor's words: "two debates side by side"."""
        total = self.debates * self.stages
        if self.stages == 1:
            if self.debates == 1:
                return "one debate"
            return f"{count_words(total)} debates side by side"
        rotate = "the second" if self.stages == 2 else "each later one"
        if self.debates == 1:
            return f"{count_words(total)} debates one after the other: roles rotate for {rotate}"
        return (
            f"{count_words(total)} debates, {count_words(self.debates)} side by side at a time, "
            f"{count_words(self.stages)} times one after the other: roles rotate for {rotate}"
        )


def schedule_for(students: int, settings: Settings) -> Schedule:
    """The stages for ``students`` present: one when they make a debate per motion, otherwise
    enough for every motion to be debated once."""
    debates = debate_count(students, settings.group_size)
    stages = 1 if debates >= settings.motions else -(-settings.motions // debates)
    return Schedule(debates=debates, stages=stages, motions=settings.motions)
