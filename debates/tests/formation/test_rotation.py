"""Role rotation and team-mate mixing across the earlier debates of a course."""

from __future__ import annotations

import pytest

from debates.formation import History, Settings, form

from .helpers import assert_formation_valid, history_of, pair_repeats, role_repeats

SETTINGS = Settings(motions=2)


@pytest.mark.parametrize("count", [6, 9, 10, 11, 13, 14, 20, 27, 40, 53, 61])
@pytest.mark.parametrize("seed", [0, 1])
def test_nobody_repeats_a_role_held_in_the_two_previous_debates(count, seed):
    students = list(range(count))
    first = form(students, SETTINGS, seed=seed + 10)
    second = form(students, SETTINGS, seed=seed + 20, history=history_of(first))
    third = form(students, SETTINGS, seed=seed + 30, history=history_of(first, second))
    assert role_repeats(second, history_of(first)) == 0
    assert role_repeats(third, history_of(first, second)) == 0
    assert_formation_valid(third, students)


def test_without_history_roles_repeat_by_chance_which_rotation_prevents():
    students = list(range(40))
    first = form(students, SETTINGS, seed=1)
    history = history_of(first)
    assert role_repeats(form(students, SETTINGS, seed=2), history) > 0
    assert role_repeats(form(students, SETTINGS, seed=2, history=history), history) == 0


@pytest.mark.parametrize("count", [30, 40, 61])
def test_former_team_mates_are_split_when_the_class_is_large_enough(count):
    students = list(range(count))
    first = form(students, SETTINGS, seed=3)
    history = history_of(first)
    assert pair_repeats(form(students, SETTINGS, seed=4), history) > 0
    assert pair_repeats(form(students, SETTINGS, seed=4, history=history), history) == 0


def test_a_student_who_was_introducer_everywhere_gets_another_role():
    history = History(roles_held={7: {"Introducer": 3}})
    for seed in range(20):
        formation = form(range(10), SETTINGS, seed=seed, history=history)
        assert formation.seat_of(7).roles != (0,)


def test_a_repeat_is_accepted_when_no_other_assignment_exists():
    # One against one: each student must hold every role again.
    history = History(roles_held={1: {"Introducer": 1}, 2: {"Finisher": 1}})
    formation = form([1, 2], SETTINGS, seed=1, history=history)
    assert_formation_valid(formation, [1, 2])
    assert role_repeats(formation, history) == 2


def test_history_of_absent_students_is_ignored():
    history = History(roles_held={999: {"Introducer": 5}}, teammates={frozenset({999, 998}): 2})
    assert form(range(10), SETTINGS, seed=4, history=history) == form(range(10), SETTINGS, seed=4)
