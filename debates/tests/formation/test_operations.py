"""Reshuffle, swap, move and late arrival keep every team's roles valid."""

from __future__ import annotations

import pytest

from debates.formation import (
    FormationError,
    History,
    Settings,
    form,
    late_arrival_place,
    reshuffle,
    student_move,
    students_swap,
)

from .helpers import assert_formation_valid, assert_roles_valid

SETTINGS = Settings(motions=2)


def roles_by_student(formation):
    return {seat.student: seat.roles for team in formation.teams for seat in team.seats}


class TestReshuffle:
    def test_a_new_seed_regroups_the_same_students(self):
        formation = form(range(23), SETTINGS, seed=1)
        again = reshuffle(formation, seed=2)
        assert again.seed == 2
        assert again.debates != formation.debates
        assert_formation_valid(again, list(range(23)))

    def test_the_current_seed_is_refused(self):
        formation = form(range(23), SETTINGS, seed=1)
        with pytest.raises(FormationError, match="needs a new seed; 1 is the current one"):
            reshuffle(formation, seed=1)


class TestSwap:
    def test_two_students_in_different_teams_exchange_team_and_roles(self):
        formation = form(range(20), SETTINGS, seed=1)
        a = formation.debates[0].for_team.members[0]
        b = formation.debates[1].against_team.members[2]
        swapped = students_swap(formation, a, b)
        assert swapped.team_of(a).debate == 1 and swapped.team_of(a).side == "against"
        assert swapped.seat_of(a).roles == formation.seat_of(b).roles
        assert swapped.seat_of(b).roles == formation.seat_of(a).roles
        assert_formation_valid(swapped, list(range(20)))

    def test_two_team_mates_exchange_roles(self):
        formation = form(range(10), SETTINGS, seed=1)
        a, b = formation.debates[0].for_team.members[:2]
        swapped = students_swap(formation, a, b)
        assert swapped.seat_of(a).roles == formation.seat_of(b).roles
        assert_formation_valid(swapped, list(range(10)))

    def test_swapping_a_student_with_themself_is_refused(self):
        formation = form(range(10), SETTINGS, seed=1)
        with pytest.raises(FormationError, match="two different students"):
            students_swap(formation, 3, 3)

    def test_swapping_a_student_not_in_the_groups_is_refused(self):
        formation = form(range(10), SETTINGS, seed=1)
        with pytest.raises(FormationError, match="student 99 is not in this formation"):
            students_swap(formation, 3, 99)


class TestMove:
    def test_moving_between_teams_of_five_makes_a_four_and_a_six_with_valid_roles(self):
        formation = form(range(20), SETTINGS, seed=1)
        source = formation.debates[0].for_team
        target = formation.debates[1].for_team
        mover = source.members[2]
        moved = student_move(formation, mover, debate=1, side="for")
        assert moved.team_of(mover) == moved.team(1, "for")
        assert [moved.team(0, "for").size, moved.team(1, "for").size] == [4, 6]
        for team in moved.teams:
            assert_roles_valid(team, 5)
        before, after = roles_by_student(formation), roles_by_student(moved)
        # Everyone already in the larger team keeps their role.
        assert all(after[m] == before[m] for m in target.members)

    def test_a_shrinking_team_changes_as_few_roles_as_it_can(self):
        formation = form(range(20), SETTINGS, seed=1)
        source = formation.debates[0].for_team
        introducer = next(seat.student for seat in source.seats if seat.roles == (0,))
        moved = student_move(formation, introducer, debate=0, side="against")
        before, after = roles_by_student(formation), roles_by_student(moved)
        changed = [m for m in source.members if m != introducer and after[m] != before[m]]
        # One member takes the Introducer's role, one holds Argument 2 + Argument 3 together.
        assert len(changed) == 2

    def test_moving_into_the_own_team_is_refused(self):
        formation = form(range(10), SETTINGS, seed=1)
        mover = formation.debates[0].for_team.members[0]
        with pytest.raises(FormationError, match="already in debate 1 for"):
            student_move(formation, mover, debate=0, side="for")

    def test_moving_the_last_member_of_a_team_is_refused(self):
        formation = form([1, 2], SETTINGS, seed=1)
        mover = formation.debates[0].for_team.members[0]
        with pytest.raises(FormationError, match="would have no members left"):
            student_move(formation, mover, debate=0, side="against")

    def test_moving_to_a_debate_that_does_not_exist_is_refused(self):
        formation = form(range(10), SETTINGS, seed=1)
        with pytest.raises(FormationError, match="there is no debate 3"):
            student_move(formation, 0, debate=2, side="for")


class TestLateArrival:
    @pytest.mark.parametrize("count", range(2, 62))
    def test_a_late_arrival_joins_a_smallest_team_and_all_roles_stay_valid(self, count):
        formation = form(range(count), SETTINGS, seed=count)
        smallest = min(team.size for team in formation.teams)
        placed = late_arrival_place(formation, 1000)
        assert placed.team_of(1000).size == smallest + 1
        assert_formation_valid(placed, [*range(count), 1000])

    def test_only_the_joined_team_changes_and_at_most_one_member_changes_role(self):
        formation = form(range(9), SETTINGS, seed=2)  # teams of 5 and 4
        placed = late_arrival_place(formation, 50)
        team = placed.team_of(50)
        assert team.size == 5
        before, after = roles_by_student(formation), roles_by_student(placed)
        changed = [s for s in before if before[s] != after[s]]
        assert len(changed) <= 1
        assert all(s in team.members for s in changed)

    def test_the_late_arrival_goes_to_an_allowed_debate(self):
        formation = form(range(19), SETTINGS, seed=2)  # 5, 5, 5, 4: debate 2 has the 4
        placed = late_arrival_place(formation, 50, debates=[0])
        assert placed.team_of(50).debate == 0

    def test_a_late_arrival_avoids_former_team_mates_among_equal_teams(self):
        formation = form(range(20), SETTINGS, seed=2)
        others = [team for team in formation.teams if team.members != formation.teams[0].members]
        history = History(
            teammates={frozenset({50, m}): 1 for team in others for m in team.members}
        )
        placed = late_arrival_place(formation, 50, history=history)
        assert set(formation.teams[0].members) < set(placed.team_of(50).members)

    def test_a_student_who_already_has_a_seat_is_refused(self):
        formation = form(range(10), SETTINGS, seed=1)
        with pytest.raises(FormationError, match="student 4 already has a seat"):
            late_arrival_place(formation, 4)

    def test_no_allowed_debate_is_refused(self):
        formation = form(range(10), SETTINGS, seed=1)
        with pytest.raises(FormationError, match="no debate is open"):
            late_arrival_place(formation, 40, debates=[])
