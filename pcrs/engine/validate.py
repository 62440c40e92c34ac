"""Check any allocation against the labelled constraints that build the model.

The validator trusts nothing: it accepts plans from the solvers, from a file, or typed by hand,
and re-derives every rule and cap from :mod:`pcrs.engine.constraints`: the pair rules'
checks, each cap's coefficients (:func:`cap_terms`) and its sentence (:meth:`Cap.check`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pcrs.engine.constraints import CapKey, cap_terms, caps_of, rejections
from pcrs.engine.instance import Instance
from pcrs.engine.model import Problem
from pcrs.engine.params import Params
from pcrs.engine.result import Allocation, Assignment


@dataclass(frozen=True, order=True)
class Violation:
    """A broken constraint: its label (rule or cap key) and a sentence for the planner."""

    label: str
    message: str


def validate(
    problem: Problem,
    allocation: Allocation | Iterable[Assignment],
    params: Params | None = None,
) -> list[Violation]:
    """Every violated constraint of ``allocation``; an empty list means the plan is valid.

    ``params`` matter because some rules are planning choices (Level 1 allowed, lateness).

    >>> import datetime as dt
    >>> from pcrs.engine.model import Pledge, Requirement
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140, caveats=frozenset({"MINUSCA"})),),
    ...     requirements=(Requirement("R1", "MINUSCA", "fpu", dt.date(2027, 3, 1)),),
    ... )
    >>> [v.message for v in validate(problem, [Assignment("P1", "R1")])]
    ['P1 (NPL) to R1: caveat: no deployment to MINUSCA']
    """
    instance = Instance(problem, params or Params())
    assignments = allocation.assignments if isinstance(allocation, Allocation) else allocation
    violations: list[Violation] = []

    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in assignments:
        if a.pledge not in instance.offer_of_pledge:
            violations.append(Violation("unknown_pledge", f"unknown pledge {a.pledge!r}"))
        elif a.requirement not in instance.requirement_index:
            violations.append(
                Violation("unknown_requirement", f"unknown requirement {a.requirement!r}")
            )
        else:
            groups[instance.offer_of_pledge[a.pledge].id, a.requirement].add(a.pledge)

    offers = {o.id: o for o in instance.offers}
    caps = caps_of(instance)
    usage: dict[CapKey, int] = defaultdict(int)
    where: dict[CapKey, list[str]] = defaultdict(list)
    for (offer_id, req_id), pledges in sorted(groups.items()):
        offer = offers[offer_id]
        req = instance.requirements[instance.requirement_index[req_id]]
        if offer.bundle and pledges != {p.id for p in offer.pledges}:
            missing = sorted({p.id for p in offer.pledges} - pledges)
            violations.append(
                Violation(
                    f"bundle:{offer.id}",
                    f"co-deployment {offer.id} is split: {', '.join(missing)} not sent to {req_id}",
                )
            )
        for rejection in rejections(instance, offer, req):
            violations.append(
                Violation(rejection.label, f"{offer.describe()} to {req_id}: {rejection.message}")
            )
        for key, coef in cap_terms(offer, req):
            if key in caps:
                usage[key] += coef
                where[key].append(req_id)

    for key, cap in caps.items():
        message = cap.check(usage.get(key, 0), sorted(where.get(key, ())))
        if message is not None:
            violations.append(Violation(cap.label, message))
    return violations
