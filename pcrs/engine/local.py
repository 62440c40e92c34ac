"""Local search on assignment-like plans: shifts and two-move ejection chains.

Applies when every requirement needs exactly one unit (must-fill, ``units`` 1) and there is no
spread penalty, as on the generalized assignment problem: a plan is then one pair per
requirement, and a move swaps a requirement's pair for another of its candidates. A *shift*
takes a better candidate that fits every cap row; an *ejection chain* takes one that
overloads a row and repairs it at once by moving another requirement off that row (a swap of
two jobs between two agents is one such chain). First improvement, until no move improves or
the deadline passes. Time-limited exact solvers stop with plans that are not even
shift-optimal (GAP D 20x200: HiGHS after 5 s 14,407, after these moves 12,998; ADR 0120).
"""

from __future__ import annotations

import time

from pcrs.engine.candidates import Candidates
from pcrs.engine.scoring import spread_penalty


def applies(cands: Candidates) -> bool:
    """Whether plans of this graph are one pair per requirement, scored pair by pair."""
    requirements = cands.instance.requirements
    return (
        bool(requirements)
        and all(r.must_fill and r.units == 1 for r in requirements)
        and not spread_penalty(cands.instance)
    )


def rows_besides_requirement(cands: Candidates) -> list[list[tuple[int, int]]]:
    """Each pair's rows other than its requirement's (that row never changes when a requirement
    moves to another of its pairs), with their coefficients."""
    ptr = cands.term_ptr.tolist()
    term_row, term_coef = cands.term_row.tolist(), cands.term_coef.tolist()
    units_rows = set(cands.units_rows)
    return [
        [
            (term_row[k], term_coef[k])
            for k in range(ptr[p], ptr[p + 1])
            if term_row[k] not in units_rows
        ]
        for p in range(len(cands))
    ]


def plan_loads(
    cands: Candidates, rows_of: list[list[tuple[int, int]]], pairs: tuple[int, ...]
) -> tuple[list[int], list[int]]:
    """A plan of one pair per requirement as (the pair of each requirement, the load on each
    row)."""
    chosen = [-1] * len(cands.instance.requirements)
    usage = [0] * len(cands.row_keys)
    for p in pairs:
        chosen[cands.pair_req[p]] = p
        for row, coef in rows_of[p]:
            usage[row] += coef
    return chosen, usage


def improve(cands: Candidates, pairs: tuple[int, ...], deadline: float) -> tuple[int, ...]:
    """A plan at least as good as ``pairs`` (a feasible plan), improved by shifts and
    ejection chains until none improves or ``deadline`` (``time.monotonic()``) passes.
    Returns ``pairs`` unchanged when the search does not apply (:func:`applies`).
    """
    n_req = len(cands.instance.requirements)
    if not applies(cands) or len(pairs) != n_req:
        return pairs
    scores: list[int] = cands.scores.tolist()
    rows_of = rows_besides_requirement(cands)
    upper = cands.row_upper.tolist()
    chosen, usage = plan_loads(cands, rows_of, pairs)
    on_row: dict[int, set[int]] = {}
    for r, p in enumerate(chosen):
        for row, _ in rows_of[p]:
            on_row.setdefault(row, set()).add(r)
    alternatives = cands.by_requirement

    def apply(r: int, new: int) -> None:
        old = chosen[r]
        for row, coef in rows_of[old]:
            usage[row] -= coef
            on_row[row].discard(r)
        for row, coef in rows_of[new]:
            usage[row] += coef
            on_row.setdefault(row, set()).add(r)
        chosen[r] = new

    def overload(changes: dict[int, int]) -> list[int]:
        return [row for row, d in changes.items() if d > 0 and usage[row] + d > upper[row]]

    def delta(old: int, new: int, into: dict[int, int]) -> None:
        for row, coef in rows_of[old]:
            into[row] = into.get(row, 0) - coef
        for row, coef in rows_of[new]:
            into[row] = into.get(row, 0) + coef

    def repair(r1: int, gain1: int, first: dict[int, int], row: int) -> tuple[int, int] | None:
        """A move of another requirement off ``row`` that makes the chain fit and pay."""
        for r2 in list(on_row.get(row, ())):
            p2 = chosen[r2]
            if r2 == r1 or gain1 + scores[alternatives[r2][0]] - scores[p2] <= 0:
                continue
            base = dict(first)
            for row2, coef in rows_of[p2]:
                base[row2] = base.get(row2, 0) - coef
            for q2 in alternatives[r2]:  # best score first
                if gain1 + scores[q2] - scores[p2] <= 0:
                    break
                if q2 == p2:
                    continue
                # Rows q2 does not touch only lose load (or keep first's, checked below).
                touched = set()
                fits = True
                for row2, coef in rows_of[q2]:
                    touched.add(row2)
                    if usage[row2] + base.get(row2, 0) + coef > upper[row2]:
                        fits = False
                        break
                if fits and all(
                    usage[r] + d <= upper[r] for r, d in base.items() if d > 0 and r not in touched
                ):
                    return r2, q2
        return None

    improved, chains = True, False
    while improved and time.monotonic() < deadline:
        improved = False
        for r1 in range(n_req):
            if time.monotonic() >= deadline:
                break
            p1 = chosen[r1]
            for q1 in alternatives[r1]:
                if q1 == p1:
                    continue
                gain1 = scores[q1] - scores[p1]
                first: dict[int, int] = {}
                delta(p1, q1, first)
                over = overload(first)
                if not over:
                    if gain1 > 0:
                        apply(r1, q1)
                        improved = True
                        break
                    continue
                if not chains or len(over) != 1:
                    continue
                move = repair(r1, gain1, first, over[0])
                if move is not None:
                    apply(r1, q1)
                    apply(*move)
                    improved = True
                    break
        # Shifts until none improves (cheap), then ejection chains too.
        if not improved and not chains:
            improved = chains = True
    return tuple(sorted(chosen))
