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
import time
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from pcrs.engine.candidates import Candidates, IntArray
from pcrs.engine.constraints import CapKey
from pcrs.engine.params import Params
from pcrs.engine.relax import binding_rows, spread_groups
from pcrs.engine.scoring import spread_penalty


@dataclass
class CpModelBuild:
    """A built model and the handles needed to read or constrain it."""

    model: cp_model.CpModel
    x: list[cp_model.IntVar]
    columns: IntArray
    excess: list[tuple[cp_model.IntVar, list[int]]] = field(default_factory=list)
    # Diagnosis mode only: one assumption literal per cap / must-fill row.
    literals: dict[CapKey, cp_model.IntVar] = field(default_factory=dict)


def build_model(
    cands: Candidates, *, diagnose: bool = False, columns: IntArray | None = None
) -> CpModelBuild:
    """The CP-SAT model of the candidate graph, or of the subset ``columns`` of its pairs.

    ``x[k]`` is the Boolean of pair ``columns[k]`` (of pair k when ``columns`` is ``None``).
    With ``diagnose``, every cap row and every must-fill lower bound is guarded by its own
    assumption literal (and no row is dropped), so that an infeasible model yields a core of
    named constraints; there is no objective then.
    """
    model = cp_model.CpModel()
    n = len(cands)
    cols = np.arange(n, dtype=np.int64) if columns is None else columns
    local = np.full(n, -1, dtype=np.int64)
    local[cols] = np.arange(len(cols), dtype=np.int64)
    # Unnamed variables: names cost memory on a large model and nobody reads them.
    x = [model.new_bool_var("") for _ in range(len(cols))]
    build = CpModelBuild(model, x, cols)
    rows = range(len(cands.row_keys)) if diagnose else binding_rows(cands).tolist()
    all_rows = cands.rows
    for row in rows:
        key = cands.row_keys[row]
        cap = cands.caps[key]
        pairs, coefs = all_rows[row]
        if columns is not None:
            keep = local[pairs] >= 0
            pairs, coefs = pairs[keep], coefs[keep]
        if not len(pairs) and cap.lower == 0:
            continue
        literals = [x[k] for k in local[pairs].tolist()]
        coef_list = coefs.tolist()
        expr = cp_model.LinearExpr.weighted_sum(literals, coef_list)
        # Each row is named by its cap's label (state_total:NPL): traceable to its definition.
        if diagnose:
            if cap.upper < sum(coef_list):
                literal = model.new_bool_var("")
                model.add(expr <= cap.upper).only_enforce_if(literal).with_name(cap.label)
                build.literals[key] = literal
            if cap.lower > 0:
                literal = model.new_bool_var("")
                model.add(expr >= cap.lower).only_enforce_if(literal).with_name(
                    f"must_fill:{cap.label}"
                )
                build.literals[("must_fill", *cap.subject)] = literal
            continue
        if cap.upper == 1 and all(c == 1 for c in coef_list):
            if cap.lower == 1:
                model.add_exactly_one(literals).with_name(cap.label)
            else:
                model.add_at_most_one(literals).with_name(cap.label)
        else:
            model.add_linear_constraint(expr, cap.lower, cap.upper).with_name(cap.label)
    if diagnose:
        return build

    penalty = spread_penalty(cands.instance)
    if penalty:
        group, groups = spread_groups(cands)
        in_model = np.zeros(len(cands.spread_keys), dtype=np.bool_)
        in_model[groups] = True
        col_group = group[cols]
        order = np.argsort(col_group, kind="stable")
        sorted_groups = col_group[order]
        edges = np.flatnonzero(np.diff(sorted_groups)) + 1
        for chunk in np.split(order, edges):
            if not len(chunk) or not in_model[col_group[chunk[0]]]:
                continue
            offers = len(set(cands.offer_of[cols[chunk]].tolist()))
            if offers < 2:
                continue
            members = chunk.tolist()
            # excess >= units - 1; maximising pushes it down to exactly max(0, units - 1).
            excess = model.new_int_var(0, offers - 1, "")
            name = "spread:" + ":".join(cands.spread_keys[int(col_group[chunk[0]])])
            model.add(sum(x[k] for k in members) - 1 <= excess).with_name(name)
            build.excess.append((excess, members))
    objective = cp_model.LinearExpr.weighted_sum(x, cands.scores[cols].tolist())
    if build.excess:
        objective -= penalty * sum(e for e, _ in build.excess)
    model.maximize(objective)
    return build


@dataclass(frozen=True)
class ExactOutcome:
    """Raw CP-SAT result: status name, chosen pairs, objective and bound in integer units.

    ``bound`` is CP-SAT's bound of the model it was given: of the full problem only when the
    model held every pair (``complete``).
    """

    status: str
    pairs: tuple[int, ...]
    objective: int | None
    bound: int | None
    complete: bool = True


def solve_exact(
    cands: Candidates,
    params: Params,
    hint: tuple[int, ...] = (),
    columns: IntArray | None = None,
    deadline: float | None = None,
) -> ExactOutcome:
    """Solve the candidate graph (or the ``columns`` subset of it) with CP-SAT.

    ``hint`` (pair numbers of a feasible plan) is passed as a solution hint: CP-SAT starts its
    search from it instead of from nothing. ``params.time_limit`` is the limit of the call;
    with ``deadline`` (a ``time.monotonic()`` value) CP-SAT also stops by then, so the time
    spent building the model comes out of its own.
    """
    build = build_model(cands, columns=columns)
    model, x, cols = build.model, build.x, build.columns
    if hint:
        chosen = np.zeros(len(cands), dtype=np.bool_)
        chosen[list(hint)] = True
        local = chosen[cols].tolist()
        for var, value in zip(x, local, strict=True):
            model.add_hint(var, value)
        for excess, members in build.excess:
            model.add_hint(excess, max(0, sum(local[k] for k in members) - 1))
    solver = cp_model.CpSolver()
    limit = params.time_limit
    if deadline is not None:
        limit = min(limit, deadline - time.monotonic())
    solver.parameters.max_time_in_seconds = max(0.01, limit)
    solver.parameters.num_workers = params.threads
    solver.parameters.random_seed = params.seed
    solver.parameters.relative_gap_limit = params.gap_limit
    status = solver.solve(model)
    name = solver.status_name(status)
    complete = columns is None or len(columns) == len(cands)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactOutcome(name, (), None, None, complete)
    # x were created first, so variable k is column k in the response's solution vector.
    values = np.array(list(solver.response_proto.solution), dtype=np.int64)[: len(x)]
    chosen_pairs = tuple(cols[values > 0].tolist())
    return ExactOutcome(
        name,
        chosen_pairs,
        round(solver.objective_value),
        math.floor(solver.best_objective_bound + 1e-6),
        complete,
    )
