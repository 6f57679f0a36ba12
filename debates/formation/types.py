"""The dataclasses a formation is made of (terms defined in the package docstring)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Side = Literal["for", "against"]
SIDES: tuple[Side, Side] = ("for", "against")

DEFAULT_ROLES: tuple[str, ...] = (
    "Introducer",
    "Argument 1",
    "Argument 2",
    "Argument 3",
    "Finisher",
)


class FormationError(ValueError):
    """Input a formation cannot be made from; the message names the problem."""


@dataclass(frozen=True)
class Settings:
    roles: tuple[str, ...] = DEFAULT_ROLES
    group_size: int = 5
    motions: int = 1

    def __post_init__(self) -> None:
        if not self.roles:
            raise FormationError("a debate needs at least one role")
        if len(set(self.roles)) != len(self.roles):
            raise FormationError(f"role names must differ; got {list(self.roles)}")
        if self.group_size < 1:
            raise FormationError(f"the group size must be at least 1; got {self.group_size}")
        if self.motions < 1:
            raise FormationError("a debate needs at least one motion")


@dataclass(frozen=True)
class History:
    """What the earlier debates of the course tell rotation.

    ``roles_held[student][role name]`` counts the earlier debates in which the student held that
    role; ``teammates[frozenset({a, b})]`` counts the earlier teams ``a`` and ``b`` shared.
    Roles are matched by name, so renaming a role starts its rotation afresh.
    """

    roles_held: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    teammates: Mapping[frozenset[int], int] = field(default_factory=dict)

    def role_count(self, student: int, role: str) -> int:
        return self.roles_held.get(student, {}).get(role, 0)

    def pair_count(self, a: int, b: int) -> int:
        return self.teammates.get(frozenset((a, b)), 0)

    def among(self, students: Iterable[int]) -> History:
        """The part of the history about these students only."""
        present = set(students)
        return History(
            roles_held={s: held for s, held in self.roles_held.items() if s in present},
            teammates={pair: n for pair, n in self.teammates.items() if pair <= present},
        )

    @property
    def is_empty(self) -> bool:
        return not self.roles_held and not self.teammates

    @classmethod
    def from_teams(cls, teams: Iterable[Iterable[tuple[int, Iterable[str]]]]) -> History:
        """Build a history from earlier teams, each a list of ``(student, role names)``."""
        roles_held: dict[int, dict[str, int]] = {}
        teammates: dict[frozenset[int], int] = {}
        for team in teams:
            members = list(team)
            for student, roles in members:
                held = roles_held.setdefault(student, {})
                for role in roles:
                    held[role] = held.get(role, 0) + 1
            ids = sorted({student for student, _roles in members})
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    pair = frozenset((a, b))
                    teammates[pair] = teammates.get(pair, 0) + 1
        return cls(roles_held=roles_held, teammates=teammates)


@dataclass(frozen=True)
class Seat:
    student: int
    roles: tuple[int, ...]
    """Positions in :attr:`Settings.roles`, ascending."""


@dataclass(frozen=True)
class Team:
    debate: int
    side: Side
    seats: tuple[Seat, ...]
    """Ordered by the first role each seat holds."""

    @property
    def members(self) -> tuple[int, ...]:
        return tuple(seat.student for seat in self.seats)

    @property
    def size(self) -> int:
        return len(self.seats)


@dataclass(frozen=True)
class Debate:
    index: int
    motion: int
    """Position in the list of motions, from 0."""
    for_team: Team
    against_team: Team

    @property
    def teams(self) -> tuple[Team, Team]:
        return (self.for_team, self.against_team)


@dataclass(frozen=True)
class Formation:
    seed: int
    settings: Settings
    debates: tuple[Debate, ...]
    rules: tuple[str, ...]

    @property
    def teams(self) -> tuple[Team, ...]:
        return tuple(team for debate in self.debates for team in debate.teams)

    @property
    def students(self) -> tuple[int, ...]:
        return tuple(student for team in self.teams for student in team.members)

    def team_of(self, student: int) -> Team:
        for team in self.teams:
            if student in team.members:
                return team
        raise FormationError(f"student {student} is not in this formation")

    def seat_of(self, student: int) -> Seat:
        for seat in self.team_of(student).seats:
            if seat.student == student:
                return seat
        raise FormationError(f"student {student} is not in this formation")

    def team(self, debate: int, side: Side) -> Team:
        if not 0 <= debate < len(self.debates):
            raise FormationError(f"there is no debate {debate + 1}; there are {len(self.debates)}")
        if side not in SIDES:
            raise FormationError(f"a side is 'for' or 'against', not {side!r}")
        found = self.debates[debate]
        return found.for_team if side == "for" else found.against_team
