"""The vectorised candidate graph, the LP relaxation and its bound, dives, restricted models."""

import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrs.engine import Params, SolverKind, Status, evaluate, solve, validate
from pcrs.engine.candidates import Candidates, reference_pairs
from pcrs.engine.constraints import CapKind, cap_terms
from pcrs.engine.gap import gap_to_problem, generate_gap
from pcrs.engine.generate import generate
from pcrs.engine.greedy import greedy
from pcrs.engine.instance import Instance
from pcrs.engine.model import Problem
from pcrs.engine.relax import (
    binding_rows,
    dive,
    improve_bound,
    initial_columns,
    lagrangian_bound,
    solve_relaxation,
    solve_relaxation_pdlp,
)
from pcrs.engine.result import Allocation
from pcrs.engine.scoring import evaluate_pairs
from pcrs.engine.solve import Prepared, prepare, to_assignments
from pcrs.engine.tests.strategies import scenarios

FAR = 1e18  # a deadline that never comes (time.monotonic() is far smaller)


def _same_graph(instance: Instance) -> None:
    cands = Candidates(instance)
    assert list(zip(cands.pair_offer, cands.pair_req, cands.score, strict=True)) == (
        reference_pairs(instance)
    )
    for pair in range(len(cands)):
        offer, req = cands.offer(pair), cands.requirement(pair)
        expected = [(k, c) for k, c in cap_terms(offer, req) if k in cands.caps]
        assert list(cands.terms(pair)) == expected
        rows = [
            (cands.row_keys[row], c)
            for row, c in cands.pair_rows(offer.index, cands.pair_req[pair])
        ]
        assert sorted(rows) == sorted(expected)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.booleans(), st.booleans())
def test_vectorised_candidates_equal_the_pair_by_pair_definitions(problem, level_1, women):
    params = Params(allow_level_1=level_1, enforce_women_share=women, max_late_days=30)
    _same_graph(Instance(problem, params))


def test_vectorised_candidates_on_a_generated_tier():
    _same_graph(Instance(generate("S", seed=3), Params()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 2**32 - 1))
def test_lagrangian_bound_holds_for_any_multipliers(problem, seed):
    """The bound never falls below the optimum, whatever the multipliers."""
    exact = solve(problem, Params(time_limit=10, threads=1, relaxation=False))
    if exact.status is not Status.OPTIMAL:
        return
    prepared = prepare(problem, Params())
    cands = prepared.cands
    # A bundle is one pair but one assignment per member: count each (offer, requirement) once.
    offer_of = prepared.instance.offer_of_pledge
    pairs = {(offer_of[a.pledge].index, a.requirement) for a in exact.assignments}
    optimum = evaluate_pairs(
        prepared.instance,
        ((prepared.instance.offers[o], problem.requirement(r)) for o, r in sorted(pairs)),
    )
    rng = np.random.default_rng(seed)
    rows = binding_rows(cands)
    for _ in range(5):
        row_dual = rng.normal(0, 50_000, len(cands.row_keys))
        group_dual = rng.uniform(-1_000, 10_000, len(cands.spread_keys))
        assert lagrangian_bound(cands, row_dual, group_dual, rows) >= optimum - 1e-6
    relaxation = solve_relaxation(cands, FAR, np.arange(len(cands)))
    if relaxation.bound is not None:
        assert relaxation.bound >= optimum


def _optimum(problem: Problem) -> tuple[Prepared | None, int]:
    """The proven optimum (integer units) of a small problem, or None."""
    exact = solve(problem, Params(time_limit=10, threads=1, relaxation=False))
    if exact.status is not Status.OPTIMAL:
        return None, 0
    prepared = prepare(problem, Params())
    offer_of = prepared.instance.offer_of_pledge
    pairs = {(offer_of[a.pledge].index, a.requirement) for a in exact.assignments}
    optimum = evaluate_pairs(
        prepared.instance,
        ((prepared.instance.offers[o], problem.requirement(r)) for o, r in sorted(pairs)),
    )
    return prepared, optimum


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 2**32 - 1), st.sampled_from([0.0, 0.5, 0.9, 1.0]))
def test_subgradient_bound_never_falls_below_the_optimum(problem, seed, share):
    """From any multipliers, towards any target, every bound the subgradient meets holds."""
    prepared, optimum = _optimum(problem)
    if prepared is None:
        return
    cands = prepared.cands
    rng = np.random.default_rng(seed)
    starts = [
        (
            np.abs(rng.normal(0, 20_000, len(cands.row_keys))),
            rng.uniform(0, 5_000, len(cands.spread_keys)),
        )
    ]
    # Duals of a restricted LP (one pair per unit), as on a large tier.
    relaxation = solve_relaxation(cands, FAR, initial_columns(cands, 1))
    if relaxation.multipliers is not None:
        starts.append(relaxation.multipliers)
    for multipliers in starts:
        # The target is the best plan's value: anything up to the optimum (or a poor plan).
        target = share * optimum
        bound = improve_bound(cands, multipliers, target, FAR, max_iterations=40)
        assert bound >= optimum - 1e-6


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_reported_bound_never_below_the_exact_optimum(problem):
    """With a restricted model the reported bound is the Lagrangian one, subgradient included."""
    exact = solve(problem, Params(time_limit=10, threads=1, relaxation=False))
    if exact.status is not Status.OPTIMAL:
        return
    allocation = solve(problem, Params(time_limit=10, threads=1, max_model_pairs=0))
    if allocation.best_bound is not None and allocation.objective is not None:
        # Reported in points, maximised or as a cost.
        assert exact.objective is not None
        if allocation.sense.value == "maximize":
            assert allocation.best_bound >= exact.objective - 1e-9
        else:
            assert allocation.best_bound <= exact.objective + 1e-9


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_pdlp_bound_never_falls_below_the_optimum(problem):
    """PDLP's iterate is approximate; the bound from its duals must hold all the same."""
    prepared, optimum = _optimum(problem)
    if prepared is None:
        return
    relaxation = solve_relaxation_pdlp(prepared.cands, time.monotonic() + 5, threads=1)
    if relaxation.bound is not None:
        assert relaxation.bound >= optimum
    assert np.all((relaxation.values >= 0) & (relaxation.values <= 1))


def test_pdlp_bound_matches_the_simplex_lp_when_it_converges():
    cands = prepare(generate("S", seed=2), Params()).cands
    simplex = solve_relaxation(cands, FAR, np.arange(len(cands)))
    first_order = solve_relaxation_pdlp(cands, time.monotonic() + 30, threads=2)
    assert first_order.complete
    assert simplex.bound is not None
    assert first_order.bound is not None
    # Never below the LP optimum; above it only by PDLP's tolerance (1e-4 relative by default).
    assert simplex.bound - 2 <= first_order.bound <= simplex.bound * 1.001
    assert first_order.lp_value == pytest.approx(simplex.lp_value, rel=1e-3)


@pytest.mark.parametrize("seed", [1, 3])
def test_solve_through_pdlp_gives_a_valid_plan_no_worse_than_greedy(seed):
    """The large-graph path (forced here on tier S): PDLP, rounding, restricted CP-SAT."""
    problem = generate("S", seed=seed)
    prepared = prepare(problem, Params())
    optimum = solve(problem, Params(time_limit=20, threads=2), prepared=prepared)
    assert optimum.status is Status.OPTIMAL
    through_pdlp = solve(
        problem,
        Params(time_limit=20, threads=2, pdlp_above_pairs=0, max_model_pairs=0),
        prepared=prepared,
    )
    greedy_plan = solve(problem, Params(solver=SolverKind.GREEDY), prepared=prepared)
    assert validate(problem, through_pdlp) == []
    assert through_pdlp.objective is not None
    assert through_pdlp.best_bound is not None
    assert optimum.objective is not None
    assert greedy_plan.objective is not None
    assert greedy_plan.objective - 1e-9 <= through_pdlp.objective <= optimum.objective + 1e-9
    assert through_pdlp.best_bound >= optimum.objective - 1e-9


def test_lp_bound_by_column_generation_equals_the_full_lp():
    cands = prepare(generate("S", seed=2), Params()).cands
    full = solve_relaxation(cands, FAR, np.arange(len(cands)))
    assert full.complete
    assert full.bound is not None
    assert full.lp_value is not None
    # Duals are optimal: the Lagrangian bound is the LP value (up to the unit of slack).
    assert full.bound == pytest.approx(full.lp_value, abs=2)
    small = solve_relaxation(cands, FAR, initial_columns(cands, 1))
    assert small.complete
    assert small.bound == pytest.approx(full.bound, abs=2)


def test_dive_and_lp_rounding_give_valid_plans_at_least_as_good_as_greedy_here():
    problem = generate("S", seed=4)
    prepared = prepare(problem, Params())
    cands, instance = prepared.cands, prepared.instance
    relaxation = solve_relaxation(cands, FAR, np.arange(len(cands)))
    plain = greedy(cands)
    for share in (0.05, 0.2):
        plan = greedy(cands, first=dive(cands, FAR, relaxation, share))
        assert not plan.unfilled_must
        value = evaluate_pairs(
            instance, ((cands.offer(p), cands.requirement(p)) for p in plan.pairs)
        )
        assert relaxation.bound is not None
        assert value <= relaxation.bound
        pairs = solve(problem, Params(solver=SolverKind.GREEDY), prepared=prepared)
        assert validate(problem, pairs) == []
        assert len(plan.pairs) >= len(plain.pairs) - 5


def test_restricted_model_keeps_a_valid_plan_and_the_full_bound():
    problem = generate("S", seed=1)
    full = solve(problem, Params(time_limit=20, threads=2))
    assert full.status is Status.OPTIMAL
    restricted = solve(problem, Params(time_limit=20, threads=2, max_model_pairs=10))
    assert validate(problem, restricted) == []
    assert restricted.best_bound is not None
    assert restricted.objective is not None
    assert full.objective is not None
    # The bound is the full problem's (from the LP), so it is never below the true optimum.
    assert restricted.best_bound >= full.objective - 1e-9
    assert restricted.objective <= full.objective + 1e-9
    if restricted.status is Status.OPTIMAL:
        assert restricted.objective == pytest.approx(full.objective)


def test_prepared_problem_is_shared_between_greedy_and_exact():
    problem = generate("S", seed=5)
    params = Params(time_limit=20, threads=2)
    prepared = prepare(problem, params)
    shared = solve(problem, params, prepared=prepared)
    fresh = solve(problem, params)
    assert shared.objective == pytest.approx(fresh.objective)
    greedy_plan = solve(problem, Params(solver=SolverKind.GREEDY), prepared=prepared)
    assert greedy_plan.objective == pytest.approx(evaluate(problem, greedy_plan))
    # A prepared problem built under other planning rules is not reused.
    other = solve(problem, Params(solver=SolverKind.GREEDY, allow_level_1=True), prepared=prepared)
    assert validate(problem, other, Params(allow_level_1=True)) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_greedy_fills_every_job_of_tight_gap_instances(seed):
    problem = gap_to_problem(generate_gap("D", 5, 40, seed=seed))
    allocation = solve(problem, Params(solver=SolverKind.GREEDY))
    assert allocation.status is Status.FEASIBLE
    assert validate(problem, allocation) == []


@pytest.mark.parametrize("kind", ["C", "E"])
def test_greedy_out_of_time_still_returns_a_plan_within_every_cap(kind):
    """Past its deadline greedy drops the regret rule, not the caps."""
    problem = gap_to_problem(generate_gap(kind, 10, 100, seed=1))
    prepared = prepare(problem, Params())
    cands, instance = prepared.cands, prepared.instance
    hurried = greedy(cands, deadline=0.0)
    allocation = Allocation(Status.FEASIBLE, to_assignments(cands, hurried.pairs))
    violations = validate(problem, allocation)
    # Only must-fill shortfalls are allowed, and exactly those greedy reports.
    kind_of = {v.label.split(":")[0] for v in violations}
    assert kind_of <= {CapKind.REQUIREMENT_UNITS.value}
    assert {v.label.split(":")[1] for v in violations} == set(hurried.unfilled_must)
    filled = len({cands.req_of[p] for p in hurried.pairs})
    assert filled + len(hurried.unfilled_must) == len(instance.requirements)
