"""Why a must-fill scenario has no plan, in the constraints' own words.

Only ``must_fill`` makes a scenario infeasible (every other constraint is a limit that the
empty plan meets), so the diagnosis looks for the smallest set of must-fill requirements and
caps that cannot hold together, in two steps:

1. a requirement with fewer eligible candidates than units: name the rules rejecting the rest;
2. otherwise, solve the model with one assumption literal per row, take CP-SAT's infeasible
   core, and shrink it by deletion (drop a row, re-solve, keep it out if still infeasible).
   The result is an irreducible infeasible subset when every re-solve finishes in time, and a
   sufficient one otherwise; either way each item is a labelled constraint.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from pcrs.engine.candidates import Candidates
from pcrs.engine.constraints import CapKey, rejections
from pcrs.engine.exact import build_model

# Deletion filtering re-solves once per core member; cap the effort so a diagnosis of a large
# scenario stays a matter of seconds.
_MAX_RESOLVES = 40
_RESOLVE_SECONDS = 2.0


def must_fill_shortfalls(cands: Candidates) -> list[str]:
    """Must-fill requirements with fewer eligible candidates than units, with the reasons.

    Empty when every must-fill requirement has enough candidates on its own.
    """
    instance = cands.instance
    messages = []
    for r_index, req in enumerate(instance.requirements):
        eligible = len(cands.by_requirement[r_index])
        if not req.must_fill or eligible >= req.units:
            continue
        rejected: dict[str, list[str]] = defaultdict(list)
        for offer in instance.offers_by_capability.get(req.capability, ()):
            for rejection in rejections(instance, offer, req)[:1]:
                # Group by rule; the first offer's sentence stands for the group.
                rejected[rejection.label].append(f"{offer.id}: {rejection.message}")
        head = (
            f"{req.id} ({req.mission}, {req.capability}) must be filled with {req.units} "
            f"unit(s) but has {eligible} eligible candidate(s)"
        )
        if not rejected:
            messages.append(f"{head}: no pledge offers {req.capability}")
            continue
        parts = [
            f"{len(items)} rejected by {label} (e.g. {items[0]})"
            for label, items in sorted(rejected.items(), key=lambda kv: -len(kv[1]))
        ]
        messages.append(f"{head}; " + "; ".join(parts))
    return messages


def _infeasible(
    build_model_: cp_model.CpModel, assumptions: list[cp_model.IntVar], seconds: float
) -> tuple[bool, list[int]]:
    build_model_.clear_assumptions()
    build_model_.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    # Cores come from the sequential search; one worker keeps them small and deterministic.
    solver.parameters.num_workers = 1
    status = solver.solve(build_model_)
    if status != cp_model.INFEASIBLE:
        return False, []
    return True, list(solver.sufficient_assumptions_for_infeasibility())


def infeasible_core(cands: Candidates, seconds: float = 10.0) -> list[str]:
    """Labelled constraints that together admit no plan; empty if none was proven.

    >>> import datetime as dt
    >>> from pcrs.engine.instance import Instance
    >>> from pcrs.engine.model import Pledge, Problem, Requirement, StateCaps
    >>> from pcrs.engine.params import Params
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140), Pledge("P2", "NPL", "fpu", 140)),
    ...     requirements=(Requirement("R1", "M", "fpu", dt.date(2027, 3, 1), units=2,
    ...                               must_fill=True),),
    ...     states=(StateCaps("NPL", total=200),),
    ... )
    >>> for line in infeasible_core(Candidates(Instance(problem, Params()))):
    ...     print(line)
    R1 must be filled with exactly 2 unit(s)
    State cap of 200 personnel (NPL)
    """
    build = build_model(cands, diagnose=True)
    by_index = {lit.index: key for key, lit in build.literals.items()}
    literal_of = build.literals
    proven, core_indices = _infeasible(build.model, list(literal_of.values()), seconds)
    if not proven:
        return []
    core: list[CapKey] = [by_index[i] for i in core_indices if i in by_index]
    resolves = 0
    for key in list(core):
        if resolves >= _MAX_RESOLVES:
            break
        if key not in core:
            continue
        trial = [k for k in core if k != key]
        resolves += 1
        still, smaller = _infeasible(build.model, [literal_of[k] for k in trial], _RESOLVE_SECONDS)
        if still:
            keep = {by_index[i] for i in smaller if i in by_index}
            core = [k for k in trial if k in keep] if keep else trial
    messages: list[str] = []
    for key in sorted(core, key=lambda k: (k[0] != "must_fill", k)):
        if key[0] == "must_fill":
            key = ("requirement_units", *key[1:])  # noqa: PLW2901 - same row, its wording
        message = cands.caps[key].describe()
        if message not in messages:
            messages.append(message)
    return messages
