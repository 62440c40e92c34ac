"""Local search on assignment-like plans (pcrs.engine.local): never worse, always within caps."""

import pytest

from pcrs.engine import Params, prepare
from pcrs.engine.candidates import Candidates
from pcrs.engine.gap import gap_to_problem, generate_gap
from pcrs.engine.generate import generate
from pcrs.engine.greedy import greedy
from pcrs.engine.local import applies, improve
from pcrs.engine.mip import plan_fits
from pcrs.engine.tests.test_gap import _brute_force

FAR = 1e18  # a deadline that never comes


def _cost(cands: Candidates, pairs: tuple[int, ...]) -> int:
    return -sum(int(cands.scores[p]) for p in pairs)


@pytest.mark.parametrize(("kind", "seed"), [("C", 3), ("D", 1), ("D", 3), ("E", 2), ("E", 5)])
def test_local_search_keeps_every_cap_and_never_worsens_the_plan(kind, seed):
    cands = prepare(gap_to_problem(generate_gap(kind, 5, 25, seed=seed)), Params()).cands
    start = greedy(cands)
    assert not start.unfilled_must  # these seeds give greedy a full plan

    polished = improve(cands, start.pairs, FAR)

    assert plan_fits(cands, polished)
    assert sorted(cands.req_of[list(polished)].tolist()) == list(range(25))
    assert _cost(cands, polished) <= _cost(cands, start.pairs)


def test_local_search_improves_a_poor_plan_and_stays_above_the_optimum():
    gap = generate_gap("D", 3, 8, seed=4)
    cands = prepare(gap_to_problem(gap), Params()).cands
    # The worst feasible start greedy can be led to: most expensive pairs first.
    worst_first = sorted(range(len(cands)), key=lambda p: int(cands.scores[p]))
    start = greedy(cands, first=worst_first)
    assert not start.unfilled_must

    polished = improve(cands, start.pairs, FAR)

    assert _cost(cands, polished) < _cost(cands, start.pairs)
    assert _cost(cands, polished) >= _brute_force(gap) * 1000


def test_local_search_leaves_a_weighted_scenario_alone():
    cands = prepare(generate("S", 1), Params()).cands
    plan = greedy(cands).pairs

    assert not applies(cands)
    assert improve(cands, plan, FAR) == plan
