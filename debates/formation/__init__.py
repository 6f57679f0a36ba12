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
    Debates are numbered across the stages.
stage
    The debates that run at the same time, side by side. Every motion is debated in every class:
    when the students make at least one debate per motion there is one stage; with fewer (eight
    students make one debate, and the lesson has two motions) the motions are debated in stages
    one after the other, each with as many debates as the first. Every student has a seat in every
    stage, so everyone speaks at least once.
schedule
    How many stages, how many debates in each, and which motion each debate takes, fixed by the
    number of students when the first stage is formed. Its summary is what the instructor is
    told before forming: "two debates side by side", or "two debates one after the other: roles
    rotate for the second".
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
    possible. The earlier debates reach this package as a :class:`History`. A later stage rotates
    against the stage before it first of all: nobody holds a role again that they held there,
    which every class of four or more allows (in a team of one, the student holds every role).
seed
    An integer that fixes every random choice: the same students, settings, history and seed
    always give the same formation. Re-shuffling means forming again with a new seed.
formation
    The result of forming one stage: its debates, their teams and seats, the seed, the stage and
    how many there are, and the rules applied, written as plain sentences for the instructor.
"""

from .operations import (
    FormationError,
    form,
    late_arrival_place,
    reshuffle,
    role_repeats,
    stage_next,
    student_move,
    students_swap,
)
from .roles import DEFAULT_ROLES, role_groups, role_label, team_roles_valid
from .schedule import Schedule, count_words, ordinal, schedule_for
from .sizing import debate_count, team_sizes
from .types import SIDES, Debate, Formation, History, Seat, Settings, Side, Team

__all__ = [
    "DEFAULT_ROLES",
    "SIDES",
    "Debate",
    "Formation",
    "FormationError",
    "History",
    "Schedule",
    "Seat",
    "Settings",
    "Side",
    "Team",
    "count_words",
    "debate_count",
    "form",
    "late_arrival_place",
    "ordinal",
    "reshuffle",
    "role_groups",
    "role_label",
    "role_repeats",
    "schedule_for",
    "stage_next",
    "student_move",
    "students_swap",
    "team_roles_valid",
    "team_sizes",
]
