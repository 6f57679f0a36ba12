"""Both motions in every class: side by side, or in stages one after the other with the roles
rotated, for every class size from 2 to 61."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debates.formation import (
    FormationError,
    History,
    Settings,
    form,
    reshuffle,
    role_repeats,
    schedule_for,
    stage_next,
)

from .helpers import assert_formation_valid, history_of

SETTINGS = Settings(motions=2)
NO_HISTORY = History()


def lesson(students, settings=SETTINGS, *, seed=1, history=NO_HISTORY):
    """Every stage of a lesson, each formed when the one before is over."""
    stages = [form(students, settings, seed=seed, history=history)]
    while stages[-1].stage + 1 < stages[-1].stages:
        stages.append(stage_next(stages[-1], seed=seed + len(stages), history=history))
    return stages


@pytest.mark.parametrize("count", range(2, 62))
def test_both_motions_are_debated_and_everyone_speaks(count):
    students = [100 + 3 * i for i in range(count)]
    stages = lesson(students, seed=count)
    assert {debate.motion for stage in stages for debate in stage.debates} == {0, 1}
    for stage in stages:
        assert_formation_valid(stage, students)
    if len(stages) == 1:
        assert len(stages[0].debates) >= 2
    else:
        # One debate at a time: each is formed from the whole class, so everyone speaks twice.
        assert [len(stage.debates) for stage in stages] == [1, 1]
        assert [stage.debates[0].index for stage in stages] == [0, 1]


@pytest.mark.parametrize("count", range(4, 62))
def test_nobody_holds_a_role_again_in_the_debate_after(count):
    stages = lesson(list(range(count)), seed=count)
    for before, after in zip(stages, stages[1:], strict=False):
        assert role_repeats(after, history_of(before)) == 0


@pytest.mark.parametrize("count", [2, 3])
def test_a_class_of_two_or_three_changes_sides_when_a_repeat_cannot_be_avoided(count):
    # A team of one holds every role, so its member cannot avoid speaking in a role again.
    first, second = lesson(list(range(count)), seed=count)
    assert role_repeats(second, history_of(first)) > 0
    for student in range(count):
        assert first.team_of(student).side != second.team_of(student).side


@pytest.mark.parametrize(
    ("count", "summary"),
    [
        (8, "two debates one after the other: roles rotate for the second"),
        (13, "two debates one after the other: roles rotate for the second"),
        (14, "two debates side by side"),
        (20, "two debates side by side"),
        (30, "three debates side by side"),
    ],
)
def test_the_schedule_says_what_will_happen_before_forming(count, summary):
    assert schedule_for(count, SETTINGS).summary == summary


def test_one_motion_is_one_debate_at_a_time_whatever_the_size():
    assert schedule_for(8, Settings(motions=1)).summary == "one debate"
    assert len(lesson(list(range(8)), Settings(motions=1))) == 1


def test_eight_students_debate_four_against_four_twice_with_the_motions_in_order():
    first, second = lesson(list(range(8)))
    assert [team.size for team in first.teams] == [4, 4]
    assert [team.size for team in second.teams] == [4, 4]
    assert (first.debates[0].motion, second.debates[0].motion) == (0, 1)
    assert any("Two debates one after the other" in rule for rule in first.rules)
    assert any("debate 2 (motion 2) follows" in rule for rule in first.rules)
    assert any("Now debate 2 (motion 2)" in rule for rule in second.rules)


def test_a_role_from_the_debate_before_outweighs_the_course_history():
    # Every student held Argument 1 three times in earlier sessions: a repeat of that is
    # accepted before a repeat of the debate just given.
    students = list(range(9))
    older = History(roles_held={s: {"Argument 1": 3} for s in students})
    first, second = lesson(students, seed=5, history=older)
    assert role_repeats(second, history_of(first)) == 0


def test_a_late_arrival_is_seated_in_the_next_stage():
    first = form(range(8), SETTINGS, seed=1)
    second = stage_next(first, seed=2, students=[*range(8), 50])
    assert_formation_valid(second, [*range(8), 50])
    assert role_repeats(second, history_of(first)) == 0


def test_the_stage_after_the_last_is_refused():
    first, second = lesson(list(range(8)))
    with pytest.raises(FormationError, match="debate 2 was the last: the lesson has 2 stages"):
        stage_next(second, seed=9)


def test_a_later_stage_without_enough_students_is_refused():
    first = form(range(20), Settings(motions=3), seed=1)  # two debates at a time, two stages
    with pytest.raises(FormationError, match="2 debates at a time need at least 4 students"):
        stage_next(first, seed=2, students=[0, 1, 2])


def test_a_later_stage_is_formed_again_from_the_stage_before_not_reshuffled():
    _first, second = lesson(list(range(8)))
    with pytest.raises(FormationError, match="stage 2 is formed again from the stage before"):
        reshuffle(second, seed=5)


def test_a_fixed_seed_gives_the_same_later_stage():
    first = form(range(10), SETTINGS, seed=3)
    assert stage_next(first, seed=4) == stage_next(first, seed=4)


@settings(max_examples=40, deadline=None)
@given(
    students=st.sets(st.integers(min_value=1, max_value=10_000), min_size=2, max_size=40),
    group_size=st.integers(min_value=1, max_value=8),
    role_count=st.integers(min_value=1, max_value=7),
    motions=st.integers(min_value=1, max_value=4),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_any_class_debates_every_motion_and_seats_everyone_in_every_stage(
    students, group_size, role_count, motions, seed
):
    roles = tuple(f"Role {i}" for i in range(role_count))
    stages = lesson(
        list(students), Settings(roles=roles, group_size=group_size, motions=motions), seed=seed
    )
    assert {d.motion for stage in stages for d in stage.debates} == set(range(motions))
    indexes = [d.index for stage in stages for d in stage.debates]
    assert indexes == list(range(len(indexes)))
    for stage in stages:
        assert_formation_valid(stage, list(students))
