"""Which roles the seats of a team of a given size hold.

A team with as many members as roles gives one role to each. A larger team doubles middle
roles, the last one first (six: two "Argument 3"; seven: two "Argument 2" and two "Argument 3"),
each doubled seat speaking with the role's full time. A smaller team merges roles: first the last
middle role into the one before it (four: "Argument 2 + Argument 3"), until one seat holds all the
middle roles; then that seat joins the opening role (two: "Introducer + Argument 1 + ... ", and
"Finisher"); one member holds every role.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .types import DEFAULT_ROLES, FormationError, Team

__all__ = ["DEFAULT_ROLES", "role_groups", "role_label", "team_roles_valid", "team_size_rule"]

RoleGroup = tuple[int, ...]


def _doubling_order(role_count: int) -> list[int]:
    middle = list(range(1, role_count - 1))
    return list(reversed(middle)) if middle else list(reversed(range(role_count)))


def role_groups(size: int, role_count: int) -> tuple[RoleGroup, ...]:
    """The seats of a team of ``size``: each a tuple of role positions, in speaking order."""
    if size < 1:
        raise FormationError(f"a team needs at least one member; got {size}")
    if role_count < 1:
        raise FormationError("a debate needs at least one role")
    groups: list[list[int]] = [[position] for position in range(role_count)]
    if size >= role_count:
        order = _doubling_order(role_count)
        for extra in range(size - role_count):
            groups.append([order[extra % len(order)]])
        groups.sort(key=lambda group: group[0])
        return tuple(tuple(group) for group in groups)
    while len(groups) > size:
        middle = len(groups) - 2
        if middle >= 2:
            # The last middle group joins the middle group before it.
            last = groups.pop(len(groups) - 2)
            groups[len(groups) - 2].extend(last)
        else:
            groups[0].extend(groups.pop(1))
    return tuple(tuple(group) for group in groups)


def role_label(roles: Sequence[int], names: Sequence[str]) -> str:
    return " + ".join(names[position] for position in roles)


def team_roles_valid(team: Team, role_count: int) -> bool:
    """True when the team's seats hold exactly the role groups of a team of its size."""
    if not team.seats:
        return False
    expected = Counter(role_groups(team.size, role_count))
    return Counter(seat.roles for seat in team.seats) == expected


def _counted(name: str, count: int) -> str:
    words = {2: "two", 3: "three", 4: "four"}
    return f"{words.get(count, str(count))} {name}s"


def team_size_rule(size: int, names: Sequence[str]) -> str:
    """One sentence saying what a team of ``size`` does with the roles."""
    groups = role_groups(size, len(names))
    if size == len(names):
        return f"A team of {size} has one member per role."
    if size == 1:
        return (
            f"A team of 1: one member holds every role ({role_label(groups[0], names)}) "
            "and speaks once with all their speaking times."
        )
    if size > len(names):
        counts = Counter(group[0] for group in groups)
        doubled = [_counted(names[p], c) for p, c in sorted(counts.items()) if c > 1]
        return f"A team of {size} has {' and '.join(doubled)}, each with the full speaking time."
    merged = [role_label(group, names) for group in groups if len(group) > 1]
    return (
        f"A team of {size} merges roles: one member holds {' and one holds '.join(merged)}, "
        "speaking once with the speaking times added."
    )
