"""The generalized assignment problem through the engine: converter, parser, optimality."""

import itertools

import pytest

from pcrs.engine import Params, Sense, Status, solve, validate
from pcrs.engine.gap import GapInstance, gap_to_problem, generate_gap, parse_orlib

# Hand-made: 2 agents, 4 jobs. Cheapest per job would put jobs 0, 1 and 3 on agent 0, which
# needs 7 + 6 + 5 = 18 > 12 units of its capacity, so the optimum must trade.
HAND = GapInstance(
    cost=((1, 2, 9, 3), (4, 5, 2, 8)),
    resource=((7, 6, 4, 5), (3, 4, 3, 6)),
    capacity=(12, 10),
)


def _brute_force(gap: GapInstance) -> int:
    best = None
    for agents in itertools.product(range(gap.agents), repeat=gap.jobs):
        used = [0] * gap.agents
        for job, agent in enumerate(agents):
            used[agent] += gap.resource[agent][job]
        if all(u <= c for u, c in zip(used, gap.capacity, strict=True)):
            cost = sum(gap.cost[agent][job] for job, agent in enumerate(agents))
            best = cost if best is None else min(best, cost)
    assert best is not None
    return best


def test_hand_made_gap_reaches_the_brute_force_optimum():
    # By hand: job 2 goes to agent 1 (2 vs 9); agent 0 holds at most two of jobs 0, 1, 3:
    # {0, 3} there and {1, 2} on agent 1 costs 4 + 7 = 11, as does {1, 3} with {0, 2} (5 + 6).
    assert _brute_force(HAND) == 11
    problem = gap_to_problem(HAND)
    allocation = solve(problem, Params(time_limit=10))
    assert allocation.status is Status.OPTIMAL
    assert allocation.sense is Sense.MINIMIZE
    assert allocation.objective == pytest.approx(11)
    assert validate(problem, allocation) == []


def test_maximisation_reads_costs_as_profits():
    problem = gap_to_problem(HAND, maximize=True)
    allocation = solve(problem, Params(time_limit=10))
    negated = GapInstance(
        tuple(tuple(-c for c in row) for row in HAND.cost), HAND.resource, HAND.capacity
    )
    assert allocation.objective == pytest.approx(_brute_force(negated))


@pytest.mark.parametrize("kind", ["C", "D", "E"])
def test_random_small_gap_matches_brute_force(kind):
    gap = generate_gap(kind, 3, 8, seed=4)
    allocation = solve(gap_to_problem(gap), Params(time_limit=20))
    assert allocation.status is Status.OPTIMAL
    assert allocation.objective == pytest.approx(_brute_force(gap))


def test_orlib_multi_problem_file_is_split_into_instances():
    one = "2 2  1 2 3 4  5 6 7 8  9 10"
    text = f"2 {one} {one}"
    instances = parse_orlib(text, "gapx")
    assert [g.name for g in instances] == ["gapx-1", "gapx-2"]
    assert instances[0].cost == ((1, 2), (3, 4))
    assert instances[0].resource == ((5, 6), (7, 8))
    assert instances[0].capacity == (9, 10)


def test_gap_with_a_job_too_big_for_every_agent_is_infeasible():
    gap = GapInstance(cost=((1, 1),), resource=((3, 9),), capacity=(8,))
    allocation = solve(gap_to_problem(gap), Params(time_limit=5))
    assert allocation.status is Status.INFEASIBLE
    assert allocation.infeasibility


def test_type_e_has_small_resources_with_a_long_tail_and_costs_falling_with_them():
    gap = generate_gap("E", 10, 200, seed=1)
    resources = sorted(r for row in gap.resource for r in row)
    assert resources[0] >= 1
    assert resources[len(resources) // 2] <= 10 < resources[-1]
    pairs = [
        (r, c)
        for rows in zip(gap.resource, gap.cost, strict=True)
        for r, c in zip(*rows, strict=True)
    ]
    cheap = [c for r, c in pairs if r <= 3]
    dear = [c for r, c in pairs if r >= 20]
    assert min(cheap) > max(dear)
