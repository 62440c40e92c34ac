"""Large-neighbourhood search on assignment-like plans (pcrs.engine.lns): it reaches plans
that shifts and ejection chains cannot, and never breaks a cap."""

import importlib
import time

from pcrs.engine import Params, prepare, solve, validate
from pcrs.engine.candidates import Candidates
from pcrs.engine.exact import ExactOutcome
from pcrs.engine.gap import gap_to_problem, generate_gap
from pcrs.engine.generate import generate
from pcrs.engine.greedy import greedy
from pcrs.engine.lns import improve
from pcrs.engine.local import improve as local_improve
from pcrs.engine.mip import plan_fits

FAR = 1e18  # a deadline that never comes
#: Seconds of search: the neighbourhoods of this small instance hold most of its jobs, so a
#: few sub-models reach the optimum (in 0.5 s on the bench machine).
SEARCH = 2.0
#: GAP C 5x25 seed 3: shifts and ejection chains stop at 521 from greedy's plan; plain CP-SAT
#: proves 495 optimal.
OPTIMUM = 495


def _cost(cands: Candidates, pairs: tuple[int, ...]) -> int:
    return -sum(int(cands.scores[p]) for p in pairs) // 1000


def test_neighbourhoods_improve_a_plan_where_shifts_and_chains_stop():
    gap = generate_gap("C", 5, 25, seed=3)
    cands = prepare(gap_to_problem(gap), Params()).cands
    stuck = local_improve(cands, greedy(cands).pairs, FAR)
    assert local_improve(cands, stuck, FAR) == stuck  # no shift or two-move chain improves

    better = improve(cands, stuck, time.monotonic() + SEARCH, seed=1)

    assert plan_fits(cands, better)
    assert sorted(cands.req_of[list(better)].tolist()) == list(range(25))
    assert _cost(cands, better) < _cost(cands, stuck)
    assert _cost(cands, better) >= OPTIMUM


def test_neighbourhoods_leave_a_weighted_scenario_alone():
    cands = prepare(generate("S", 1), Params()).cands
    plan = greedy(cands).pairs

    assert improve(cands, plan, time.monotonic() + SEARCH) == plan


def test_solve_polishes_a_plan_highs_left_short_with_neighbourhoods(monkeypatch):
    # HiGHS stopped by its limit at a plan shifts and chains cannot improve, and CP-SAT then
    # found nothing: the plan returned is the neighbourhoods' better one, and valid.
    problem = gap_to_problem(generate_gap("C", 5, 25, seed=3))
    params = Params(time_limit=10, relaxation=False)  # the hint: greedy's plan, polished
    prepared = prepare(problem, params)
    cands = prepared.cands
    stuck = local_improve(cands, greedy(cands).pairs, FAR)
    engine = importlib.import_module("pcrs.engine.solve")  # the module, not solve()
    highs = ExactOutcome("FEASIBLE", stuck, int(cands.scores[list(stuck)].sum()), None)
    monkeypatch.setattr(engine, "solve_mip", lambda *args: highs)
    monkeypatch.setattr(
        engine, "solve_exact", lambda *a, **k: ExactOutcome("UNKNOWN", (), None, None)
    )

    allocation = solve(problem, params, prepared=prepared)

    assert not validate(problem, allocation)
    assert allocation.objective is not None
    assert OPTIMUM <= allocation.objective < _cost(cands, stuck)
