"""The engine's front door: ``solve(problem, params=...) -> Allocation``."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace

from pcrs.engine.candidates import Candidates
from pcrs.engine.diagnose import infeasible_core, must_fill_shortfalls
from pcrs.engine.exact import solve_exact
from pcrs.engine.greedy import greedy
from pcrs.engine.instance import Instance
from pcrs.engine.model import Problem
from pcrs.engine.params import Params, SolverKind
from pcrs.engine.result import Allocation, Assignment, Sense, Status
from pcrs.engine.scoring import change_offset, evaluate_pairs, from_units

Previous = Allocation | Iterable[Assignment] | None


def _previous_pairs(previous: Previous) -> tuple[tuple[str, str], ...]:
    if previous is None:
        return ()
    assignments = previous.assignments if isinstance(previous, Allocation) else previous
    return tuple((a.pledge, a.requirement) for a in assignments)


def to_assignments(cands: Candidates, pairs: Iterable[int]) -> tuple[Assignment, ...]:
    """Pair numbers as pledge-level assignments (one per bundle member), sorted."""
    return tuple(
        sorted(
            Assignment(pledge.id, cands.requirement(pair).id)
            for pair in pairs
            for pledge in cands.offer(pair).pledges
        )
    )


def _gap(objective: int, bound: int) -> float:
    return abs(bound - objective) / max(1, abs(objective))


def solve(
    problem: Problem, params: Params | None = None, *, previous: Previous = None
) -> Allocation:
    """Allocate pledges to requirements; see :class:`~pcrs.engine.params.Params` for knobs.

    With ``previous`` (an earlier allocation), every assignment of it that the new plan does not
    keep costs ``params.weights.change``: one declined offer then moves one unit, not the plan.

    >>> import datetime as dt
    >>> from pcrs.engine.model import Pledge, Requirement, Priority
    >>> problem = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140), Pledge("P2", "BGD", "fpu", 140)),
    ...     requirements=(Requirement("R1", "MINUSCA", "fpu", dt.date(2027, 3, 1), units=2,
    ...                               priority=Priority.CRITICAL),),
    ... )
    >>> allocation = solve(problem, Params(time_limit=5))
    >>> allocation.status.value, [a.pledge for a in allocation.assignments]
    ('optimal', ['P1', 'P2'])
    """
    params = params or Params()
    started = time.perf_counter()
    previous_pairs = _previous_pairs(previous)
    instance = Instance(problem, params, previous_pairs)
    cands = Candidates(instance)
    sense = Sense.MINIMIZE if instance.min_cost else Sense.MAXIMIZE
    solver_name = params.solver.value

    def elapsed() -> float:
        return time.perf_counter() - started

    shortfalls = must_fill_shortfalls(cands)
    if shortfalls:
        return Allocation(
            Status.INFEASIBLE,
            wall_time=elapsed(),
            solver=solver_name,
            sense=sense,
            infeasibility=tuple(shortfalls),
        )

    def value(pairs: Iterable[int]) -> int:
        return evaluate_pairs(instance, ((cands.offer(p), cands.requirement(p)) for p in pairs))

    def points(units: int) -> float:
        # Report cost as a positive number to minimise; internally everything is maximised.
        return -from_units(units) if instance.min_cost else from_units(units)

    def finish(
        status: Status, pairs: tuple[int, ...], bound: int | None, reasons: tuple[str, ...] = ()
    ) -> Allocation:
        assignments = to_assignments(cands, pairs)
        objective = value(pairs) if status in (Status.OPTIMAL, Status.FEASIBLE) else None
        if status is Status.OPTIMAL and objective is not None:
            bound = objective
        kept = set(previous_pairs) & {(a.pledge, a.requirement) for a in assignments}
        return Allocation(
            status,
            assignments,
            objective=points(objective) if objective is not None else None,
            best_bound=points(bound) if bound is not None else None,
            gap=_gap(objective, bound) if objective is not None and bound is not None else None,
            wall_time=elapsed(),
            solver=solver_name,
            sense=sense,
            infeasibility=reasons,
            changes=len(previous_pairs) - len(kept) if previous_pairs else None,
        )

    plan = greedy(cands) if params.warm_start or params.solver is SolverKind.GREEDY else None
    greedy_ok = plan is not None and not plan.unfilled_must
    if params.solver is SolverKind.GREEDY:
        assert plan is not None  # noqa: S101 - built just above for the greedy solver
        if greedy_ok:
            return finish(Status.FEASIBLE, plan.pairs, None)
        reasons = tuple(f"greedy could not fill must-fill {rid}" for rid in plan.unfilled_must)
        return finish(Status.TIMED_OUT, plan.pairs, None, reasons)

    hint = plan.pairs if plan is not None and greedy_ok else ()
    remaining = max(0.1, params.time_limit - elapsed())
    outcome = solve_exact(cands, replace(params, time_limit=remaining), hint)
    if outcome.status == "INFEASIBLE":
        core = infeasible_core(cands, seconds=min(10.0, params.time_limit))
        return finish(
            Status.INFEASIBLE, (), None, tuple(core) or ("no plan fills every must-fill",)
        )
    if outcome.objective is None or outcome.bound is None:
        if greedy_ok and plan is not None:
            return finish(Status.FEASIBLE, plan.pairs, None)
        return finish(Status.TIMED_OUT, (), None)
    status = Status.OPTIMAL if outcome.status == "OPTIMAL" else Status.FEASIBLE
    pairs = outcome.pairs
    # CP-SAT may stop before it has even re-found the hint; never return worse than greedy.
    if greedy_ok and plan is not None and value(plan.pairs) > value(pairs):
        pairs = plan.pairs
    return finish(status, pairs, outcome.bound + change_offset(instance))
