"""The rules behind a formation, written as plain sentences for the instructor."""

from __future__ import annotations

from collections.abc import Sequence

from .roles import team_size_rule
from .schedule import Schedule
from .types import Debate, Settings


def _debates_named(debates: Sequence[Debate]) -> str:
    return ", ".join(f"debate {d.index + 1} (motion {d.motion + 1})" for d in debates)


def _stages_rule(
    formation_debates: Sequence[Debate], settings: Settings, stage: int, stages: int
) -> str | None:
    if stages == 1:
        return None
    schedule = Schedule(debates=len(formation_debates), stages=stages, motions=settings.motions)
    summary = schedule.summary[0].upper() + schedule.summary[1:]
    if stage == 0:
        later = [
            Debate(
                index=schedule.debate_index(s, p),
                motion=schedule.motion(s, p),
                for_team=formation_debates[0].for_team,
                against_team=formation_debates[0].against_team,
            )
            for s in range(1, stages)
            for p in range(schedule.debates)
        ]
        return (
            f"{summary}. Too few students for a debate per motion at once: "
            f"{_debates_named(later)} follow{'s' if len(later) == 1 else ''} when "
            f"{_debates_named(formation_debates)} {'is' if schedule.debates == 1 else 'are'} "
            "over, with the same class and every role rotated."
        )
    return (
        f"{summary}. Now {_debates_named(formation_debates)}, with the same class: nobody holds "
        "a role they held in the debate before where the teams allow."
    )


def rules_describe(
    formation_debates: Sequence[Debate],
    settings: Settings,
    seed: int,
    *,
    stage: int = 0,
    stages: int = 1,
) -> tuple[str, ...]:
    """The rules behind a formation, as sentences for the instructor."""
    teams = [team for debate in formation_debates for team in debate.teams]
    sizes = sorted({team.size for team in teams})
    students = sum(team.size for team in teams)
    debates = len(formation_debates)
    size_words = " or ".join(str(size) for size in sizes)
    rules = [
        f"{students} students: {debates} debate{'s' if debates != 1 else ''} of two teams "
        f"(for and against), teams of {size_words} (group size {settings.group_size}).",
    ]
    stages_rule = _stages_rule(formation_debates, settings, stage, stages)
    if stages_rule:
        rules.append(stages_rule)
    if sizes[-1] - sizes[0] > 1:
        rules.append("After changes by hand, team sizes differ by more than one.")
    elif len(sizes) > 1:
        rules.append("The students do not divide evenly, so team sizes differ by one.")
    if students < 2 * (settings.group_size - 1):
        rules.append(
            f"Fewer than {2 * (settings.group_size - 1)} students: one debate with smaller teams."
        )
    rules.extend(team_size_rule(size, settings.roles) for size in sizes)
    if settings.motions > 1 and debates > 1:
        assignment = ", ".join(
            f"debate {debate.index + 1} motion {debate.motion + 1}" for debate in formation_debates
        )
        rules.append(f"Debates take the motions in turn: {assignment}.")
    rules.append(
        "Roles rotate: a student gets a role they have not held in this course's earlier "
        "debates where the teams allow, and earlier team-mates are split where possible."
    )
    rules.append(f"Seed {seed}: the same students and seed give the same groups.")
    return tuple(rules)
