"""Property tests on random small scenarios: every plan valid, exact never worse than greedy.

The scenarios come from :mod:`pcrs.engine.tests.strategies` (every rule and cap kind occurs;
``test_rule_definitions`` checks that it keeps occurring).
"""

from hypothesis import HealthCheck, given, settings

from pcrs.engine import (
    Params,
    Sense,
    SolverKind,
    Status,
    evaluate,
    solve,
    validate,
)
from pcrs.engine.tests.strategies import scenarios


def _no_worse(exact: float, greedy: float, sense: Sense) -> bool:
    return exact >= greedy - 1e-9 if sense is Sense.MAXIMIZE else exact <= greedy + 1e-9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_returned_plan_validates_and_exact_beats_greedy(problem):
    exact = solve(problem, Params(time_limit=10, threads=1))
    greedy = solve(problem, Params(solver=SolverKind.GREEDY))
    for allocation in (exact, greedy):
        if allocation.status in (Status.OPTIMAL, Status.FEASIBLE):
            # Caps, rules and bundles all-or-nothing are all checked by the validator.
            assert validate(problem, allocation) == []
            assert allocation.objective == evaluate(problem, allocation)
    if greedy.status is Status.FEASIBLE:
        assert exact.status is Status.OPTIMAL
        assert exact.objective is not None and greedy.objective is not None
        assert _no_worse(exact.objective, greedy.objective, exact.sense)
    if exact.status is Status.INFEASIBLE:
        assert exact.infeasibility
        assert greedy.status is not Status.FEASIBLE


@settings(max_examples=40, deadline=None)
@given(scenarios())
def test_bundles_are_all_or_nothing(problem):
    allocation = solve(problem, Params(time_limit=10, threads=1))
    chosen = {a.pledge: a.requirement for a in allocation.assignments}
    for bundle in problem.bundles:
        destinations = {chosen.get(p) for p in bundle.pledges}
        assert len(destinations) == 1
