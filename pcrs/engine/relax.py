"""The LP relaxation of the candidate graph: a plan to round, and a bound that is always valid.

The relaxation is solved with GLOP (OR-Tools' simplex) by *column generation*: start from a
restricted set of pairs (the best few per requirement, plus any plan at hand), solve, price
every pair of the full graph against the duals with numpy, add the pairs whose reduced score
is positive, and repeat until none is left or time runs out.

Whatever the duals are (optimal, approximate, or from a restricted LP), the Lagrangian bound

    sum over rows of (dual x the row's limit on the side the dual's sign selects)
    + sum over spread rows of their dual
    + sum over all pairs of max(0, reduced score)

is an upper bound of the *full* problem (of its LP relaxation, hence of every plan): the
pairs' [0, 1] boxes are the only constraints kept, and every pair of the full graph is priced.
At the LP optimum it equals the LP value. So a bound is reported even when the model handed to
CP-SAT is restricted to a subset of pairs, and it never depends on that subset.

On graphs too large for the simplex (tier L: 2.2 million pairs, 10.6 million nonzeros, where
column generation with GLOP or HiGHS stalls on the degenerate LP),
:func:`solve_relaxation_pdlp` solves the whole LP at once with PDLP, OR-Tools' first-order
method: its iterate is never exactly optimal, but its duals go through the same Lagrangian
bound (valid for any multipliers) and its primal is rounded like the simplex's (ADR 0004).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse
from ortools.linear_solver import pywraplp
from ortools.pdlp import solve_log_pb2, solvers_pb2
from ortools.pdlp.python import pdlp

from pcrs.engine.candidates import Candidates, FloatArray, IntArray
from pcrs.engine.constraints import CapKind
from pcrs.engine.scoring import spread_penalty

# Pairs added per pricing round, at most, and the reduced score (integer units) below which
# a pair is not worth adding.
_ADD_PER_ROUND = 30_000
_ADD_PER_REQUIREMENT = 2
_PRICE_EPS = 1e-6
# A PDLP iterate is interior-ish: pairs at or below this value are noise, not support (and
# stay out of the restricted CP-SAT model).
_SUPPORT = 0.05


@dataclass(frozen=True)
class Relaxation:
    """The LP solution over all pairs (zeros outside the final columns) and the bound.

    ``bound`` is in integer objective units, without the re-planning constant; ``None`` when
    the LP could not be solved in time. ``complete`` tells whether pricing proved no pair was
    missing (the LP value is then the LP optimum of the full graph).
    """

    values: FloatArray
    bound: int | None
    lp_value: float | None
    columns: IntArray
    complete: bool
    rounds: int
    #: The multipliers behind ``bound`` (rows, spread groups), for :func:`improve_bound`.
    multipliers: tuple[FloatArray, FloatArray] | None = None


def binding_rows(cands: Candidates) -> IntArray:
    """Row numbers whose limit some set of pairs could exceed (given each offer is used once),
    plus every must-fill row. The others hold for any plan and are left out of models."""
    n_rows = len(cands.row_keys)
    offers = np.int64(len(cands.instance.offers))
    key = cands.term_row * offers + cands.offer_of[cands.term_pair]
    unique, first = np.unique(key, return_index=True)
    most = np.zeros(n_rows, dtype=np.int64)
    np.add.at(most, unique // offers, cands.term_coef[first])
    binding = (most > cands.row_upper) | (cands.row_lower > 0)
    # "Each offer is used once" is itself a row: it binds as soon as the offer has two pairs.
    pairs_per_row = np.bincount(cands.term_row, minlength=n_rows)
    once = np.array([key[0] == CapKind.PLEDGE_ONCE.value for key in cands.row_keys], dtype=bool)
    binding |= once & (pairs_per_row > cands.row_upper)
    return np.flatnonzero(binding)


def spread_groups(cands: Candidates) -> tuple[IntArray, IntArray]:
    """Per pair its spread group, and the groups that can hold units of two offers."""
    group = cands.spread_group
    n_groups = len(cands.spread_keys)
    key = group * np.int64(len(cands.instance.offers)) + cands.offer_of
    distinct = np.bincount(
        np.unique(key) // np.int64(len(cands.instance.offers)), minlength=n_groups
    )
    return group, np.flatnonzero(distinct >= 2)


def lagrangian_bound(
    cands: Candidates, row_dual: FloatArray, group_dual: FloatArray, rows: IntArray
) -> float:
    return lagrangian_multipliers(cands, row_dual, group_dual, rows)[0]


def lagrangian_multipliers(
    cands: Candidates, row_dual: FloatArray, group_dual: FloatArray, rows: IntArray
) -> tuple[float, FloatArray, FloatArray]:
    """The bound of the module docstring for the given multipliers (valid for any of them).

    The multipliers of requirement and offer rows are then improved by coordinate descent
    (:func:`_coordinate_descent`); every bound met is valid, the smallest is returned. This
    matters when the duals come from an LP over a few pairs: the pairs it never saw would
    otherwise count in full.
    """
    y = np.zeros(len(cands.row_keys), dtype=np.float64)
    y[rows] = row_dual[rows]
    penalty = float(spread_penalty(cands.instance))
    z = np.clip(group_dual, 0.0, penalty) if penalty else np.zeros_like(group_dual)
    best = _bound(cands, y, z)
    descended, y_best = _coordinate_descent(cands, y, z)
    if descended < best:
        return descended, y_best, z
    return best, y, z


def _coordinate_descent(
    cands: Candidates, y: FloatArray, z: FloatArray, sweeps: int = 12
) -> tuple[float, FloatArray]:
    """Improve the multipliers of the requirement rows and the offer rows by exact block
    minimisation, in turns (the other multipliers fixed), and return the best bound met.

    For a requirement of u units the best multiplier is the u-th largest of its pairs'
    reduced scores (taken with the current multiplier added back), floored at 0 unless the
    requirement is must-fill; for an offer it is the largest. Each step can only lower the
    bound, and every intermediate bound is valid.
    """
    once = np.array(cands.once_rows, dtype=np.int64)
    units_rows = np.array(cands.units_rows, dtype=np.int64)
    units = np.array([r.units for r in cands.instance.requirements], dtype=np.int64)
    must = cands.row_lower[units_rows] > 0
    y = y.copy()
    reduced = _reduced(cands, y, z)
    best = _bound_from(cands, y, z, reduced)
    best_y = y.copy()
    req_of, offer_of = cands.req_of, cands.offer_of
    by_offer = np.argsort(offer_of, kind="stable")
    offers_sorted = offer_of[by_offer]
    offer_starts = np.flatnonzero(np.r_[True, offers_sorted[1:] != offers_sorted[:-1]])
    counts = np.bincount(req_of, minlength=len(units))
    has = counts >= units
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    for _ in range(sweeps):
        if not len(reduced):
            break
        # Requirements: pairs are numbered by requirement, so a sort by (req, -value) works.
        shifted = reduced + y[units_rows][req_of]
        order = np.lexsort((-shifted, req_of))
        kth = np.zeros(len(units), dtype=np.float64)
        kth[has] = shifted[order[starts[has] + units[has] - 1]]
        new = np.where(must, kth, np.maximum(kth, 0.0))
        reduced -= (new - y[units_rows])[req_of]
        y[units_rows] = new
        # Offers: one unit each, the largest.
        shifted = reduced + y[once][offer_of]
        most = np.maximum.reduceat(shifted[by_offer], offer_starts)
        new_o = y[once].copy()
        new_o[offers_sorted[offer_starts]] = np.maximum(most, 0.0)
        reduced -= (new_o - y[once])[offer_of]
        y[once] = new_o
        bound = _bound_from(cands, y, z, reduced)
        if bound > best - 1e-9 * abs(best):
            if bound < best:
                best, best_y = bound, y.copy()
            break
        best, best_y = bound, y.copy()
    return best, best_y


def improve_bound(
    cands: Candidates,
    multipliers: tuple[FloatArray, FloatArray],
    target: float,
    deadline: float,
    *,
    max_iterations: int = 10_000,
    descent_every: int = 0,
    initial_step: float = 0.1,
    patience: int = 10,
) -> float:
    """Lower the Lagrangian bound by projected subgradient steps over every row, from
    ``multipliers`` (the LP's), and return the smallest bound met (each one is valid).

    Polyak steps towards ``target`` (the best plan's value, a lower estimate of the dual
    minimum), rows scaled by their largest coefficient (personnel rows count in persons),
    the step multiplier halved after a few steps without progress; every ``descent_every``
    steps one sweep of exact coordinate descent on the requirement and offer multipliers
    (0: none; on tier L plain steps did better in the same time), and two sweeps at the end.
    Rows with a lower limit (must-fill) take multipliers of either sign, the others >= 0;
    spread multipliers stay in [0, penalty]. O(pairs) numpy work per step.
    """
    n_rows = len(cands.row_keys)
    upper = cands.row_upper.astype(np.float64)
    lower = cands.row_lower.astype(np.float64)
    free = cands.row_lower > 0
    scale = np.ones(n_rows, dtype=np.float64)
    np.maximum.at(scale, cands.term_row, np.abs(cands.term_coef).astype(np.float64))
    inv_sq = 1.0 / scale**2
    penalty = float(spread_penalty(cands.instance))
    n_groups = len(cands.spread_keys) if penalty else 0
    group = cands.spread_group if penalty else None
    term_row, term_pair = cands.term_row, cands.term_pair
    term_coef = cands.term_coef.astype(np.float64)
    y, z = multipliers[0].copy(), multipliers[1].copy()
    reduced = _reduced(cands, y, z)
    best = _bound_from(cands, y, z, reduced)
    best_y, best_z = y, z
    theta, stall = initial_step, 0
    for iteration in range(1, max_iterations + 1):
        if time.monotonic() >= deadline or theta < 1e-4:
            break
        x = (reduced > 0).astype(np.float64)
        ax = np.bincount(term_row, weights=term_coef * x[term_pair], minlength=n_rows)
        g = np.where(
            y > 0,
            upper - ax,
            np.where(y < 0, lower - ax, np.minimum(upper - ax, 0.0) + np.maximum(lower - ax, 0.0)),
        )
        # Moving a multiplier at its floor further down changes nothing: not a direction.
        g[~free & (y <= 0) & (g > 0)] = 0.0
        gz = np.zeros(0)
        if group is not None:
            gz = 1.0 - np.bincount(group, weights=x, minlength=n_groups)
            gz[((z <= 0) & (gz > 0)) | ((z >= penalty) & (gz < 0))] = 0.0
        norm = float((g * g * inv_sq).sum() + (gz * gz).sum() / max(penalty, 1.0) ** 2)
        if norm <= 0:
            break  # x is feasible and complementary: the bound is the optimum
        current = _bound_from(cands, y, z, reduced)
        step = theta * max(current - target, 1e-6 * max(1.0, abs(current))) / norm
        y = y - step * g * inv_sq
        y[~free] = np.maximum(y[~free], 0.0)
        if group is not None:
            z = np.clip(z - step * gz / max(penalty, 1.0) ** 2, 0.0, penalty)
        if descent_every and iteration % descent_every == 0:
            _, y = _coordinate_descent(cands, y, z, sweeps=1)
        reduced = _reduced(cands, y, z)
        bound = _bound_from(cands, y, z, reduced)
        if bound < best - 1e-7 * abs(best):
            best, best_y, best_z, stall = bound, y, z, 0
        else:
            stall += 1
            if stall >= patience:
                # Halve the step and go back to the best multipliers met.
                theta, stall, y, z = theta / 2.0, 0, best_y, best_z
                reduced = _reduced(cands, y, z)
    if time.monotonic() < deadline:
        best = min(best, _coordinate_descent(cands, best_y, best_z, sweeps=2)[0])
    return best


def _reduced(cands: Candidates, y: FloatArray, z: FloatArray) -> FloatArray:
    priced = np.bincount(
        cands.term_pair, weights=y[cands.term_row] * cands.term_coef, minlength=len(cands)
    )
    reduced: FloatArray = cands.scores.astype(np.float64) - priced
    if spread_penalty(cands.instance):
        reduced -= z[cands.spread_group]
    return reduced


def _bound(cands: Candidates, y: FloatArray, z: FloatArray) -> float:
    return _bound_from(cands, y, z, _reduced(cands, y, z))


def _bound_from(cands: Candidates, y: FloatArray, z: FloatArray, reduced: FloatArray) -> float:
    upper = cands.row_upper.astype(np.float64)
    lower = cands.row_lower.astype(np.float64)
    rows_part = np.where(y >= 0, y * upper, y * lower).sum()
    return float(rows_part + z.sum() + np.maximum(reduced, 0.0).sum())


def reduced_scores(cands: Candidates, row_dual: FloatArray, group_dual: FloatArray) -> FloatArray:
    priced = np.bincount(
        cands.term_pair, weights=row_dual[cands.term_row] * cands.term_coef, minlength=len(cands)
    )
    reduced: FloatArray = cands.scores.astype(np.float64) - priced
    if spread_penalty(cands.instance):
        reduced -= group_dual[cands.spread_group]
    return reduced


def initial_columns(cands: Candidates, per_unit: int, extra: tuple[int, ...] = ()) -> IntArray:
    """The best ``per_unit`` x units pairs of every requirement by score, plus ``extra``."""
    units = np.array([r.units for r in cands.instance.requirements], dtype=np.int64)
    keep = np.zeros(len(cands), dtype=np.bool_)
    for r_index, pairs in enumerate(cands.by_requirement):
        keep[pairs[: per_unit * int(units[r_index])]] = True
    if extra:
        keep[list(extra)] = True
    return np.flatnonzero(keep)


def solve_relaxation(
    cands: Candidates, deadline: float, columns: IntArray, rows: IntArray | None = None
) -> Relaxation:
    """Column generation from ``columns`` until pricing finds nothing or ``deadline`` passes."""
    n = len(cands)
    rows = binding_rows(cands) if rows is None else rows
    group, groups = spread_groups(cands)
    penalty = spread_penalty(cands.instance)
    in_lp = np.zeros(n, dtype=np.bool_)
    in_lp[columns] = True
    best_bound: float | None = None
    multipliers: tuple[FloatArray, FloatArray] | None = None
    values = np.zeros(n, dtype=np.float64)
    lp_value: float | None = None
    rounds = 0
    complete = False
    while True:
        rounds += 1
        cols = np.flatnonzero(in_lp)
        solved = _solve_lp(
            cands,
            cols,
            rows=rows,
            group=group,
            groups=groups,
            penalty=penalty,
            deadline=deadline,
        )
        if solved is None:
            break
        col_values, row_dual, group_dual, lp_value = solved
        values[:] = 0.0
        values[cols] = col_values
        bound, y_best, z_best = lagrangian_multipliers(cands, row_dual, group_dual, rows)
        if best_bound is None or bound < best_bound:
            best_bound, multipliers = bound, (y_best, z_best)
        reduced = reduced_scores(cands, row_dual, group_dual)
        reduced[in_lp] = 0.0
        positive = np.flatnonzero(reduced > _PRICE_EPS)
        if not len(positive):
            complete = True
            break
        if time.monotonic() >= deadline:
            break
        # A few per requirement: the LP stays small, and the next duals price the rest.
        by_req = positive[np.lexsort((-reduced[positive], cands.req_of[positive]))]
        reqs = cands.req_of[by_req]
        first = np.searchsorted(reqs, reqs)
        by_req = by_req[np.arange(len(by_req)) - first < _ADD_PER_REQUIREMENT]
        if len(by_req) > _ADD_PER_ROUND:
            by_req = by_req[np.argsort(-reduced[by_req])[:_ADD_PER_ROUND]]
        in_lp[by_req] = True
    return Relaxation(
        values,
        # Floating point: the true Lagrangian value may exceed the computed one by rounding
        # error; one unit (a thousandth of a point) of slack keeps the bound safe.
        math.floor(best_bound + 1.0) if best_bound is not None else None,
        lp_value,
        np.flatnonzero(in_lp),
        complete,
        rounds,
        multipliers,
    )


def solve_relaxation_pdlp(cands: Candidates, deadline: float, threads: int = 2) -> Relaxation:
    """The LP over every pair by PDLP until it converges or ``deadline`` passes.

    The LP is the one :func:`_solve_lp` builds (binding rows, one excess variable per spread
    group), as a sparse matrix in one go. ``bound`` comes from PDLP's duals through
    :func:`lagrangian_multipliers`; ``values`` is its primal iterate clipped to [0, 1] (nearly
    feasible, good for ranking pairs); ``columns`` are the pairs it gives a visible value.
    """
    n = len(cands)
    rows = binding_rows(cands)
    group, groups = spread_groups(cands)
    penalty = float(spread_penalty(cands.instance))
    if not penalty:
        groups = groups[:0]
    n_rows, n_groups = len(rows), len(groups)
    row_of = np.full(len(cands.row_keys), -1, dtype=np.int64)
    row_of[rows] = np.arange(n_rows)
    group_row = np.full(len(cands.spread_keys), -1, dtype=np.int64)
    group_row[groups] = n_rows + np.arange(n_groups)
    # Columns: the pairs, then one excess variable per spread group (sum - excess <= 1).
    term_rows = row_of[cands.term_row]
    kept = term_rows >= 0
    pair_group_row = group_row[group]
    grouped = np.flatnonzero(pair_group_row >= 0)
    values = np.concatenate(
        (cands.term_coef[kept].astype(np.float64), np.ones(len(grouped)), -np.ones(n_groups))
    )
    row_index = np.concatenate(
        (term_rows[kept], pair_group_row[grouped], n_rows + np.arange(n_groups))
    )
    column_index = np.concatenate((cands.term_pair[kept], grouped, n + np.arange(n_groups)))
    matrix = scipy.sparse.csc_matrix(
        (values, (row_index, column_index)), shape=(n_rows + n_groups, n + n_groups)
    )
    del values, row_index, column_index
    lower, upper = cands.row_lower[rows], cands.row_upper[rows]
    qp = pdlp.QuadraticProgram()
    qp.resize_and_initialize(n + n_groups, n_rows + n_groups)
    # PDLP minimises: the negated scores, and the penalty on every excess unit.
    objective = np.concatenate((-cands.scores.astype(np.float64), np.full(n_groups, penalty)))
    qp.objective_vector = objective
    qp.constraint_lower_bounds = np.concatenate(
        (np.where(lower > 0, lower.astype(np.float64), -np.inf), np.full(n_groups, -np.inf))
    )
    qp.constraint_upper_bounds = np.concatenate((upper.astype(np.float64), np.ones(n_groups)))
    qp.variable_lower_bounds = np.zeros(n + n_groups)
    qp.variable_upper_bounds = np.concatenate((np.ones(n), np.full(n_groups, np.inf)))
    qp.constraint_matrix = matrix
    del matrix
    settings = solvers_pb2.PrimalDualHybridGradientParams()
    # On small LPs PDLP drops extra threads itself, with a warning on stderr.
    settings.num_threads = max(1, threads) if n >= 100_000 else 1
    settings.verbosity_level = 0
    settings.termination_criteria.time_sec_limit = max(0.05, deadline - time.monotonic())
    result = pdlp.primal_dual_hybrid_gradient(qp, settings)
    del qp
    primal = np.asarray(result.primal_solution, dtype=np.float64)
    dual = np.asarray(result.dual_solution, dtype=np.float64)
    if len(primal) != n + n_groups or len(dual) != n_rows + n_groups:
        return Relaxation(np.zeros(n), None, None, np.zeros(0, dtype=np.int64), False, 1)
    values = np.clip(primal[:n], 0.0, 1.0)
    # Dual of the minimisation = minus the multipliers of the maximisation; rows without a
    # lower limit take multipliers >= 0 only (any such multipliers give a valid bound).
    row_dual = np.zeros(len(cands.row_keys), dtype=np.float64)
    row_dual[rows] = -dual[:n_rows]
    free = cands.row_lower > 0
    row_dual[~free] = np.maximum(row_dual[~free], 0.0)
    group_dual = np.zeros(len(cands.spread_keys), dtype=np.float64)
    group_dual[groups] = -dual[n_rows:]
    bound, y, z = lagrangian_multipliers(cands, row_dual, group_dual, rows)
    optimal = result.solve_log.termination_reason == solve_log_pb2.TERMINATION_REASON_OPTIMAL
    return Relaxation(
        values,
        math.floor(bound + 1.0),
        -float(objective @ primal),
        np.flatnonzero(values > _SUPPORT),
        optimal,
        result.solve_log.iteration_count,
        (y, z),
    )


def _solve_lp(
    cands: Candidates,
    cols: IntArray,
    *,
    rows: IntArray,
    group: IntArray,
    groups: IntArray,
    penalty: int,
    deadline: float,
    fixed: np.ndarray | None = None,  # type: ignore[type-arg]
) -> tuple[FloatArray, FloatArray, FloatArray, float] | None:
    remaining = deadline - time.monotonic()
    if remaining <= 0.05:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with OR-Tools
        return None
    solver.SetTimeLimit(max(1, int(min(remaining, 1e6) * 1000)))
    # Dual simplex: after pricing adds columns the LP is highly degenerate (many equal scores
    # on tier L); the dual simplex was several times faster there than the primal.
    solver.SetSolverSpecificParametersAsString("use_dual_simplex: true")
    infinity = solver.infinity()
    upper, lower = cands.row_upper, cands.row_lower
    constraint: dict[int, pywraplp.Constraint] = {}
    for row in rows.tolist():
        lo = float(lower[row]) if lower[row] > 0 else -infinity
        # Named by its cap's label (state_total:NPL), as in the CP-SAT model.
        name = ":".join(cands.row_keys[row])
        constraint[row] = solver.Constraint(lo, float(upper[row]), name)
    group_row: dict[int, pywraplp.Constraint] = {}
    objective = solver.Objective()
    objective.SetMaximization()
    if penalty:
        for g in groups.tolist():
            group_row[g] = solver.Constraint(
                -infinity, 1.0, "spread:" + ":".join(cands.spread_keys[g])
            )
            excess = solver.NumVar(0.0, infinity, "")
            group_row[g].SetCoefficient(excess, -1.0)
            objective.SetCoefficient(excess, -float(penalty))
    ptr, term_row, term_coef = cands.term_ptr, cands.term_row, cands.term_coef
    variables = []
    scores = cands.scores[cols].tolist()
    lower_bounds = (
        fixed[cols].astype(np.float64).tolist() if fixed is not None else [0.0] * len(cols)
    )
    groups_of = group[cols].tolist()
    # The terms of the chosen columns only, as flat lists with per-column offsets.
    lengths = ptr[cols + 1] - ptr[cols]
    offsets = np.concatenate(([0], np.cumsum(lengths))).tolist()
    flat = (np.repeat(ptr[cols] - offsets[:-1], lengths) + np.arange(offsets[-1])).astype(np.int64)
    row_list, coef_list = term_row[flat].tolist(), term_coef[flat].tolist()
    for k in range(len(scores)):
        var = solver.NumVar(lower_bounds[k], 1.0, "")
        variables.append(var)
        objective.SetCoefficient(var, float(scores[k]))
        start, end = offsets[k], offsets[k + 1]
        for row, coef in zip(row_list[start:end], coef_list[start:end], strict=True):
            c = constraint.get(row)
            if c is not None:
                c.SetCoefficient(var, float(coef))
        g = group_row.get(groups_of[k])
        if g is not None:
            g.SetCoefficient(var, 1.0)
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        return None
    col_values = np.array([v.solution_value() for v in variables], dtype=np.float64)
    row_dual = np.zeros(len(cands.row_keys), dtype=np.float64)
    for row, c in constraint.items():
        row_dual[row] = c.dual_value()
    group_dual = np.zeros(len(cands.spread_keys), dtype=np.float64)
    for g, c in group_row.items():
        group_dual[g] = c.dual_value()
    return col_values, row_dual, group_dual, float(objective.Value())


def dive(
    cands: Candidates, deadline: float, relaxation: Relaxation, share: float = 0.15
) -> list[int]:
    """Relax-and-fix rounding of the LP: pairs to try first, in order (see ``greedy(first=)``).

    Repeatedly fix to 1 the pairs the LP sets to 1 and the largest ``share`` of its fractional
    ones (each only if it still fits with those fixed before), drop the pairs that no longer
    fit, and re-solve the LP over what is left, until the LP comes out integral or time runs
    out. Fixed pairs come first in the result, then the last LP's support by value.
    """
    n = len(cands)
    rows = binding_rows(cands)
    group, groups = spread_groups(cands)
    penalty = spread_penalty(cands.instance)
    values = relaxation.values.copy()
    alive = np.zeros(n, dtype=np.bool_)
    alive[relaxation.columns] = True
    fixed = np.zeros(n, dtype=np.bool_)
    order: list[int] = []
    usage = np.zeros(len(cands.row_keys), dtype=np.int64)
    upper = cands.row_upper
    ptr, term_row, term_coef = cands.term_ptr, cands.term_row, cands.term_coef
    while time.monotonic() < deadline:
        open_ = alive & ~fixed & (values > 1e-6)
        if not open_.any():
            break
        near = np.flatnonzero(open_ & (values > 1 - 1e-6))
        frac = np.flatnonzero(open_ & (values <= 1 - 1e-6))
        frac = frac[np.lexsort((-cands.scores[frac], -values[frac]))]
        take = np.concatenate((near, frac[: max(1, int(np.ceil(share * len(frac))))]))
        for pair in take.tolist():
            rows_p = term_row[ptr[pair] : ptr[pair + 1]]
            coefs_p = term_coef[ptr[pair] : ptr[pair + 1]]
            if np.all(usage[rows_p] + coefs_p <= upper[rows_p]):
                usage[rows_p] += coefs_p
                fixed[pair] = True
                order.append(pair)
        if not len(frac):
            break
        over = usage[term_row] + term_coef > upper[term_row]
        dead = np.zeros(n, dtype=np.bool_)
        dead[cands.term_pair[over]] = True
        alive &= ~dead | fixed
        cols = np.flatnonzero(alive)
        solved = _solve_lp(
            cands,
            cols,
            rows=rows,
            group=group,
            groups=groups,
            penalty=penalty,
            deadline=deadline,
            fixed=fixed,
        )
        if solved is None:
            break
        values[:] = 0.0
        values[cols] = solved[0]
    rest = np.flatnonzero(~fixed & (values > 1e-6))
    rest = rest[np.lexsort((-cands.scores[rest], -values[rest]))]
    return order + rest.tolist()
