"""The optimisation inside formation: who goes in which team, and who takes which seat.

Seats within a team are a minimum-cost assignment (Hungarian method), where a seat costs a
student the number of earlier debates in which they held one of its roles. Teams are built
greedily, placing each student (in seeded random order) where they have met the fewest earlier
team-mates, then improved by swapping students between teams while a swap lowers the total
cost: role repeats first (weighted heavily), then repeated team-mate pairs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .roles import RoleGroup
from .types import History

ROLE_REPEAT_WEIGHT = 10
MAX_IMPROVEMENT_PASSES = 20
RESTARTS = 8


def hungarian(cost: Sequence[Sequence[int]]) -> list[int]:
    """For a square cost matrix, ``result[row]`` is the column of a minimum-cost assignment."""
    n = len(cost)
    if n == 0:
        return []
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    match = [0] * (n + 1)  # match[column] = row, 1-based; 0 means free
    way = [0] * (n + 1)
    for row in range(1, n + 1):
        match[0] = row
        column = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[column] = True
            current_row = match[column]
            delta = inf
            next_column = 0
            for j in range(1, n + 1):
                if used[j]:
                    continue
                reduced = cost[current_row - 1][j - 1] - u[current_row] - v[j]
                if reduced < minv[j]:
                    minv[j] = reduced
                    way[j] = column
                if minv[j] < delta:
                    delta = minv[j]
                    next_column = j
            for j in range(n + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            column = next_column
            if match[column] == 0:
                break
        while column:
            previous = way[column]
            match[column] = match[previous]
            column = previous
    result = [0] * n
    for j in range(1, n + 1):
        result[match[j] - 1] = j - 1
    return result


def repeats(student: int, group: RoleGroup, names: Sequence[str], history: History) -> int:
    return sum(history.role_count(student, names[position]) for position in group)


def seats_assign(
    members: Sequence[int],
    groups: Sequence[RoleGroup],
    names: Sequence[str],
    history: History,
    rng: random.Random,
    *,
    previous: dict[int, RoleGroup] | None = None,
) -> tuple[list[RoleGroup], int]:
    """Give each member one role group; returns the groups in member order and the repeats.

    With ``previous`` (each member's roles before a change), keeping a member's roles outweighs
    everything else, so a change disturbs as few members as it can.
    """
    size = len(members)
    # Random tie-breaks stay below one unit of real cost, whatever the team size.
    scale = 100 * size + 1
    disruption_scale = scale * (ROLE_REPEAT_WEIGHT * 100 * size + 1)
    cost: list[list[int]] = []
    for student in members:
        row = []
        for group in groups:
            value = repeats(student, group, names, history) * scale + rng.randrange(100)
            if previous is not None:
                old = set(previous.get(student, ()))
                value += len(old.symmetric_difference(group)) * disruption_scale
            row.append(value)
        cost.append(row)
    columns = hungarian(cost)
    chosen = [groups[column] for column in columns]
    total = sum(
        repeats(student, group, names, history)
        for student, group in zip(members, chosen, strict=True)
    )
    return chosen, total


def _pair_cost(student: int, others: Sequence[int], history: History) -> int:
    return sum(history.pair_count(student, other) for other in others if other != student)


def _greedy(students: Sequence[int], sizes: Sequence[int], history: History) -> list[list[int]]:
    teams: list[list[int]] = [[] for _ in sizes]
    for student in students:
        open_teams = [index for index, team in enumerate(teams) if len(team) < sizes[index]]
        # The order of students is already random, so filling in team order is a random split.
        best = min(open_teams, key=lambda index: _pair_cost(student, teams[index], history))
        teams[best].append(student)
    return teams


def teams_assign(
    students: Sequence[int],
    sizes: Sequence[int],
    groups_by_size: dict[int, tuple[RoleGroup, ...]],
    names: Sequence[str],
    history: History,
    rng: random.Random,
) -> list[list[int]]:
    """Split ``students`` (already in seeded random order) into teams of the given sizes.

    Swaps can stall in a local minimum, so while repeats remain the search restarts from
    other random orders (a fixed number of times) and keeps the best split found.
    """
    teams = _greedy(students, sizes, history)
    if history.is_empty:
        return teams
    cache: dict[tuple[int, ...], int] = {}
    best_cost = _improve(teams, groups_by_size, names, history, rng, cache)
    best = teams
    order = list(students)
    for _restart in range(RESTARTS):
        if best_cost == 0:
            break
        rng.shuffle(order)
        teams = _greedy(order, sizes, history)
        cost = _improve(teams, groups_by_size, names, history, rng, cache)
        if cost < best_cost:
            best, best_cost = teams, cost
    return best


def _team_cost(
    team: Sequence[int],
    groups_by_size: dict[int, tuple[RoleGroup, ...]],
    names: Sequence[str],
    history: History,
    cache: dict[tuple[int, ...], int],
) -> int:
    key = tuple(sorted(team))
    if key in cache:
        return cache[key]
    pairs = sum(history.pair_count(a, b) for i, a in enumerate(key) for b in key[i + 1 :])
    role_cost = 0
    if any(student in history.roles_held for student in key):
        # A fixed tie-break stream keeps the cost of a team independent of the search order.
        _chosen, role_cost = seats_assign(
            key, groups_by_size[len(key)], names, history, random.Random(0)
        )
    cache[key] = role_cost * ROLE_REPEAT_WEIGHT + pairs
    return cache[key]


def _improve(
    teams: list[list[int]],
    groups_by_size: dict[int, tuple[RoleGroup, ...]],
    names: Sequence[str],
    history: History,
    rng: random.Random,
    cache: dict[tuple[int, ...], int],
) -> int:
    """Swap students between teams while that lowers the cost; returns the final cost."""
    costs = [_team_cost(team, groups_by_size, names, history, cache) for team in teams]
    for _pass in range(MAX_IMPROVEMENT_PASSES):
        improved = False
        order = list(range(len(teams)))
        rng.shuffle(order)
        for a_index in order:
            if costs[a_index] == 0:
                continue
            for b_index in order:
                if b_index == a_index:
                    continue
                swapped = _best_swap(
                    teams, costs, a_index, b_index, groups_by_size, names, history, cache
                )
                if swapped:
                    improved = True
                if costs[a_index] == 0:
                    break
        if not improved:
            break
    return sum(costs)


def _best_swap(
    teams: list[list[int]],
    costs: list[int],
    a_index: int,
    b_index: int,
    groups_by_size: dict[int, tuple[RoleGroup, ...]],
    names: Sequence[str],
    history: History,
    cache: dict[tuple[int, ...], int],
) -> bool:
    team_a, team_b = teams[a_index], teams[b_index]
    before = costs[a_index] + costs[b_index]
    best: tuple[int, int, int, int, int] | None = None
    for i, a in enumerate(team_a):
        for j, b in enumerate(team_b):
            new_a = [*team_a[:i], b, *team_a[i + 1 :]]
            new_b = [*team_b[:j], a, *team_b[j + 1 :]]
            cost_a = _team_cost(new_a, groups_by_size, names, history, cache)
            cost_b = _team_cost(new_b, groups_by_size, names, history, cache)
            if cost_a + cost_b < before and (best is None or cost_a + cost_b < best[0]):
                best = (cost_a + cost_b, i, j, cost_a, cost_b)
    if best is None:
        return False
    _total, i, j, cost_a, cost_b = best
    team_a[i], team_b[j] = team_b[j], team_a[i]
    costs[a_index], costs[b_index] = cost_a, cost_b
    return True
