"""Large-neighbourhood search on assignment-like plans: free a few cap rows, re-solve exactly.

Applies where :mod:`pcrs.engine.local` does (every requirement must-fill with one unit, no
spread). One move picks a few binding cap rows at random (on the generalized assignment
problem: a few agents), frees every requirement whose chosen pair counts against them, and
solves that small model exactly with CP-SAT: each freed requirement takes one of its
candidates, every row within what the fixed requirements leave of it. The plan takes the
sub-plan when it scores better. A neighbourhood of three or four agents holds moves that
shifts and two-move ejection chains cannot make (a job cycle through three agents, four
jobs swapped at once), and CP-SAT solves it in well under a second.

Why not CP-SAT's own LNS on the whole model: from HiGHS's plan on GAP D 20x200 it found
nothing in 15 s (ADR 0120); its neighbourhoods are generic, these follow the rows.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from pcrs.engine.candidates import Candidates
from pcrs.engine.local import applies, plan_loads, rows_besides_requirement
from pcrs.engine.relax import binding_rows

#: Requirements freed per move at the start: about two agents' jobs on GAP 20x200 (D 20x200
#: at 20 s from the same plan: 12 freed 12,321, 15 and 20 12,315, 25 12,314, 30 12,327). It
#: grows by ``GROW`` after ``PATIENCE`` moves in a row that found nothing (the neighbourhood
#: is then locally optimal), and shrinks back when a sub-model is not solved in time.
START_FREE = 20
GROW = 5
MAX_FREE = 120
PATIENCE = 40
#: CP-SAT's limit per sub-model (seconds): on GAP D a sub-model of 30 requirements took 0.1 to
#: 0.5 s to prove; one that takes longer is not worth the time.
SUB_LIMIT = 0.5
#: One worker: the sub-models are small, and two workers did no better on D 20x200 at 20 s
#: (12,332 against 12,327 with one, neighbourhoods of 30).
SUB_WORKERS = 1


@dataclass
class _Plan:
    """A plan under search, one pair per requirement, with what it uses of every row."""

    chosen: list[int]  # pair of each requirement
    usage: list[int]  # load on each row
    rows_of: list[list[tuple[int, int]]]  # each pair's rows but its requirement's, coefficients
    alternatives: list[list[int]]  # each requirement's pairs, best score first
    scores: list[int]
    upper: list[int]
    lower: list[int]

    def move(self, r: int, q: int) -> None:
        for row, coef in self.rows_of[self.chosen[r]]:
            self.usage[row] -= coef
        for row, coef in self.rows_of[q]:
            self.usage[row] += coef
        self.chosen[r] = q


def improve(
    cands: Candidates, pairs: tuple[int, ...], deadline: float, seed: int = 0
) -> tuple[int, ...]:
    """A plan at least as good as ``pairs`` (a feasible plan of one pair per requirement),
    improved by re-solving random neighbourhoods until ``deadline`` (``time.monotonic()``).
    Returns ``pairs`` unchanged when the search does not apply (:func:`~pcrs.engine.local.
    applies`) or the model has fewer than two binding rows besides the requirements'.
    """
    n_req = len(cands.instance.requirements)
    if time.monotonic() >= deadline or not applies(cands) or len(pairs) != n_req:
        return pairs
    units_rows = set(cands.units_rows)
    rows = [row for row in binding_rows(cands).tolist() if row not in units_rows]
    if len(rows) < 2:
        return pairs
    rows_of = rows_besides_requirement(cands)
    chosen, usage = plan_loads(cands, rows_of, pairs)
    plan = _Plan(
        chosen=chosen,
        usage=usage,
        rows_of=rows_of,
        alternatives=cands.by_requirement,
        scores=cands.scores.tolist(),
        upper=cands.row_upper.tolist(),
        lower=cands.row_lower.tolist(),
    )
    rng = random.Random(seed)  # noqa: S311 - a reproducible search order, not a secret
    free_target, idle = START_FREE, 0
    while time.monotonic() < deadline:
        freed = _pick(rng, rows, plan, free_target)
        moved = _resolve(plan, freed, min(SUB_LIMIT, deadline - time.monotonic()))
        if moved is None:  # not solved in time: smaller neighbourhoods
            free_target = max(START_FREE, free_target - GROW)
            continue
        if not moved:
            idle += 1
            if idle >= PATIENCE:
                free_target, idle = min(MAX_FREE, free_target + GROW), 0
            continue
        idle = 0
        for r, q in moved.items():
            plan.move(r, q)
    return tuple(sorted(plan.chosen))


def _pick(rng: random.Random, rows: list[int], plan: _Plan, target: int) -> list[int]:
    """Requirements on random rows, row after row until about ``target`` of them."""
    on_row: dict[int, list[int]] = {}
    for r, p in enumerate(plan.chosen):
        for row, _ in plan.rows_of[p]:
            on_row.setdefault(row, []).append(r)
    freed: set[int] = set()
    for row in rng.sample(rows, len(rows)):
        freed.update(on_row.get(row, ()))
        if len(freed) >= target:
            break
    return sorted(freed)


def _resolve(plan: _Plan, freed: list[int], limit: float) -> dict[int, int] | None:
    """The better pairs of ``freed`` (requirement -> pair, only those that change; empty when
    the current ones are optimal), ``None`` when CP-SAT did not solve the sub-model in time."""
    if limit <= 0.01:
        return None
    chosen, rows_of, upper, scores = plan.chosen, plan.rows_of, plan.upper, plan.scores
    left = list(plan.usage)  # what the fixed requirements use of each row
    for r in freed:
        for row, coef in rows_of[chosen[r]]:
            left[row] -= coef
    model = cp_model.CpModel()
    terms: dict[int, list[tuple[int, cp_model.IntVar]]] = {}
    options: list[list[tuple[int, cp_model.IntVar]]] = []
    objective = []
    for r in freed:
        mine = []
        for q in plan.alternatives[r]:
            if q != chosen[r] and any(left[row] + c > upper[row] for row, c in rows_of[q]):
                continue
            var = model.new_bool_var("")
            model.add_hint(var, q == chosen[r])
            mine.append((q, var))
            objective.append(scores[q] * var)
            for row, coef in rows_of[q]:
                terms.setdefault(row, []).append((coef, var))
        model.add_exactly_one(v for _, v in mine)
        options.append(mine)
    for row, row_terms in terms.items():
        used = sum(c * v for c, v in row_terms)
        model.add(used <= upper[row] - left[row])
        if plan.lower[row] > 0:
            model.add(used >= plan.lower[row] - left[row])
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = SUB_WORKERS
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if solver.objective_value <= sum(scores[chosen[r]] for r in freed):
        return {} if status == cp_model.OPTIMAL else None
    moved = {}
    for r, mine in zip(freed, options, strict=True):
        q = next(q for q, v in mine if solver.boolean_value(v))
        if q != chosen[r]:
            moved[r] = q
    return moved
