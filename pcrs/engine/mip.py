"""The candidate graph as a MIP for HiGHS (the copy inside the OR-Tools wheel, via MathOpt).

The same model as :func:`pcrs.engine.exact.build_model`, row for row (one binary per pair,
each binding cap row named by its label, and on weighted models one excess variable per
spread group, named ``spread:<State>:<mission>:<period>``); solved by HiGHS's branch and cut. On
generalized-assignment-like graphs HiGHS finds better plans and bounds than CP-SAT in the
same time (ADR 0120), so ``solve()`` runs it before CP-SAT on small cost-minimising graphs.
MathOpt, not ``pywraplp``: ``pywraplp``'s HiGHS interface drops the incumbent when the time
limit ends the search.
"""

from __future__ import annotations

import datetime as dt
import math
import time

import numpy as np
from ortools.math_opt.python import mathopt
from ortools.math_opt.solvers import highs_pb2

from pcrs.engine.candidates import Candidates
from pcrs.engine.exact import ExactOutcome
from pcrs.engine.relax import binding_rows, spread_groups
from pcrs.engine.scoring import spread_penalty

#: HiGHS's ``mip_heuristic_effort`` (its default 0.05).
HEURISTIC_EFFORT = 0.05
#: The scaled objective is integral: a gap below one proves optimality.
ABSOLUTE_GAP = 0.5


def _model(cands: Candidates) -> tuple[mathopt.Model, list[mathopt.Variable], int]:
    """The model, its pair variables, and the factor its objective was divided by (the scores'
    greatest common divisor: GAP costs become the published integers again)."""
    penalty = spread_penalty(cands.instance)
    model = mathopt.Model(name="pcrs")
    scale = int(np.gcd.reduce(np.append(np.abs(cands.scores), penalty))) or 1
    n = len(cands)
    x = [model.add_binary_variable() for _ in range(n)]
    all_rows = cands.rows
    for row in binding_rows(cands).tolist():
        cap = cands.caps[cands.row_keys[row]]
        pairs, coefs = all_rows[row]
        if not len(pairs) and cap.lower == 0:
            continue
        expr = mathopt.fast_sum(
            c * x[p] for p, c in zip(pairs.tolist(), coefs.tolist(), strict=True)
        )
        model.add_linear_constraint(lb=cap.lower, ub=cap.upper, expr=expr, name=cap.label)
    scores = (cands.scores // scale).tolist()
    objective = mathopt.fast_sum(s * v for s, v in zip(scores, x, strict=True))
    if penalty:
        objective -= (penalty // scale) * mathopt.fast_sum(_spread_excess(model, cands, x))
    model.maximize(objective)
    return model, x, scale


def _spread_excess(
    model: mathopt.Model, cands: Candidates, x: list[mathopt.Variable]
) -> list[mathopt.Variable]:
    """Per spread group that can hold units of two offers, its excess: the units beyond the
    first sharing a (State, mission, period), as the CP-SAT model has it (``excess >= units -
    1``; maximising pushes it down to ``max(0, units - 1)``, an integer when ``x`` is)."""
    group, groups = spread_groups(cands)
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], groups)
    ends = np.searchsorted(group[order], groups, side="right")
    excess = []
    for g, start, end in zip(groups.tolist(), starts.tolist(), ends.tolist(), strict=True):
        members = order[start:end].tolist()
        e = model.add_variable(lb=0.0, name="spread:" + ":".join(cands.spread_keys[g]))
        model.add_linear_constraint(mathopt.fast_sum(x[k] for k in members) - e <= 1)
        excess.append(e)
    return excess


def plan_fits(cands: Candidates, pairs: tuple[int, ...]) -> bool:
    """Whether ``pairs`` meets every cap row's limits (the MIP's rows, checked exactly)."""
    chosen = np.zeros(len(cands), dtype=np.bool_)
    chosen[list(pairs)] = True
    for row, (row_pairs, coefs) in enumerate(cands.rows):
        cap = cands.caps[cands.row_keys[row]]
        used = int(coefs[chosen[row_pairs]].sum())
        if not cap.lower <= used <= cap.upper:
            return False
    return True


def solve_mip(
    cands: Candidates,
    deadline: float,
    hint: tuple[int, ...] = (),
    gap_limit: float = 0.0,
) -> ExactOutcome:
    """HiGHS on the whole candidate graph until ``deadline`` (``time.monotonic()``), from
    ``hint`` when given. The bound holds for the whole problem (``complete``); a plan that
    breaks a row by HiGHS's tolerances is not returned.
    """
    model, x, scale = _model(cands)
    remaining = max(0.01, deadline - time.monotonic())
    hints = []
    if hint:
        chosen = set(hint)
        hints.append(
            mathopt.SolutionHint(variable_values={v: float(k in chosen) for k, v in enumerate(x)})
        )
    options = highs_pb2.HighsOptionsProto()
    options.double_options["mip_heuristic_effort"] = HEURISTIC_EFFORT
    params = mathopt.SolveParameters(
        time_limit=dt.timedelta(seconds=remaining),
        highs=options,
        relative_gap_tolerance=gap_limit,
        absolute_gap_tolerance=ABSOLUTE_GAP,
    )
    result = mathopt.solve(
        model,
        mathopt.SolverType.HIGHS,
        params=params,
        model_params=mathopt.ModelSolveParameters(solution_hints=hints),
    )
    reason = result.termination.reason
    bound_value = result.best_objective_bound()
    # The scaled objective is integral: round the bound down, with slack for HiGHS's
    # tolerances.
    slack = 1e-6 * max(1.0, abs(bound_value)) if math.isfinite(bound_value) else 0.0
    bound = math.floor(bound_value + slack) * scale if math.isfinite(bound_value) else None
    if reason == mathopt.TerminationReason.INFEASIBLE:
        return ExactOutcome("INFEASIBLE", (), None, None, True)
    if not result.has_primal_feasible_solution():
        return ExactOutcome("UNKNOWN", (), None, bound, True)
    values = np.array([result.variable_values(v) for v in x])
    pairs = tuple(np.flatnonzero(values > 0.5).tolist())
    if not plan_fits(cands, pairs):
        return ExactOutcome("UNKNOWN", (), None, bound, True)
    objective = round(result.objective_value() * scale)
    if (
        reason == mathopt.TerminationReason.OPTIMAL
        and bound_value - result.objective_value() <= ABSOLUTE_GAP + slack
    ):
        # The objective is integral and within the absolute gap of the bound: it is the
        # optimum (the relative slack above, in points, would leave a weighted model's bound a
        # few units above it).
        bound = objective
    status = "OPTIMAL" if bound is not None and objective >= bound else "FEASIBLE"
    return ExactOutcome(status, pairs, objective, bound, True)
