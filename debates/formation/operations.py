"""Forming the groups, and the instructor's changes to them.

Every operation returns a new :class:`Formation` whose teams hold valid roles: a change that
alters a team's size re-derives that team's roles, keeping as many members in their roles as it
can (see :func:`assignment.seats_assign`).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from . import sizing
from .assignment import seats_assign, teams_assign
from .roles import RoleGroup, role_groups
from .rules import rules_describe
from .schedule import Schedule, schedule_for
from .types import (
    SIDES,
    Debate,
    Formation,
    FormationError,
    History,
    Seat,
    Settings,
    Side,
    Team,
)

__all__ = [
    "FormationError",
    "form",
    "late_arrival_place",
    "reshuffle",
    "role_repeats",
    "stage_next",
    "student_move",
    "students_swap",
]

EMPTY_HISTORY = History()


def _checked_students(students: Iterable[int]) -> list[int]:
    ids = list(students)
    seen: set[int] = set()
    repeated = sorted({student for student in ids if student in seen or seen.add(student)})
    if repeated:
        raise FormationError(f"students listed more than once: {repeated}")
    return sorted(ids)


def _make_team(
    debate: int,
    side: Side,
    members: Sequence[int],
    settings: Settings,
    history: History,
    rng: random.Random,
    previous: dict[int, RoleGroup] | None = None,
) -> Team:
    groups = role_groups(len(members), len(settings.roles))
    chosen, _repeats = seats_assign(
        members, groups, settings.roles, history, rng, previous=previous
    )
    seats = sorted(
        (
            Seat(student=student, roles=group)
            for student, group in zip(members, chosen, strict=True)
        ),
        key=lambda seat: (seat.roles, seat.student),
    )
    return Team(debate=debate, side=side, seats=tuple(seats))


def _assembled(
    members_by_team: Sequence[Sequence[int]],
    settings: Settings,
    schedule: Schedule,
    *,
    stage: int,
    seed: int,
    history: History,
    rng: random.Random,
) -> Formation:
    """The formation whose teams, in (debate, side) order, have these members."""
    debates = []
    for position in range(len(members_by_team) // 2):
        index = schedule.debate_index(stage, position)
        for_team, against_team = (
            _make_team(index, side, members_by_team[2 * position + offset], settings, history, rng)
            for offset, side in enumerate(SIDES)
        )
        debates.append(
            Debate(
                index=index,
                motion=schedule.motion(stage, position),
                for_team=for_team,
                against_team=against_team,
            )
        )
    return Formation(
        seed=seed,
        settings=settings,
        debates=tuple(debates),
        rules=rules_describe(debates, settings, seed, stage=stage, stages=schedule.stages),
        stage=stage,
        stages=schedule.stages,
    )


def _searched(
    ids: list[int],
    sizes: Sequence[int],
    settings: Settings,
    schedule: Schedule,
    *,
    stage: int,
    seed: int,
    history: History,
) -> Formation:
    rng = random.Random(seed)
    rng.shuffle(ids)
    groups_by_size = {size: role_groups(size, len(settings.roles)) for size in set(sizes)}
    members_by_team = teams_assign(ids, sizes, groups_by_size, settings.roles, history, rng)
    return _assembled(
        members_by_team, settings, schedule, stage=stage, seed=seed, history=history, rng=rng
    )


def form(
    students: Iterable[int],
    settings: Settings,
    *,
    seed: int,
    history: History = EMPTY_HISTORY,
) -> Formation:
    """The first stage: every student in exactly one team, with one seat, reproducibly from
    ``seed``. The formation says how many stages the lesson has (see :func:`stage_next`)."""
    ids = _checked_students(students)
    schedule = schedule_for(len(ids), settings)
    sizes = sizing.team_sizes(len(ids), settings.group_size)
    return _searched(ids, sizes, settings, schedule, stage=0, seed=seed, history=history.among(ids))


def role_repeats(formation: Formation, history: History) -> int:
    """How many roles of the formation's seats their students already hold in ``history``."""
    names = formation.settings.roles
    return sum(
        history.role_count(seat.student, names[position])
        for team in formation.teams
        for seat in team.seats
        for position in seat.roles
    )


def stage_next(
    previous: Formation,
    *,
    seed: int,
    students: Iterable[int] | None = None,
    history: History = EMPTY_HISTORY,
) -> Formation:
    """The stage after ``previous``: the next motions, as many debates, every student present
    (``previous``'s unless given) seated again with the roles rotated.

    ``history`` is what came before ``previous`` (the course's earlier debates). A role held in
    ``previous`` weighs more than everything else, so nobody gives the same speech twice when
    any grouping avoids it: when the search still leaves a repeat, the teams of ``previous``
    are kept, each on the other side, with their roles exchanged among them, which always avoids
    one unless a team has a single member (who holds every role).
    """
    stage = previous.stage + 1
    if stage >= previous.stages:
        raise FormationError(
            f"debate {previous.debates[-1].index + 1} was the last: "
            f"the lesson has {previous.stages} stage{'s' if previous.stages != 1 else ''}"
        )
    settings = previous.settings
    ids = _checked_students(previous.students if students is None else students)
    per_stage = len(previous.debates)
    if len(ids) < 2 * per_stage:
        raise FormationError(
            f"{per_stage} debate{'s' if per_stage != 1 else ''} at a time need at least "
            f"{2 * per_stage} students present; there are {len(ids)}"
        )
    schedule = Schedule(debates=per_stage, stages=previous.stages, motions=settings.motions)
    earlier = History.of(previous).among(ids)
    older = history.among(ids)
    # One role repeated from the stage before costs more than every other repeat and every
    # pair of former team-mates together.
    weight = 1 + older.role_total + older.teammate_total + earlier.teammate_total
    weighted = older.merged(earlier, role_weight=weight)
    sizes = sizing.sizes_for(len(ids), per_stage)
    searched = _searched(
        list(ids), sizes, settings, schedule, stage=stage, seed=seed, history=weighted
    )
    repeats = role_repeats(searched, earlier)
    if repeats and sorted(previous.students) == ids:
        kept = _assembled(
            [team.members for debate in previous.debates for team in reversed(debate.teams)],
            settings,
            schedule,
            stage=stage,
            seed=seed,
            history=earlier,
            rng=random.Random(seed),
        )
        if role_repeats(kept, earlier) <= repeats:
            return kept
    return searched


def reshuffle(formation: Formation, *, seed: int, history: History = EMPTY_HISTORY) -> Formation:
    """Form the same students again with a new seed (the first stage; a later stage is formed
    again with :func:`stage_next` from the stage before it)."""
    if formation.stage:
        raise FormationError(
            f"stage {formation.stage + 1} is formed again from the stage before it"
        )
    if seed == formation.seed:
        raise FormationError(f"a reshuffle needs a new seed; {seed} is the current one")
    return form(formation.students, formation.settings, seed=seed, history=history)


def _replace_teams(formation: Formation, changed: Iterable[Team]) -> Formation:
    by_key = {(team.debate, team.side): team for team in changed}
    debates = tuple(
        Debate(
            index=debate.index,
            motion=debate.motion,
            for_team=by_key.get((debate.index, "for"), debate.for_team),
            against_team=by_key.get((debate.index, "against"), debate.against_team),
        )
        for debate in formation.debates
    )
    return Formation(
        seed=formation.seed,
        settings=formation.settings,
        debates=debates,
        rules=rules_describe(
            debates,
            formation.settings,
            formation.seed,
            stage=formation.stage,
            stages=formation.stages,
        ),
        stage=formation.stage,
        stages=formation.stages,
    )


def students_swap(formation: Formation, a: int, b: int) -> Formation:
    """Exchange two students' seats; each takes the other's team and roles."""
    if a == b:
        raise FormationError("choose two different students to swap")
    seat_a, seat_b = formation.seat_of(a), formation.seat_of(b)
    team_a, team_b = formation.team_of(a), formation.team_of(b)

    def exchanged(team: Team) -> Team:
        seats = []
        for seat in team.seats:
            if seat == seat_a:
                seats.append(Seat(student=b, roles=seat.roles))
            elif seat == seat_b:
                seats.append(Seat(student=a, roles=seat.roles))
            else:
                seats.append(seat)
        return Team(debate=team.debate, side=team.side, seats=tuple(seats))

    return _replace_teams(formation, {exchanged(team_a), exchanged(team_b)})


def _reseated(
    team: Team,
    members: Sequence[int],
    formation: Formation,
    history: History,
) -> Team:
    if not members:
        raise FormationError(f"debate {team.debate + 1} {team.side} would have no members left")
    previous = {seat.student: seat.roles for seat in team.seats}
    # Derived from the seed and the team, so the same change gives the same seats.
    rng = random.Random(f"{formation.seed}:{team.debate}:{team.side}:{sorted(members)}")
    return _make_team(
        team.debate, team.side, sorted(members), formation.settings, history, rng, previous
    )


def student_move(
    formation: Formation,
    student: int,
    *,
    debate: int,
    side: Side,
    history: History = EMPTY_HISTORY,
) -> Formation:
    """Move a student to another team; both teams' roles are re-derived for their new sizes."""
    source = formation.team_of(student)
    target = formation.team(debate, side)
    if target == source:
        raise FormationError(f"student {student} is already in debate {debate + 1} {side}")
    new_source = _reseated(source, [m for m in source.members if m != student], formation, history)
    new_target = _reseated(target, [*target.members, student], formation, history)
    return _replace_teams(formation, [new_source, new_target])


def late_arrival_place(
    formation: Formation,
    student: int,
    *,
    debates: Iterable[int] | None = None,
    history: History = EMPTY_HISTORY,
) -> Formation:
    """Add a student who arrived after forming to the smallest team.

    ``debates`` limits the choice (to debates that have not started, say). Among the smallest
    teams: the one in the smallest debate, then the one with the fewest earlier team-mates,
    then the first.
    """
    if student in formation.students:
        raise FormationError(f"student {student} already has a seat")
    allowed = {d.index for d in formation.debates} if debates is None else set(debates)
    candidates = [team for team in formation.teams if team.debate in allowed]
    if not candidates:
        raise FormationError("no debate is open to a late arrival")

    def preference(team: Team) -> tuple[int, int, int]:
        debate_size = sum(t.size for t in formation.debate(team.debate).teams)
        met = sum(history.pair_count(student, member) for member in team.members)
        return (team.size, debate_size, met)

    target = min(candidates, key=preference)
    return _replace_teams(
        formation, [_reseated(target, [*target.members, student], formation, history)]
    )
