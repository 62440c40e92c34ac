"""Exact solver: the candidate graph as a CP-SAT model.

One Boolean per eligible (offer, requirement) pair; a requirement with ``units`` > 1 is one
capacity row, not ``units`` copies (copies multiply symmetric optima and slow the proof).
Every row comes from :mod:`pcrs.engine.constraints`; rows that cannot bind are left out (a
State cap above everything its eligible pledges could ever add), which on generated scenarios
removes most State rows. The spread penalty needs one integer per (State, mission, period)
that could hold two units.

ADR 0003 records why CP-SAT and not a MIP solver.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from pcrs.engine.candidates import Candidates
from pcrs.engine.constraints import CapKey, CapKind, spread_key
from pcrs.engine.params import Params
from pcrs.engine.scoring import spread_penalty


@dataclass
class CpModelBuild:
    """A built model and the handles needed to read or constrain it."""

    model: cp_model.CpModel
    x: list[cp_model.IntVar]
    excess: list[tuple[cp_model.IntVar, list[int]]] = field(default_factory=list)
    # Diagnosis mode only: one assumption literal per cap / must-fill row.
    literals: dict[CapKey, cp_model.IntVar] = field(default_factory=dict)


def _rows(cands: Candidates) -> dict[CapKey, tuple[list[int], list[int]]]:
    rows: dict[CapKey, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for pair in range(len(cands)):
        for key, coef in cands.terms(pair):
            pairs, coefs = rows[key]
            pairs.append(pair)
            coefs.append(coef)
    return rows


def _can_bind(cands: Candidates, key: CapKey, pairs: list[int], coefs: list[int]) -> bool:
    """Whether a row's upper limit can ever be reached, given each offer is used at most once."""
    cap = cands.caps[key]
    if cap.lower > 0:
        return True
    if cap.kind is CapKind.PLEDGE_ONCE:
        return len(pairs) > cap.upper
    most: dict[int, int] = {}
    for pair, coef in zip(pairs, coefs, strict=True):
        offer = cands.pair_offer[pair]
        most[offer] = max(most.get(offer, 0), coef)
    return sum(most.values()) > cap.upper


def build_model(cands: Candidates, *, diagnose: bool = False) -> CpModelBuild:
    """The CP-SAT model of the candidate graph.

    With ``diagnose``, every cap row and every must-fill lower bound is guarded by its own
    assumption literal (and no row is dropped), so that an infeasible model yields a core of
    named constraints; there is no objective then.
    """
    model = cp_model.CpModel()
    # Unnamed variables: names cost memory on a million-pair model and nobody reads them.
    x = [model.new_bool_var("") for _ in range(len(cands))]
    build = CpModelBuild(model, x)
    for key, (pairs, coefs) in _rows(cands).items():
        cap = cands.caps[key]
        if diagnose:
            expr = cp_model.LinearExpr.weighted_sum([x[p] for p in pairs], coefs)
            if cap.upper < sum(coefs):
                literal = model.new_bool_var("")
                model.add(expr <= cap.upper).only_enforce_if(literal)
                build.literals[key] = literal
            if cap.lower > 0:
                literal = model.new_bool_var("")
                model.add(expr >= cap.lower).only_enforce_if(literal)
                build.literals[("must_fill", *cap.subject)] = literal
            continue
        if not _can_bind(cands, key, pairs, coefs):
            continue
        literals = [x[p] for p in pairs]
        if cap.upper == 1 and all(c == 1 for c in coefs):
            if cap.lower == 1:
                model.add_exactly_one(literals)
            else:
                model.add_at_most_one(literals)
        else:
            model.add_linear_constraint(
                cp_model.LinearExpr.weighted_sum(literals, coefs), cap.lower, cap.upper
            )
    if diagnose:
        return build

    penalty = spread_penalty(cands.instance)
    if penalty:
        groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for pair in range(len(cands)):
            groups[spread_key(cands.offer(pair), cands.requirement(pair))].append(pair)
        for pairs in groups.values():
            offers = {cands.pair_offer[p] for p in pairs}
            if len(offers) < 2:
                continue
            # excess >= units - 1; maximising pushes it down to exactly max(0, units - 1).
            excess = model.new_int_var(0, len(offers) - 1, "")
            model.add(sum(x[p] for p in pairs) - 1 <= excess)
            build.excess.append((excess, pairs))
    objective = cp_model.LinearExpr.weighted_sum(x, cands.score)
    if build.excess:
        objective -= penalty * sum(e for e, _ in build.excess)
    model.maximize(objective)
    return build


@dataclass(frozen=True)
class ExactOutcome:
    """Raw CP-SAT result: status name, chosen pairs, objective and bound in integer units."""

    status: str
    pairs: tuple[int, ...]
    objective: int | None
    bound: int | None


def solve_exact(cands: Candidates, params: Params, hint: tuple[int, ...] = ()) -> ExactOutcome:
    """Solve the candidate graph with CP-SAT under the parameters' limits.

    ``hint`` (pair numbers of a feasible plan, usually greedy's) is passed as a solution hint:
    CP-SAT starts its search from it instead of from nothing.
    """
    build = build_model(cands)
    model, x = build.model, build.x
    if hint:
        chosen = set(hint)
        for pair, var in enumerate(x):
            model.add_hint(var, pair in chosen)
        for excess, pairs in build.excess:
            model.add_hint(excess, max(0, sum(p in chosen for p in pairs) - 1))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = params.time_limit
    solver.parameters.num_workers = params.threads
    solver.parameters.random_seed = params.seed
    solver.parameters.relative_gap_limit = params.gap_limit
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactOutcome(name, (), None, None)
    # x were created first, so variable i is pair i in the response's solution vector.
    values = solver.response_proto.solution
    chosen_pairs = tuple(p for p in range(len(x)) if values[p])
    return ExactOutcome(
        name,
        chosen_pairs,
        round(solver.objective_value),
        math.floor(solver.best_objective_bound + 1e-6),
    )
