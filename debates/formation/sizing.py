"""How many debates, and how large each team is.

Every debate has two teams, so the number of teams is even. Sizes are as even as the count
allows (they differ by at most one). With fewer students than two teams of ``group size - 1``
there is one debate with smaller teams (below 8 for groups of 5). Otherwise the number of
debates is the one that keeps teams closest to the group size: first the smallest largest
distance from it, then the smallest total distance over all students, then fewer debates.
"""

from __future__ import annotations

from .types import FormationError

MIN_STUDENTS = 2


def sizes_for(students: int, debates: int) -> list[int]:
    """Team sizes of ``debates`` debates, in (debate, side) order."""
    teams = 2 * debates
    base, extra = divmod(students, teams)
    # The larger teams come first in (debate, side) order, so the first debates are balanced.
    return [base + 1 if index < extra else base for index in range(teams)]


def debate_count(students: int, group_size: int) -> int:
    if students < MIN_STUDENTS:
        raise FormationError(
            f"a debate needs at least {MIN_STUDENTS} students present; there are {students}"
        )
    if group_size < 1:
        raise FormationError(f"the group size must be at least 1; got {group_size}")
    if students < 2 * (group_size - 1):
        return 1

    def distance(debates: int) -> tuple[int, int, int]:
        sizes = sizes_for(students, debates)
        gaps = [abs(size - group_size) for size in sizes]
        return (max(gaps), sum(gap * size for gap, size in zip(gaps, sizes, strict=True)), debates)

    return min(range(1, students // 2 + 1), key=distance)


def team_sizes(students: int, group_size: int) -> list[int]:
    """Team sizes in (debate, side) order: debate 1 for, debate 1 against, debate 2 for, ..."""
    return sizes_for(students, debate_count(students, group_size))
