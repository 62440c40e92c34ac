"""Property tests on random small scenarios: every plan valid, exact never worse than greedy."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrs.engine import (
    Bundle,
    Mission,
    PairCost,
    Params,
    Pledge,
    Priority,
    Problem,
    ReadinessLevel,
    Requirement,
    Sense,
    SolverKind,
    StateCaps,
    Status,
    evaluate,
    solve,
    validate,
)

STATES = ["NPL", "BGD", "RWA", "IND", "PAK"]
MISSIONS = ["MINUSCA", "UNMISS"]
CAPS = ["inf", "fpu"]
START = dt.date(2027, 1, 1)


@st.composite
def scenarios(draw: st.DrawFn) -> Problem:
    n_pledges = draw(st.integers(1, 9))
    pledges = tuple(
        Pledge(
            f"P{i}",
            draw(st.sampled_from(STATES)),
            draw(st.sampled_from(CAPS)),
            draw(st.integers(50, 900)),
            level=draw(st.sampled_from(list(ReadinessLevel))),
            available_from=START + dt.timedelta(days=draw(st.integers(0, 120))),
            notice_days=draw(st.sampled_from([0, 30, 60])),
            performance=draw(st.none() | st.floats(0, 1)),
            caveats=frozenset(draw(st.lists(st.sampled_from(MISSIONS), max_size=1))),
        )
        for i in range(n_pledges)
    )
    reqs = tuple(
        Requirement(
            f"R{j}",
            draw(st.sampled_from(MISSIONS)),
            draw(st.sampled_from(CAPS)),
            START + dt.timedelta(days=draw(st.integers(30, 150))),
            units=draw(st.integers(1, 3)),
            priority=draw(st.sampled_from(list(Priority))),
            must_fill=draw(st.booleans()) and draw(st.booleans()),
            period=draw(st.sampled_from(["Q1", "Q2"])),
        )
        for j in range(draw(st.integers(1, 5)))
    )
    states = tuple(
        StateCaps(
            s,
            total=draw(st.none() | st.integers(0, 2000)),
            per_mission={
                m: draw(st.integers(0, 1500))
                for m in draw(st.lists(st.sampled_from(MISSIONS), max_size=1))
            },
            per_period={"Q1": draw(st.integers(0, 1500))} if draw(st.booleans()) else {},
        )
        for s in draw(st.lists(st.sampled_from(STATES), unique=True, max_size=3))
    )
    bundles: tuple[Bundle, ...] = ()
    if n_pledges >= 2 and draw(st.booleans()):
        a, b = pledges[0], pledges[1]
        if a.capability == b.capability:
            bundles = (Bundle("B", (a.id, b.id)),)
    costs = tuple(
        PairCost(p.id, r.id, draw(st.integers(0, 20)))
        for p in pledges
        for r in reqs
        if draw(st.booleans())
    )
    missions = tuple(
        Mission(
            m,
            "CAF" if m == "MINUSCA" else "SSD",
            personnel_ceiling=4000,
            max_state_share=draw(st.sampled_from([None, 0.3])),
        )
        for m in MISSIONS
    )
    return Problem(pledges, reqs, missions, states, bundles, costs)


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
