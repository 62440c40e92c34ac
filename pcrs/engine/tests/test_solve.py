"""Solver behaviour on hand-checked scenarios: caps, bundles, priorities, must-fill, re-planning."""

import datetime as dt
import itertools
from dataclasses import replace

import pytest

from pcrs.engine import (
    Allocation,
    Assignment,
    Bundle,
    Mission,
    PairCost,
    Params,
    Priority,
    ReadinessLevel,
    Sense,
    SolverKind,
    StateCaps,
    Status,
    Weights,
    evaluate,
    solve,
    validate,
)
from pcrs.engine.tests.factories import pledge, problem, requirement

FAST = Params(time_limit=10, threads=2, seed=0)
GREEDY = Params(solver=SolverKind.GREEDY)


def _pairs(allocation: Allocation) -> list[tuple[str, str]]:
    return sorted((a.pledge, a.requirement) for a in allocation.assignments)


@pytest.mark.parametrize("params", [FAST, GREEDY], ids=["exact", "greedy"])
def test_state_cap_blocks_second_battalion(params):
    prob = problem(
        [pledge("NPL-1"), pledge("NPL-2")],
        [requirement("R1", units=2)],
        states=(StateCaps("NPL", total=1000),),
    )
    allocation = solve(prob, params)
    assert len(allocation.assignments) == 1
    assert validate(prob, allocation) == []


def test_per_mission_cap_sends_second_unit_elsewhere():
    prob = problem(
        [pledge("P1"), pledge("P2")],
        [requirement("R1", "MINUSCA"), requirement("R2", "MINUSCA"), requirement("R3", "UNMISS")],
        states=(StateCaps("NPL", per_mission={"MINUSCA": 900}),),
    )
    allocation = solve(prob, FAST)
    missions = sorted(prob.requirement(a.requirement).mission for a in allocation.assignments)
    assert missions == ["MINUSCA", "UNMISS"]


def test_per_period_cap_limits_each_quarter_separately():
    prob = problem(
        [pledge(f"P{i}") for i in range(4)],
        [requirement(f"Q1-{i}", period="2027Q1") for i in range(2)]
        + [
            requirement(f"Q2-{i}", period="2027Q2", needed_by=dt.date(2027, 5, 1)) for i in range(2)
        ],
        states=(StateCaps("NPL", per_period={"2027Q1": 900, "2027Q2": 1700}),),
    )
    allocation = solve(prob, FAST)
    periods = sorted(str(prob.requirement(a.requirement).period) for a in allocation.assignments)
    assert periods == ["2027Q1", "2027Q2", "2027Q2"]


def test_mission_share_limit_caps_one_state_in_a_mission():
    prob = problem(
        [pledge("P1"), pledge("P2")],
        [requirement("R1", units=2)],
        missions=(Mission("MINUSCA", "CAF", personnel_ceiling=4000, max_state_share=0.3),),
    )
    assert len(solve(prob, FAST).assignments) == 1  # 30% of 4,000 = 1,200 < 2 x 850


def test_bundle_is_deployed_whole_and_counts_against_both_states():
    prob = problem(
        [
            pledge("NPL-men", personnel=600),
            pledge("DEU-kit", "DEU", personnel=50),
            pledge("X", "PAK"),
        ],
        [requirement("R1")],
        bundles=(Bundle("B1", ("NPL-men", "DEU-kit")),),
        states=(StateCaps("DEU", total=49),),
    )
    # DEU's cap is below its 50 personnel: the bundle cannot go, PAK's unit fills the slot.
    assert _pairs(solve(prob, FAST)) == [("X", "R1")]
    relaxed = problem(
        list(prob.pledges),
        list(prob.requirements),
        bundles=prob.bundles,
        states=(StateCaps("DEU", total=50),),
    )
    relaxed_pledges = [p for p in relaxed.pledges if p.id != "X"]
    only_bundle = problem(relaxed_pledges, list(relaxed.requirements), bundles=prob.bundles)
    assert _pairs(solve(only_bundle, FAST)) == [("DEU-kit", "R1"), ("NPL-men", "R1")]


def test_validator_rejects_a_split_bundle():
    prob = problem(
        [pledge("A"), pledge("B", "DEU")], [requirement("R1")], bundles=(Bundle("B1", ("A", "B")),)
    )
    [violation] = validate(prob, [Assignment("A", "R1")])
    assert violation.label == "bundle:B1"
    assert "B not sent to R1" in violation.message


def test_critical_requirement_is_filled_before_routine_one():
    prob = problem(
        [pledge("ONLY")],
        [
            requirement("ROUTINE", priority=Priority.ROUTINE),
            requirement("CRIT", priority=Priority.CRITICAL),
        ],
    )
    assert _pairs(solve(prob, FAST)) == [("ONLY", "CRIT")]


def test_rdl_is_preferred_over_level_three_over_level_two():
    prob = problem(
        [
            pledge("L2", level=ReadinessLevel.LEVEL_2),
            pledge("RDL", "BGD", level=ReadinessLevel.RDL),
            pledge("L3", "PAK", level=ReadinessLevel.LEVEL_3),
        ],
        [requirement("R1", units=2)],
    )
    assert [a.pledge for a in solve(prob, FAST).assignments] == ["L3", "RDL"]


def test_spread_prefers_a_second_contributor_when_quality_is_equal():
    prob = problem(
        [pledge("NPL-1"), pledge("NPL-2"), pledge("BGD-1", "BGD")], [requirement("R1", units=2)]
    )
    states = {prob.pledge(a.pledge).state for a in solve(prob, FAST).assignments}
    assert states == {"NPL", "BGD"}


def test_all_must_fill_minimises_total_cost():
    prob = problem(
        [pledge("A"), pledge("B", "BGD"), pledge("C", "PAK")],
        [requirement("R1", must_fill=True), requirement("R2", must_fill=True)],
        costs=(
            PairCost("A", "R1", 5),
            PairCost("B", "R1", 1),
            PairCost("C", "R1", 9),
            PairCost("A", "R2", 2),
            PairCost("B", "R2", 3),
            PairCost("C", "R2", 9),
        ),
    )
    allocation = solve(prob, FAST)
    assert allocation.sense is Sense.MINIMIZE
    assert _pairs(allocation) == [("A", "R2"), ("B", "R1")]
    assert allocation.objective == pytest.approx(3.0)
    assert allocation.status is Status.OPTIMAL


def test_must_fill_without_candidates_is_infeasible_naming_the_rule():
    prob = problem(
        [pledge("P1", level=ReadinessLevel.LEVEL_1)], [requirement("R1", must_fill=True)]
    )
    allocation = solve(prob, FAST)
    assert allocation.status is Status.INFEASIBLE
    [reason] = allocation.infeasibility
    assert "R1" in reason and "Level 1 only" in reason


def test_must_fill_blocked_by_state_cap_is_infeasible_naming_the_cap():
    prob = problem(
        [pledge("P1"), pledge("P2")],
        [requirement("R1", units=2, must_fill=True)],
        states=(StateCaps("NPL", total=2000),),
    )
    assert solve(prob, FAST).status is Status.OPTIMAL
    tight = problem(
        list(prob.pledges), list(prob.requirements), states=(StateCaps("NPL", total=1000),)
    )
    allocation = solve(tight, FAST)
    assert allocation.status is Status.INFEASIBLE
    assert allocation.infeasibility == (
        "R1 must be filled with exactly 2 unit(s)",
        "State cap of 1,000 personnel (NPL)",
    )


def test_two_must_fill_requirements_competing_for_one_pledge_name_it():
    prob = problem(
        [pledge("P1")],
        [requirement("R1", must_fill=True), requirement("R2", must_fill=True)],
    )
    allocation = solve(prob, FAST)
    assert allocation.status is Status.INFEASIBLE
    assert "P1 can be deployed only once" in allocation.infeasibility


def test_replanning_after_a_declined_offer_moves_one_unit_only():
    pledges = [pledge(f"P{i}", f"S{i}", level=ReadinessLevel.LEVEL_3) for i in range(6)]
    reqs = [requirement(f"R{i}", priority=Priority.CRITICAL) for i in range(4)]
    prob = problem(pledges, reqs)
    first = solve(prob, FAST)
    assert len(first.assignments) == 4
    declined = first.assignments[0].pledge
    # Two better (RDL) pledges arrive as one is declined. A fresh plan takes both of them and
    # drops a second unit of the old plan; re-planning takes one and keeps the other three.
    newcomers = [pledge(f"NEW{i}", f"NEW{i}", level=ReadinessLevel.RDL) for i in range(2)]
    changed = problem([p for p in pledges if p.id != declined] + newcomers, reqs)
    fresh = solve(changed, replace(FAST, weights=Weights(change=0.0)), previous=first)
    # Without a change penalty, plans that swap equal units are equally good: at least two.
    assert {"NEW0", "NEW1"} <= {a.pledge for a in fresh.assignments}
    assert fresh.changes is not None and fresh.changes >= 2
    stable = solve(changed, FAST, previous=first)
    assert stable.changes == 1
    assert len(set(first.pairs) & set(stable.pairs)) == 3
    assert validate(changed, stable) == []


def test_objective_reported_equals_shared_scoring_function():
    prob = problem(
        [pledge("A"), pledge("B", "BGD", level=ReadinessLevel.RDL), pledge("C", "NPL")],
        [requirement("R1", units=2), requirement("R2", priority=Priority.CRITICAL)],
    )
    for params in (FAST, GREEDY):
        allocation = solve(prob, params)
        assert allocation.objective == pytest.approx(evaluate(prob, allocation, params))


def test_greedy_reports_feasible_never_optimal():
    prob = problem([pledge("A")], [requirement("R1")])
    allocation = solve(prob, GREEDY)
    assert allocation.status is Status.FEASIBLE
    assert allocation.best_bound is None


def test_progress_callback_hears_each_phase_with_the_best_plan_and_bound_so_far():
    from pcrs.engine.solve import Progress
    from pcrs.engine.tests.factories import pledge, problem, requirement

    prob = problem(
        [pledge("P1"), pledge("P2", state="BGD")],
        [requirement("R1", units=2)],
    )
    heard: list[Progress] = []
    allocation = solve(prob, Params(time_limit=5), on_progress=heard.append)
    phases = [p.phase for p in heard]
    assert phases[0] == "prepared" and phases[-1] == "cp_sat"
    assert "greedy" in phases
    last = heard[-1]
    assert last.objective == allocation.objective
    assert last.bound is not None and allocation.objective is not None
    assert last.bound >= allocation.objective
    assert all(a.seconds <= b.seconds for a, b in itertools.pairwise(heard))


def test_a_progress_callback_that_raises_stops_the_solve():
    from pcrs.engine.tests.factories import pledge, problem, requirement

    class Stop(Exception):
        pass

    def stop(_progress: object) -> None:
        raise Stop

    prob = problem([pledge("P1")], [requirement("R1")])
    with pytest.raises(Stop):
        solve(prob, Params(time_limit=5), on_progress=stop)
