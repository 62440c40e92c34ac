"""The plain GAP models of the benchmark (benchmarks/gap_plain.py) find the optimum the engine
finds, so that `make bench` compares like with like."""

from __future__ import annotations

import doctest
import itertools

import pytest

from benchmarks import gap_plain
from benchmarks.gap_plain import plan_cost, plan_is_feasible, solve_cpsat, solve_highs
from pcrs.engine import Params, Status, solve
from pcrs.engine.gap import GapInstance, gap_to_problem, generate_gap


def _brute_force_optimum(gap: GapInstance) -> int:
    feasible = (
        plan
        for plan in itertools.product(range(gap.agents), repeat=gap.jobs)
        if plan_is_feasible(gap, plan)
    )
    return min(plan_cost(gap, plan) for plan in feasible)


@pytest.mark.parametrize("kind", ["C", "D", "E"])
def test_plain_models_find_the_known_optimum_and_agree_with_the_engine(kind):
    gap = generate_gap(kind, 3, 8, seed=4)  # 3^8 = 6,561 plans: small enough to enumerate
    optimum = _brute_force_optimum(gap)

    # HiGHS fixes its thread pool at its first solve in a process (the engine's may have
    # come first here): keep HiGHS's own default, as the engine does.
    cpsat, highs = solve_cpsat(gap, 20, threads=1), solve_highs(gap, 20, threads=None)
    engine = solve(gap_to_problem(gap), Params(time_limit=20, threads=1))

    assert (cpsat.status, cpsat.cost) == ("OPTIMAL", optimum)
    assert (highs.status, highs.cost) == ("OPTIMAL", optimum)
    assert plan_is_feasible(gap, cpsat.plan)
    assert plan_is_feasible(gap, highs.plan)
    assert cpsat.bound is not None and cpsat.bound <= optimum + 1e-6
    assert highs.bound is not None and highs.bound <= optimum + 1e-6
    assert (engine.status, engine.objective) == (Status.OPTIMAL, optimum)


def test_plan_is_feasible_refuses_an_agent_over_its_capacity():
    gap = GapInstance(cost=((1, 1),), resource=((3, 3),), capacity=(5,))

    assert not plan_is_feasible(gap, (0, 0))


def test_docstring_examples_hold():
    assert doctest.testmod(gap_plain).failed == 0
