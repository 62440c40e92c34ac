"""A problem prepared for solving: offers, lookups and the chosen objective.

The unit of allocation is an :class:`Offer`: a single pledge, or a co-deployment bundle whose
pledges go together or not at all. Making the bundle one decision (instead of one decision per
member tied by equalities) keeps bundles all-or-nothing by construction, in every solver.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from pcrs.engine.model import Pledge, Problem, ReadinessLevel, Requirement
from pcrs.engine.params import ObjectiveKind, Params


@dataclass(frozen=True, eq=False)
class Offer:
    """One decision unit: a pledge, or the pledges of a co-deployment bundle.

    A bundle is as ready as its least ready member, arrives with its last member, speaks the
    languages any member speaks, and counts each member's personnel against that member's State.
    """

    index: int
    id: str
    pledges: tuple[Pledge, ...]
    bundle: str | None = None

    @property
    def lead(self) -> Pledge:
        return self.pledges[0]

    @property
    def state(self) -> str:
        """The State credited with the unit (the bundle's first pledge) for spread."""
        return self.lead.state

    @property
    def capability(self) -> str:
        return self.lead.capability

    @cached_property
    def states(self) -> frozenset[str]:
        return frozenset(p.state for p in self.pledges)

    @cached_property
    def personnel_by_state(self) -> tuple[tuple[str, int], ...]:
        totals: dict[str, int] = defaultdict(int)
        for pledge in self.pledges:
            totals[pledge.state] += pledge.personnel
        return tuple(sorted(totals.items()))

    @cached_property
    def personnel(self) -> int:
        return sum(p.personnel for p in self.pledges)

    @cached_property
    def level(self) -> ReadinessLevel:
        return min(p.level for p in self.pledges)

    @cached_property
    def arrival(self) -> dt.date:
        return max(p.arrival for p in self.pledges)

    @cached_property
    def languages(self) -> frozenset[str]:
        return frozenset().union(*(p.languages for p in self.pledges))

    @cached_property
    def caveats(self) -> frozenset[str]:
        return frozenset().union(*(p.caveats for p in self.pledges))

    @cached_property
    def women_share(self) -> float:
        return sum(p.women for p in self.pledges) / self.personnel

    def performance(self, default: float) -> float:
        known = [p.performance for p in self.pledges if p.performance is not None]
        return sum(known) / len(known) if known else default

    def describe(self) -> str:
        """``P12 (NPL)`` or ``bundle B3: P12 (NPL) + P40 (DEU)``."""
        members = " + ".join(f"{p.id} ({p.state})" for p in self.pledges)
        return f"bundle {self.id}: {members}" if self.bundle else members


class Instance:
    """Read-only lookups shared by the solvers, the validator and the explainer.

    Built once per solve; nothing mutates it afterwards.

    >>> from pcrs.engine.model import Pledge, Requirement, Problem
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140),),
    ...     requirements=(Requirement("R1", "MINUSCA", "fpu", dt.date(2027, 3, 1)),),
    ... )
    >>> Instance(problem, Params()).offer_of_pledge["P1"].describe()
    'P1 (NPL)'
    """

    def __init__(
        self,
        problem: Problem,
        params: Params,
        previous: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.problem = problem
        self.params = params
        self.weights = params.weights
        self.objective = params.objective_for(
            bool(problem.requirements) and all(r.must_fill for r in problem.requirements)
        )
        self.min_cost = self.objective is ObjectiveKind.MIN_COST

        bundle_of: dict[str, str] = {}
        offers: list[Offer] = []
        for bundle in problem.bundles:
            members = tuple(problem.pledge(pid) for pid in bundle.pledges)
            offers.append(Offer(len(offers), bundle.id, members, bundle=bundle.id))
            bundle_of.update(dict.fromkeys(bundle.pledges, bundle.id))
        for pledge in problem.pledges:
            if pledge.id not in bundle_of:
                offers.append(Offer(len(offers), pledge.id, (pledge,)))
        self.offers: tuple[Offer, ...] = tuple(offers)
        self.offer_of_pledge: Mapping[str, Offer] = {
            p.id: o for o in self.offers for p in o.pledges
        }
        by_capability: dict[str, list[Offer]] = defaultdict(list)
        for offer in self.offers:
            by_capability[offer.capability].append(offer)
        self.offers_by_capability: Mapping[str, tuple[Offer, ...]] = {
            cap: tuple(group) for cap, group in by_capability.items()
        }
        self.requirements: tuple[Requirement, ...] = problem.requirements
        self.requirement_index: Mapping[str, int] = {
            r.id: i for i, r in enumerate(problem.requirements)
        }

        # A bundle's pair cost is the sum of its members' costs to that requirement.
        costs: dict[tuple[str, str], float] = defaultdict(float)
        for pair in problem.costs:
            costs[self.offer_of_pledge[pair.pledge].id, pair.requirement] += pair.cost
        self.costs: Mapping[tuple[str, str], float] = dict(costs)
        exclusions: dict[tuple[str, str], list[str]] = defaultdict(list)
        for ex in problem.exclusions:
            exclusions[self.offer_of_pledge[ex.pledge].id, ex.requirement].append(
                f"{ex.pledge}: {ex.reason}"
            )
        self.exclusions: Mapping[tuple[str, str], tuple[str, ...]] = {
            k: tuple(v) for k, v in exclusions.items()
        }
        # Previous plan as (offer id, requirement id) pairs: a kept pair earns the change weight
        # back, so the objective charges exactly one penalty per previous pair not kept.
        previous = tuple(previous)
        kept = {
            (self.offer_of_pledge[pledge_id].id, req_id)
            for pledge_id, req_id in previous
            if pledge_id in self.offer_of_pledge and req_id in self.requirement_index
        }
        self.previous: frozenset[tuple[str, str]] = frozenset(kept)
        # Previous assignments whose pledge or requirement has gone (a declined offer): changes
        # that no plan can avoid, counted so that "changes" in the result tells the truth.
        self.previous_gone: int = sum(
            1
            for pledge_id, req_id in previous
            if pledge_id not in self.offer_of_pledge or req_id not in self.requirement_index
        )
