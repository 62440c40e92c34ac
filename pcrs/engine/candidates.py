"""The candidate graph: every (offer, requirement) pair that passes the pair rules.

Pairs are generated per capability only (an engineer company is never compared with a
helicopter requirement), so the graph is as large as the real choice, not |offers| x
|requirements|. Arrays are parallel lists indexed by pair number; solvers refer to pairs by
that number.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from pcrs.engine.constraints import Cap, CapKey, build_caps, cap_terms, is_eligible
from pcrs.engine.instance import Instance, Offer
from pcrs.engine.model import Requirement
from pcrs.engine.scoring import pair_score


class Candidates:
    """Eligible pairs of an instance, their integer scores and the caps they touch.

    >>> import datetime as dt
    >>> from pcrs.engine.model import Pledge, Problem, Requirement
    >>> from pcrs.engine.params import Params
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140), Pledge("P2", "BGD", "helo", 100)),
    ...     requirements=(Requirement("R1", "MINUSCA", "fpu", dt.date(2027, 3, 1)),),
    ... )
    >>> cands = Candidates(Instance(problem, Params()))
    >>> [(cands.offer(i).id, cands.requirement(i).id) for i in range(len(cands))]
    [('P1', 'R1')]
    """

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.caps: dict[CapKey, Cap] = build_caps(instance)
        pair_offer: list[int] = []
        pair_req: list[int] = []
        scores: list[int] = []
        caps = self.caps
        for r_index, req in enumerate(instance.requirements):
            for offer in instance.offers_by_capability.get(req.capability, ()):
                # A unit larger than a cap on its own can never be chosen: leave it out of the
                # model (the explainer still names that cap when asked why).
                if is_eligible(instance, offer, req) and all(
                    coef <= caps[key].upper for key, coef in cap_terms(offer, req) if key in caps
                ):
                    pair_offer.append(offer.index)
                    pair_req.append(r_index)
                    scores.append(pair_score(instance, offer, req))
        self.pair_offer = pair_offer
        self.pair_req = pair_req
        self.score = scores

    def __len__(self) -> int:
        return len(self.pair_offer)

    def offer(self, pair: int) -> Offer:
        return self.instance.offers[self.pair_offer[pair]]

    def requirement(self, pair: int) -> Requirement:
        return self.instance.requirements[self.pair_req[pair]]

    def terms(self, pair: int) -> Iterator[tuple[CapKey, int]]:
        """The defined caps this pair counts against, with its coefficient."""
        caps = self.caps
        for key, coefficient in cap_terms(self.offer(pair), self.requirement(pair)):
            if key in caps:
                yield key, coefficient

    @cached_property
    def by_requirement(self) -> list[list[int]]:
        """Pair numbers per requirement index, best score first."""
        out: list[list[int]] = [[] for _ in self.instance.requirements]
        for pair, r_index in enumerate(self.pair_req):
            out[r_index].append(pair)
        for pairs in out:
            pairs.sort(key=lambda p: -self.score[p])
        return out

    @cached_property
    def index(self) -> dict[tuple[int, int], int]:
        """Pair number by (offer index, requirement index)."""
        return {
            (o, r): p for p, (o, r) in enumerate(zip(self.pair_offer, self.pair_req, strict=True))
        }
