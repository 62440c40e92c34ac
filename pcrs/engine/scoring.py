"""The objective: score terms of a pair, the one integer scaling, and plan evaluation.

CP-SAT optimises integers. Every float weight becomes an integer through :func:`to_units` and
nowhere else, and :func:`evaluate` computes a plan's objective from the same integers the model
uses, so "exact beats greedy" and "reported objective" compare like with like.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields

from pcrs.engine.constraints import spread_key
from pcrs.engine.instance import Instance, Offer
from pcrs.engine.model import Problem, Requirement
from pcrs.engine.params import Params
from pcrs.engine.result import Allocation, Assignment

#: Score points are multiplied by this before rounding: three decimals of a point survive.
SCALE = 1000


def to_units(points: float) -> int:
    """The only float-to-integer conversion of the objective.

    >>> to_units(2.5), to_units(-0.0004)
    (2500, 0)
    """
    return round(points * SCALE)


def from_units(units: int | float) -> float:
    return units / SCALE


@dataclass(frozen=True)
class ScoreTerms:
    """A pair's score, term by term, in score points (see :class:`~pcrs.engine.params.Weights`).

    ``cost`` and the other terms are signed contributions: cost is zero or negative.
    """

    fill: float = 0.0
    readiness: float = 0.0
    on_time: float = 0.0
    performance: float = 0.0
    language: float = 0.0
    gender: float = 0.0
    cost: float = 0.0
    continuity: float = 0.0

    @property
    def total(self) -> float:
        return sum(value for _, value in self.items())

    def items(self) -> list[tuple[str, float]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


def pair_terms(instance: Instance, offer: Offer, req: Requirement) -> ScoreTerms:
    """Score terms of filling one unit of ``req`` with ``offer``.

    In min-cost mode only cost (and continuity when re-planning) counts: every requirement is
    filled anyway, so the quality terms would only blur the cost being minimised.

    >>> import datetime as dt
    >>> from pcrs.engine.model import Pledge, Problem, Requirement, ReadinessLevel, Priority
    >>> from pcrs.engine.params import Params
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140, level=ReadinessLevel.RDL),),
    ...     requirements=(Requirement("R1", "M", "fpu", dt.date(2027, 3, 1),
    ...                               priority=Priority.CRITICAL),),
    ... )
    >>> instance = Instance(problem, Params())
    >>> pair_terms(instance, instance.offers[0], problem.requirements[0]).total
    128.5
    """
    weights = instance.weights
    cost = -weights.cost * instance.costs.get((offer.id, req.id), 0.0)
    continuity = weights.change if (offer.id, req.id) in instance.previous else 0.0
    if instance.min_cost:
        return ScoreTerms(cost=cost, continuity=continuity)
    if req.languages:
        language_fit = len(req.languages & offer.languages) / len(req.languages)
    else:
        language_fit = 1.0
    if req.min_women_share > 0:
        gender_fit = min(1.0, offer.women_share / req.min_women_share)
    else:
        gender_fit = 1.0
    return ScoreTerms(
        fill=weights.fill(req.priority),
        readiness=weights.readiness(offer.level),
        on_time=weights.on_time if offer.arrival <= req.needed_by else 0.0,
        performance=weights.performance * offer.performance(instance.params.default_performance),
        language=weights.language * language_fit,
        gender=weights.gender * gender_fit,
        cost=cost,
        continuity=continuity,
    )


def pair_score(instance: Instance, offer: Offer, req: Requirement) -> int:
    """The pair's objective coefficient, in integer units."""
    return to_units(pair_terms(instance, offer, req).total)


def spread_penalty(instance: Instance) -> int:
    """Integer penalty per unit beyond the first sharing a :func:`spread_key`."""
    return 0 if instance.min_cost else to_units(instance.weights.spread)


def change_offset(instance: Instance) -> int:
    """Constant part of the re-planning penalty: every previous pair costs ``change`` unless
    kept, and keeping earns it back through the pair's continuity term."""
    return -to_units(instance.weights.change) * (len(instance.previous) + instance.previous_gone)


def evaluate_pairs(instance: Instance, pairs: Iterable[tuple[Offer, Requirement]]) -> int:
    """Objective of a plan given as chosen (offer, requirement) pairs, in integer units.

    The same formula the CP-SAT model maximises: pair scores, minus the spread penalty for each
    unit beyond the first per (State, mission, period), plus the re-planning constant.
    """
    total = change_offset(instance)
    per_key: Counter[tuple[str, str, str]] = Counter()
    for offer, req in pairs:
        total += pair_score(instance, offer, req)
        per_key[spread_key(offer, req)] += 1
    penalty = spread_penalty(instance)
    total -= penalty * sum(count - 1 for count in per_key.values() if count > 1)
    return total


def evaluate(
    problem: Problem,
    allocation: Allocation | Iterable[Assignment],
    params: Params | None = None,
    *,
    previous: Iterable[Assignment] = (),
) -> float:
    """The objective of any plan, in score points (cost when the objective is min-cost).

    The one scoring function behind solver results, benchmarks and tests: it does not check
    validity (see :func:`pcrs.engine.validate.validate`), only adds up what the plan is worth.

    >>> import datetime as dt
    >>> from pcrs.engine.model import Pledge, Requirement, PairCost
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140),),
    ...     requirements=(Requirement("R1", "M", "fpu", dt.date(2027, 3, 1), must_fill=True),),
    ...     costs=(PairCost("P1", "R1", 12.5),),
    ... )
    >>> evaluate(problem, [Assignment("P1", "R1")])
    12.5
    """
    instance = Instance(problem, params or Params(), ((a.pledge, a.requirement) for a in previous))
    assignments = allocation.assignments if isinstance(allocation, Allocation) else allocation
    pairs = {
        (instance.offer_of_pledge[a.pledge], a.requirement)
        for a in assignments
        if a.pledge in instance.offer_of_pledge and a.requirement in instance.requirement_index
    }
    units = evaluate_pairs(
        instance,
        ((offer, problem.requirement(req_id)) for offer, req_id in sorted(pairs, key=_pair_key)),
    )
    return -from_units(units) if instance.min_cost else from_units(units)


def _pair_key(pair: tuple[Offer, str]) -> tuple[int, str]:
    return pair[0].index, pair[1]
