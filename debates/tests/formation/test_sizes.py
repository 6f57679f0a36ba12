"""Group formation for every class size from 2 to 61."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debates.formation import DEFAULT_ROLES, FormationError, Settings, form

from .helpers import assert_formation_valid

SETTINGS = Settings(motions=2)


@pytest.mark.parametrize("count", range(2, 62))
def test_every_student_gets_one_seat_in_teams_within_one_of_each_other(count):
    students = [100 + 7 * i for i in range(count)]
    formation = form(students, SETTINGS, seed=count)
    assert_formation_valid(formation, students)


@pytest.mark.parametrize("count", range(2, 62))
def test_a_fixed_seed_gives_the_same_groups(count):
    students = list(range(count))
    assert form(students, SETTINGS, seed=2024) == form(reversed(students), SETTINGS, seed=2024)


@pytest.mark.parametrize("count", range(2, 62))
def test_different_seeds_give_different_groups(count):
    students = list(range(count))
    results = {form(students, SETTINGS, seed=seed).debates for seed in range(10)}
    assert len(results) > 1


@pytest.mark.parametrize("count", range(2, 8))
def test_below_eight_students_there_is_one_debate(count):
    formation = form(range(count), SETTINGS, seed=1)
    assert len(formation.debates) == 1
    assert any("one debate with smaller teams" in rule for rule in formation.rules)


def test_eight_students_make_one_debate_of_two_teams_of_four():
    formation = form(range(8), SETTINGS, seed=1)
    assert [team.size for team in formation.teams] == [4, 4]


def test_two_students_debate_one_against_one_each_holding_every_role():
    formation = form([1, 2], SETTINGS, seed=3)
    (debate,) = formation.debates
    for team in debate.teams:
        (seat,) = team.seats
        assert seat.roles == tuple(range(len(DEFAULT_ROLES)))


def test_a_team_of_six_has_two_argument_threes():
    formation = form(range(11), SETTINGS, seed=5)
    six = next(team for team in formation.teams if team.size == 6)
    names = [DEFAULT_ROLES[seat.roles[0]] for seat in six.seats]
    assert names.count("Argument 3") == 2
    assert sorted(set(names)) == sorted(DEFAULT_ROLES)


def test_a_team_of_four_merges_argument_three_into_argument_two():
    formation = form(range(9), SETTINGS, seed=5)
    four = next(team for team in formation.teams if team.size == 4)
    assert sorted(seat.roles for seat in four.seats) == [(0,), (1,), (2, 3), (4,)]


def test_debates_take_the_motions_in_turn():
    formation = form(range(40), Settings(motions=3), seed=1)
    assert [debate.motion for debate in formation.debates] == [0, 1, 2, 0]


def test_the_rules_name_every_team_size_in_the_result():
    formation = form(range(41), SETTINGS, seed=1)
    sizes = {team.size for team in formation.teams}
    assert sizes == {5, 6}
    for size in sizes:
        assert any(rule.startswith(f"A team of {size} ") for rule in formation.rules)
    assert any("Seed 1" in rule for rule in formation.rules)


def test_one_student_cannot_debate():
    with pytest.raises(FormationError, match="at least 2 students"):
        form([7], SETTINGS, seed=1)


def test_a_student_listed_twice_is_refused():
    with pytest.raises(FormationError, match=r"more than once: \[3\]"):
        form([1, 2, 3, 3], SETTINGS, seed=1)


def test_a_group_size_below_one_is_refused():
    with pytest.raises(FormationError, match="group size must be at least 1"):
        Settings(group_size=0)


@settings(max_examples=60, deadline=None)
@given(
    students=st.sets(st.integers(min_value=1, max_value=10_000), min_size=2, max_size=70),
    group_size=st.integers(min_value=1, max_value=8),
    role_count=st.integers(min_value=1, max_value=7),
    motions=st.integers(min_value=1, max_value=4),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_any_students_group_size_and_roles_give_a_valid_formation(
    students, group_size, role_count, motions, seed
):
    roles = tuple(f"Role {i}" for i in range(role_count))
    formation = form(
        students, Settings(roles=roles, group_size=group_size, motions=motions), seed=seed
    )
    assert_formation_valid(formation, list(students))
    assert [d.motion for d in formation.debates] == [
        i % motions for i in range(len(formation.debates))
    ]
