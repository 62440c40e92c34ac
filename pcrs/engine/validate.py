"""Check any allocation against the labelled constraints that build the model.

The validator trusts nothing: it accepts plans from the solvers, from a file, or typed by hand,
and re-derives every rule and cap from :mod:`pcrs.engine.constraints`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pcrs.engine.constraints import CapKey, CapKind, build_caps, cap_terms, rejections
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
    caps = build_caps(instance)
    usage: dict[CapKey, int] = defaultdict(int)
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

    for key, cap in caps.items():
        used = usage.get(key, 0)
        if used > cap.upper:
            if cap.kind is CapKind.PLEDGE_ONCE:
                where = sorted(r for (o, r) in groups if o == cap.subject[0])
                message = f"{cap.subject[0]} is deployed {used} times ({', '.join(where)})"
            else:
                message = f"{cap.describe()} exceeded: {used:,}"
            violations.append(Violation(cap.label, message))
        elif used < cap.lower:
            violations.append(Violation(cap.label, f"{cap.describe()}: {used} assigned"))
    return violations
