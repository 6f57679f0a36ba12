"""Checks of a formation written independently of the code that makes it."""

from __future__ import annotations

from collections import Counter

from debates.formation import Formation, Team


def assert_roles_valid(team: Team, role_count: int) -> None:
    seats = team.seats
    assert seats, "a team has members"
    held = Counter(position for seat in seats for position in seat.roles)
    assert set(held) == set(range(role_count)), f"every role is held: {team}"
    assert all(seat.roles for seat in seats), "every member holds a role"
    if team.size >= role_count:
        assert all(len(seat.roles) == 1 for seat in seats), "nobody merges roles"
        if role_count > 2:
            assert held[0] == held[role_count - 1] == 1, "opening and closing are never doubled"
    else:
        assert all(count == 1 for count in held.values()), "merged roles are held once each"
        for seat in seats:
            assert list(seat.roles) == list(range(seat.roles[0], seat.roles[-1] + 1)), (
                "a member holds adjacent roles"
            )


def assert_formation_valid(formation: Formation, students: list[int]) -> None:
    placed = formation.students
    assert sorted(placed) == sorted(students), "each student is placed exactly once"
    sizes = [team.size for team in formation.teams]
    assert max(sizes) - min(sizes) <= 1, f"team sizes differ by at most one: {sizes}"
    for debate in formation.debates:
        assert (debate.for_team.side, debate.against_team.side) == ("for", "against")
        for team in debate.teams:
            assert team.debate == debate.index
            assert_roles_valid(team, len(formation.settings.roles))


def role_repeats(formation: Formation, history) -> int:
    names = formation.settings.roles
    return sum(
        history.role_count(seat.student, names[position])
        for team in formation.teams
        for seat in team.seats
        for position in seat.roles
    )


def pair_repeats(formation: Formation, history) -> int:
    return sum(
        history.pair_count(a, b)
        for team in formation.teams
        for i, a in enumerate(team.members)
        for b in team.members[i + 1 :]
    )


def history_of(*formations: Formation):
    from debates.formation import History

    return History.from_teams(
        [(seat.student, [formation.settings.roles[p] for p in seat.roles]) for seat in team.seats]
        for formation in formations
        for team in formation.teams
    )
