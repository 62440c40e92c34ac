"""HiGHS's MIP on the candidate graph (pcrs.engine.mip) and its place in solve() (ADR 0120)."""

import threading
import time

import pytest

from pcrs.engine import Params, SolverKind, Status, prepare, solve, validate
from pcrs.engine.gap import gap_to_problem, generate_gap
from pcrs.engine.generate import generate
from pcrs.engine.mip import _model, plan_fits, solve_mip
from pcrs.engine.relax import binding_rows
from pcrs.engine.scoring import from_units
from pcrs.engine.tests.test_gap import HAND, _brute_force


@pytest.mark.parametrize("kind", ["C", "D", "E"])
def test_highs_reaches_the_brute_force_optimum_with_a_valid_bound(kind):
    gap = generate_gap(kind, 3, 8, seed=4)
    cands = prepare(gap_to_problem(gap), Params()).cands

    outcome = solve_mip(cands, time.monotonic() + 20)

    assert outcome.status == "OPTIMAL"
    assert plan_fits(cands, outcome.pairs)
    # Scores are minus the cost, in units: the bound is an upper bound of -cost.
    assert outcome.objective is not None and outcome.bound is not None
    assert -from_units(outcome.objective) == pytest.approx(_brute_force(gap))
    assert -from_units(outcome.bound) <= _brute_force(gap)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_stopped_highs_still_gives_a_valid_bound_and_a_plan_that_fits(seed):
    gap = generate_gap("D", 3, 9, seed=seed)
    cands = prepare(gap_to_problem(gap), Params()).cands

    outcome = solve_mip(cands, time.monotonic())  # no time at all: whatever it has

    if outcome.bound is not None:
        assert -from_units(outcome.bound) <= _brute_force(gap)
    if outcome.objective is not None:
        assert plan_fits(cands, outcome.pairs)
        assert -from_units(outcome.objective) >= _brute_force(gap)


def test_every_highs_row_is_a_labelled_binding_cap_row():
    cands = prepare(gap_to_problem(generate_gap("E", 4, 12, seed=1)), Params()).cands

    model, variables, scale = _model(cands)

    labels = {cands.caps[cands.row_keys[row]].label for row in binding_rows(cands).tolist()}
    names = {constraint.name for constraint in model.linear_constraints()}
    assert names == labels
    assert len(variables) == len(cands)
    assert scale == 1000  # GAP costs are whole points: HiGHS sees the published integers


def test_plan_fits_refuses_a_plan_over_an_agents_capacity():
    cands = prepare(gap_to_problem(HAND), Params()).cands
    pair = {(cands.offer(p).id, cands.requirement(p).id): p for p in range(len(cands))}

    def plan(*agents: int) -> tuple[int, ...]:
        return tuple(pair[f"A{a:02d}-J{j + 1:04d}", f"J{j + 1:04d}"] for j, a in enumerate(agents))

    # Cheapest per job puts jobs 1, 2 and 4 on agent 1: 18 units of its 12.
    assert not plan_fits(cands, plan(1, 1, 2, 1))
    assert plan_fits(cands, plan(1, 2, 2, 1))  # one of the optima (cost 11)
    assert not plan_fits(cands, plan(1, 2, 2))  # a job left without an agent


@pytest.mark.parametrize(("kind", "seed"), [("C", 3), ("D", 1), ("E", 3)])  # greedy fills all
def test_solve_with_highs_is_valid_never_worse_than_greedy_and_leaves_no_thread(kind, seed):
    gap = generate_gap(kind, 5, 25, seed=seed)
    problem = gap_to_problem(gap)
    prepared = prepare(problem, Params())
    threads_before = set(threading.enumerate())

    allocation = solve(problem, Params(time_limit=5, threads=2, seed=seed), prepared=prepared)

    assert set(threading.enumerate()) == threads_before
    assert validate(problem, allocation) == []
    baseline = solve(problem, Params(solver=SolverKind.GREEDY), prepared=prepared)
    assert allocation.objective is not None and allocation.best_bound is not None
    assert baseline.objective is not None
    assert allocation.objective <= baseline.objective  # costs: never worse than greedy
    assert allocation.best_bound <= allocation.objective


@pytest.mark.parametrize("mip_below_pairs", [0, 50_000])
def test_solve_reaches_the_optimum_with_and_without_highs(mip_below_pairs):
    gap = generate_gap("D", 3, 8, seed=5)

    allocation = solve(
        gap_to_problem(gap), Params(time_limit=20, threads=2, mip_below_pairs=mip_below_pairs)
    )

    assert allocation.status is Status.OPTIMAL
    assert allocation.objective == pytest.approx(_brute_force(gap))
    assert allocation.best_bound == pytest.approx(_brute_force(gap))


@pytest.mark.parametrize("seed", [1, 2])
def test_highs_on_a_weighted_model_pays_the_spread_and_proves_cp_sats_optimum(seed):
    """Tier S: scores to maximise, minus the spread penalty per unit beyond the first sharing a
    (State, mission, period). Without the spread rows HiGHS would reach a higher objective
    than the optimum (4,806.6 against 4,791.6 on seed 1)."""
    problem = generate("S", seed)
    prepared = prepare(problem, Params())
    exact = solve(problem, Params(time_limit=20, threads=2, mip_below_pairs=0), prepared=prepared)
    assert exact.status is Status.OPTIMAL

    outcome = solve_mip(prepared.cands, time.monotonic() + 20)

    assert outcome.status == "OPTIMAL"
    assert plan_fits(prepared.cands, outcome.pairs)
    assert outcome.objective is not None and outcome.objective == outcome.bound
    assert from_units(outcome.objective) == pytest.approx(exact.objective)
