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

    @property
    def role_total(self) -> int:
        return sum(sum(held.values()) for held in self.roles_held.values())

    @property
    def teammate_total(self) -> int:
        return sum(self.teammates.values())

    def merged(self, other: History, *, role_weight: int = 1) -> History:
        """This history and ``other`` together, each role ``other`` counts as ``role_weight``."""
        roles_held = {student: dict(held) for student, held in self.roles_held.items()}
        for student, held in other.roles_held.items():
            mine = roles_held.setdefault(student, {})
            for role, count in held.items():
                mine[role] = mine.get(role, 0) + count * role_weight
        teammates = dict(self.teammates)
        for pair, count in other.teammates.items():
            teammates[pair] = teammates.get(pair, 0) + count
        return History(roles_held=roles_held, teammates=teammates)

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

    @classmethod
    def of(cls, formation: Formation) -> History:
        """The history one formation leaves: its seats' roles and its team-mates."""
        names = formation.settings.roles
        return cls.from_teams(
            [(seat.student, [names[p] for p in seat.roles]) for seat in team.seats]
            for team in formation.teams
        )


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
    """One stage's debates (see the package docstring); a lesson in one stage has just one."""

    seed: int
    settings: Settings
    debates: tuple[Debate, ...]
    rules: tuple[str, ...]
    stage: int = 0
    """This formation's stage, from 0."""
    stages: int = 1
    """How many stages the lesson runs, fixed when the first is formed."""

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

    def debate(self, index: int) -> Debate:
        """The debate numbered ``index`` (from 0, counted across the stages)."""
        for found in self.debates:
            if found.index == index:
                return found
        numbers = ", ".join(str(debate.index + 1) for debate in self.debates)
        raise FormationError(f"there is no debate {index + 1}; there are debates {numbers}")

    def team(self, debate: int, side: Side) -> Team:
        found = self.debate(debate)
        if side not in SIDES:
            raise FormationError(f"a side is 'for' or 'against', not {side!r}")
        return found.for_team if side == "for" else found.against_team
