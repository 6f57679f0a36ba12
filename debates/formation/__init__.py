"""Group formation for classroom debates: who debates whom, on which side, in which role.

Plain Python, no Django: data in, dataclasses out, reproducible from a seed.

Terminology
-----------
student
    Someone present to be placed, known here only by an integer id (the caller's participant id).
team
    The students who argue one side of one debate together. Team sizes across a formation differ
    by at most one.
side
    ``"for"`` or ``"against"`` the motion. Each debate has one team on each side.
debate
    Two teams, one per side, arguing one motion. Debates take the motions in turn
    (round-robin): debate 1 the first motion, debate 2 the second, and so on, wrapping around.
role
    A named part in a team's case, from the configured list (by default Introducer, Argument 1,
    Argument 2, Argument 3, Finisher). The first role opens, the last closes, the others are the
    middle (argument) roles.
seat
    One student's place in a team: the student and the roles they hold. A seat is one speech.
    Usually a seat holds one role. In a team larger than the role list, middle roles are doubled
    (two seats hold "Argument 3", each with the full speaking time); in a smaller team roles are
    merged (one seat holds "Argument 2 + Argument 3" and speaks once with both times).
rotation
    Across the earlier debates of a course, a student who held a role gets a different one when
    another assignment avoids the repeat, and students who were team-mates before are split where
    possible. The earlier debates reach this package as a :class:`History`.
seed
    An integer that fixes every random choice: the same students, settings, history and seed
    always give the same formation. Re-shuffling means forming again with a new seed.
formation
    The whole result: the debates, their teams and seats, the seed, and the rules applied, written
    as plain sentences for the instructor.
"""

from .operations import (
    FormationError,
    form,
    late_arrival_place,
    reshuffle,
    student_move,
    students_swap,
)
from .roles import DEFAULT_ROLES, role_groups, role_label, team_roles_valid
from .sizing import debate_count, team_sizes
from .types import SIDES, Debate, Formation, History, Seat, Settings, Side, Team

__all__ = [
    "DEFAULT_ROLES",
    "SIDES",
    "Debate",
    "Formation",
    "FormationError",
    "History",
    "Seat",
    "Settings",
    "Side",
    "Team",
    "debate_count",
    "form",
    "late_arrival_place",
    "reshuffle",
    "role_groups",
    "role_label",
    "student_move",
    "students_swap",
    "team_roles_valid",
    "team_sizes",
]
