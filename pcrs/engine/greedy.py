"""Greedy baseline, and the warm start of the exact solver.

Two phases:

1. ``must_fill`` requirements, by *regret* (Martello and Toth's rule for the generalized
   assignment problem): repeatedly serve the requirement that would lose most if its best
   remaining candidate went elsewhere, i.e. the largest gap between its k-th and (k+1)-th best
   feasible candidates, k being the units still missing. Requirements with a single way out go
   first, which is what keeps tight GAP instances feasible. A must-fill requirement left with
   no fitting candidate gets a *repair*: one chosen pair that blocks it is moved to another
   candidate of its own requirement (a one-step ejection chain), which frees the cap.
2. Everything else by marginal score, best first (one sort of the pairs, then a scan). A
   pair's marginal score drops by the spread penalty once its (State, mission, period) already
   has a unit; a lazy heap re-inserts a pair whose score went stale instead of re-sorting.

``first`` (pair numbers, e.g. ranked by an LP solution) are tried before both phases, in
order: this is how the exact solver rounds its LP relaxation into a plan.

Caps only tighten as the plan grows, so a pair that does not fit now never will.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pcrs.engine.candidates import Candidates
from pcrs.engine.scoring import spread_penalty


@dataclass(frozen=True)
class GreedyPlan:
    """Chosen pair numbers, and the must-fill requirements greedy could not fill."""

    pairs: tuple[int, ...]
    unfilled_must: tuple[str, ...]


class _Plan:
    """A growing plan: row usage, spread counts, chosen pairs (all by number)."""

    def __init__(self, cands: Candidates) -> None:
        self.cands = cands
        self.upper: list[int] = cands.row_upper.tolist()
        self.usage: list[int] = [0] * len(self.upper)
        self.spread: Counter[tuple[str, str, str]] = Counter()
        self.penalty = spread_penalty(cands.instance)
        self.chosen: dict[int, None] = {}
        # Pairs found not to fit. Caps only tighten while pairs are taken, so they never will;
        # forget them (``revive``) when a pair is dropped.
        self.dead = bytearray(len(cands))
        self.offer_of = cands.pair_offer
        self.req_of = cands.pair_req
        self.score = cands.score
        offers, reqs = cands.instance.offers, cands.instance.requirements
        self._state = [o.state for o in offers]
        self._mission = [r.mission for r in reqs]
        self._period = [r.period or "" for r in reqs]

    def rows(self, pair: int) -> list[tuple[int, int]]:
        return self.cands.pair_rows(self.offer_of[pair], self.req_of[pair])

    def fits(self, pair: int) -> bool:
        usage, upper = self.usage, self.upper
        return all(usage[row] + coef <= upper[row] for row, coef in self.rows(pair))

    def spread_key(self, pair: int) -> tuple[str, str, str]:
        r = self.req_of[pair]
        return self._state[self.offer_of[pair]], self._mission[r], self._period[r]

    def marginal(self, pair: int) -> int:
        return self.score[pair] - (self.penalty if self.spread[self.spread_key(pair)] else 0)

    def take(self, pair: int) -> None:
        for row, coef in self.rows(pair):
            self.usage[row] += coef
        self.spread[self.spread_key(pair)] += 1
        self.chosen[pair] = None

    def drop(self, pair: int) -> None:
        for row, coef in self.rows(pair):
            self.usage[row] -= coef
        self.spread[self.spread_key(pair)] -= 1
        del self.chosen[pair]

    def best_feasible(self, pairs: list[int], need: int) -> tuple[list[int], int]:
        """The ``need + 1`` best fitting pairs by marginal score, and how many were scanned
        fitting. ``pairs`` are in score order, so the scan stops once no later pair can beat
        the ones kept (a marginal score never exceeds the score)."""
        found: list[tuple[int, int]] = []
        dead = self.dead
        for pair in pairs:
            if dead[pair]:
                continue
            if len(found) > need and self.score[pair] <= -found[need][0]:
                break
            if self.fits(pair):
                found.append((-self.marginal(pair), pair))
                found.sort()
            else:
                dead[pair] = 1
        return [pair for _, pair in found], len(found)

    def revive(self, dropped: set[int]) -> None:
        """Forget that pairs sharing a row with a ``dropped`` pair did not fit."""
        dead = np.frombuffer(self.dead, dtype=np.uint8)
        rows = self.cands.rows
        for pair in dropped:
            for row, _ in self.rows(pair):
                dead[rows[row][0]] = 0


def _repair(plan: _Plan, cands: Candidates, r_index: int) -> bool:
    """Fit one more unit into must-fill requirement ``r_index`` by moving one chosen pair.

    For each candidate pair of the requirement that does not fit, try each chosen pair sharing
    a full row with it: move that pair to another candidate of its own requirement (or drop it
    when its requirement is not must-fill), and take the candidate if it now fits.
    """
    must = {r for r, req in enumerate(cands.instance.requirements) if req.must_fill}
    by_req = cands.by_requirement
    for pair in by_req[r_index]:
        if pair in plan.chosen:
            continue
        blocked = {row for row, coef in plan.rows(pair) if plan.usage[row] + coef > plan.upper[row]}
        for other in list(plan.chosen):
            if not blocked & {row for row, _ in plan.rows(other)}:
                continue
            plan.drop(other)
            if plan.fits(pair):
                other_req = plan.req_of[other]
                plan.take(pair)
                if other_req not in must:
                    return True
                for alt in by_req[other_req]:
                    if alt != other and alt not in plan.chosen and plan.fits(alt):
                        plan.take(alt)
                        return True
                plan.drop(pair)
            plan.take(other)
    return False


def greedy(
    cands: Candidates, first: Sequence[int] = (), deadline: float | None = None
) -> GreedyPlan:
    """Build a plan fast; the plan satisfies every cap, not necessarily every must-fill.

    Past ``deadline`` (a ``time.monotonic()`` value) the must-fill requirements still open are
    served in order, each by its best fitting pairs, without the regret rule: on a very large
    must-fill problem a quick plan beats an exceeded time limit.

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
    offer_used = [False] * len(instance.offers)
    left = [req.units for req in instance.requirements]

    def take(pair: int) -> None:
        plan.take(pair)
        o, r = plan.offer_of[pair], plan.req_of[pair]
        offer_used[o] = True
        left[r] -= 1
        if r in missing:
            missing[r] -= 1
            if not missing[r]:
                del missing[r]

    for pair in first:
        o, r = plan.offer_of[pair], plan.req_of[pair]
        if offer_used[o] or left[r] <= 0 or not plan.fits(pair):
            continue
        if r in missing or plan.marginal(pair) > 0:
            take(pair)
    failed: list[str] = []
    by_req = cands.by_requirement
    # Each requirement's best fitting pairs, kept until a pair taken touches one of their rows
    # or spread groups (caps only tighten, so nothing else can change them): without this,
    # every step rescanned every must-fill requirement (GAP 80x1600: 77 s, now a few).
    cache: dict[int, tuple[int, list[int], int]] = {}  # requirement -> (need, pairs, count)
    readers: dict[object, set[int]] = defaultdict(set)  # row or spread key -> requirements

    def best_feasible(r_index: int, need: int) -> tuple[list[int], int]:
        kept = cache.get(r_index)
        if kept is not None and kept[0] == need:
            return kept[1], kept[2]
        feasible, count = plan.best_feasible(by_req[r_index], need)
        cache[r_index] = (need, feasible, count)
        for pair in feasible:
            for row, _ in plan.rows(pair):
                readers[row].add(r_index)
            readers[plan.spread_key(pair)].add(r_index)
        return feasible, count

    def taken(pair: int) -> None:
        for key in [row for row, _ in plan.rows(pair)] + [plan.spread_key(pair)]:
            for r_index in readers.pop(key, ()):
                cache.pop(r_index, None)

    while missing:
        if deadline is not None and time.monotonic() > deadline:
            for r_index in list(missing):
                for pair in by_req[r_index]:
                    if r_index not in missing:
                        break
                    if not offer_used[plan.offer_of[pair]] and plan.fits(pair):
                        take(pair)
                if r_index in missing:
                    failed.append(instance.requirements[r_index].id)
                    del missing[r_index]
            break
        best: tuple[float, int, int] | None = None  # (regret, -feasible count, pair)
        before: set[int] = set()  # the plan before a repair
        for r_index, need in list(missing.items()):
            feasible, count = best_feasible(r_index, need)
            if count < need:
                before = set(plan.chosen)
                if _repair(plan, cands, r_index):
                    best = (float("inf"), 0, -1)
                    missing[r_index] -= 1
                    if not missing[r_index]:
                        del missing[r_index]
                    break
                failed.append(instance.requirements[r_index].id)
                del missing[r_index]
                continue
            regret = (
                float("inf")
                if count == need
                else plan.marginal(feasible[need - 1]) - plan.marginal(feasible[need])
            )
            choice = (regret, -count, feasible[0])
            if best is None or choice[:2] > best[:2]:
                best = choice
        if best is None:
            break
        pair = best[2]
        if pair < 0:
            # A repair took the unit (and may have moved another pair): recount, rescan.
            cache.clear()
            readers.clear()
            plan.revive(before - plan.chosen.keys())
            offer_used = [False] * len(instance.offers)
            left = [req.units for req in instance.requirements]
            for chosen in plan.chosen:
                offer_used[plan.offer_of[chosen]] = True
                left[plan.req_of[chosen]] -= 1
            continue
        take(pair)
        taken(pair)

    def attempt(pair: int, stored: int, heap: list[tuple[int, int]]) -> None:
        o, r = plan.offer_of[pair], plan.req_of[pair]
        if offer_used[o] or left[r] <= 0 or not plan.fits(pair):
            return
        current = plan.marginal(pair)
        if current < stored:
            if current > 0:
                heapq.heappush(heap, (-current, pair))
            return
        take(pair)

    heap: list[tuple[int, int]] = []
    score = plan.score
    positive = np.flatnonzero(cands.scores > 0)
    order: list[int] = positive[np.argsort(-cands.scores[positive], kind="stable")].tolist()
    at, n = 0, len(order)
    while at < n or heap:
        if heap and (at >= n or -heap[0][0] >= score[order[at]]):
            neg, pair = heapq.heappop(heap)
            attempt(pair, -neg, heap)
        else:
            pair = order[at]
            at += 1
            attempt(pair, score[pair], heap)
    return GreedyPlan(tuple(plan.chosen), tuple(failed))
