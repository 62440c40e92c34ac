"""Greedy baseline, and the warm start of the exact solver.

Two phases:

1. ``must_fill`` requirements, by *regret* (Martello and Toth's rule for the generalized
   assignment problem): repeatedly serve the requirement that would lose most if its best
   remaining candidate went elsewhere, i.e. the largest gap between its k-th and (k+1)-th best
   feasible candidates, k being the units still missing. Requirements with a single way out go
   first, which is what keeps tight GAP instances feasible.
2. Everything else by marginal score, best first. A pair's marginal score drops by the spread
   penalty once its (State, mission, period) already has a unit; a lazy heap re-inserts a pair
   whose score went stale instead of re-sorting.

Caps only tighten as the plan grows, so a pair that does not fit now never will.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass

from pcrs.engine.candidates import Candidates
from pcrs.engine.constraints import CapKey, spread_key
from pcrs.engine.scoring import spread_penalty


@dataclass(frozen=True)
class GreedyPlan:
    """Chosen pair numbers, and the must-fill requirements greedy could not fill."""

    pairs: tuple[int, ...]
    unfilled_must: tuple[str, ...]


class _Plan:
    def __init__(self, cands: Candidates) -> None:
        self.cands = cands
        self.usage: dict[CapKey, int] = defaultdict(int)
        self.spread: Counter[tuple[str, str, str]] = Counter()
        self.penalty = spread_penalty(cands.instance)
        self.chosen: list[int] = []

    def fits(self, pair: int) -> bool:
        caps, usage = self.cands.caps, self.usage
        return all(usage[key] + coef <= caps[key].upper for key, coef in self.cands.terms(pair))

    def marginal(self, pair: int) -> int:
        key = spread_key(self.cands.offer(pair), self.cands.requirement(pair))
        return self.cands.score[pair] - (self.penalty if self.spread[key] else 0)

    def take(self, pair: int) -> None:
        for key, coef in self.cands.terms(pair):
            self.usage[key] += coef
        self.spread[spread_key(self.cands.offer(pair), self.cands.requirement(pair))] += 1
        self.chosen.append(pair)


def greedy(cands: Candidates) -> GreedyPlan:
    """Build a plan fast; the plan satisfies every cap, not necessarily every must-fill.

    >>> import datetime as dt
    >>> from pcrs.engine.instance import Instance
    >>> from pcrs.engine.model import Pledge, Problem, Requirement, ReadinessLevel
    >>> from pcrs.engine.params import Params
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140),
    ...              Pledge("P2", "BGD", "fpu", 140, level=ReadinessLevel.RDL)),
    ...     requirements=(Requirement("R1", "MINUSCA", "fpu", dt.date(2027, 3, 1)),),
    ... )
    >>> cands = Candidates(Instance(problem, Params()))
    >>> [cands.offer(p).id for p in greedy(cands).pairs]
    ['P2']
    """
    plan = _Plan(cands)
    instance = cands.instance
    missing = {
        r_index: req.units for r_index, req in enumerate(instance.requirements) if req.must_fill
    }
    failed: list[str] = []
    by_req = cands.by_requirement
    while missing:
        best: tuple[float, int, int] | None = None  # (regret, -feasible count, pair)
        for r_index, need in list(missing.items()):
            feasible = sorted(
                (p for p in by_req[r_index] if plan.fits(p)), key=plan.marginal, reverse=True
            )
            if len(feasible) < need:
                failed.append(instance.requirements[r_index].id)
                del missing[r_index]
                continue
            regret = (
                float("inf")
                if len(feasible) == need
                else plan.marginal(feasible[need - 1]) - plan.marginal(feasible[need])
            )
            choice = (regret, -len(feasible), feasible[0])
            if best is None or choice[:2] > best[:2]:
                best = choice
        if best is None:
            break
        pair = best[2]
        plan.take(pair)
        r_index = cands.pair_req[pair]
        missing[r_index] -= 1
        if not missing[r_index]:
            del missing[r_index]

    heap = [(-cands.score[p], p) for p in range(len(cands)) if cands.score[p] > 0]
    heapq.heapify(heap)
    while heap:
        neg_score, pair = heapq.heappop(heap)
        if not plan.fits(pair):
            continue
        current = plan.marginal(pair)
        if current < -neg_score:
            if current > 0:
                heapq.heappush(heap, (-current, pair))
            continue
        plan.take(pair)
    return GreedyPlan(tuple(plan.chosen), tuple(failed))
