"""The engine's front door: ``solve(problem, params=...) -> Allocation``."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np

from pcrs.engine.candidates import Candidates
from pcrs.engine.diagnose import infeasible_core, must_fill_shortfalls
from pcrs.engine.exact import solve_exact
from pcrs.engine.greedy import greedy
from pcrs.engine.instance import Instance
from pcrs.engine.model import Problem
from pcrs.engine.params import Params, SolverKind
from pcrs.engine.relax import (
    dive,
    improve_bound,
    initial_columns,
    solve_relaxation,
    solve_relaxation_pdlp,
)
from pcrs.engine.result import Allocation, Assignment, Sense, Status
from pcrs.engine.scoring import change_offset, evaluate_pairs, from_units

# A restricted CP-SAT model keeps this many best pairs per unit of every requirement.
_PER_UNIT = 3
# How much of the LP's fractional support each dive fixes per round, one dive per value.
_DIVE_SHARES = (0.05, 0.1, 0.2, 0.03)
# Share of what is left after the dives given to subgradient steps on the Lagrangian bound,
# when the bound is further than _BOUND_GAP above the best plan.
_BOUND_SHARE = 0.45
_BOUND_GAP = 0.005
# Share of what is left that PDLP gets when the graph is above ``params.pdlp_above_pairs``
# (tier L: PDLP's bound after 25 / 40 / 60 s was 2.5 / 1.6 / 1.2 % above its rounded plan).
_PDLP_SHARE = 0.6
# PDLP's primal is rounded by greedy taking first the pairs above each of these values, in
# LP order (then greedy's own order). No floor wins everywhere: on L seed 1 all pairs first
# gave 711.0k, above 0.1 / 0.2: 710.1k; on seed 2 705.5k against 708.4k above 0.2.
_PDLP_ROUNDINGS = (0.0, 0.2, 0.1)
# Share of the time limit kept back for reading the result and checking the plan.
_RESERVE = 0.02

Previous = Allocation | Iterable[Assignment] | None

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """Where a solve stands, passed to ``solve(..., on_progress=...)`` as each phase ends.

    ``phase`` is one of ``prepared``, ``greedy``, ``relaxation``, ``bound``, ``cp_sat``;
    ``objective`` is the best plan found so far and ``bound`` the best proven bound so far, in
    the points of ``Allocation.objective`` (``None`` until there is one); ``seconds`` since the
    call began.

    >>> Progress("greedy", 0.2, 127.3, None).phase
    'greedy'
    """

    phase: str
    seconds: float
    objective: float | None = None
    bound: float | None = None


ProgressCallback = Callable[[Progress], None]


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


@dataclass(frozen=True)
class Prepared:
    """A problem made ready to solve: instance and candidate graph, built once.

    Pass it to several :func:`solve` calls (greedy and exact, say), and to
    :func:`~pcrs.engine.explain.explain`, to build the candidate graph once; ``seconds`` it
    took to build count into each solve's wall time and budget.
    """

    problem: Problem
    params: Params
    previous: tuple[tuple[str, str], ...]
    instance: Instance
    cands: Candidates
    seconds: float

    def serves(self, problem: Problem, params: Params, previous: Previous) -> bool:
        """Whether this graph is the one ``problem`` under ``params`` and ``previous`` builds."""
        return (
            self.problem is problem
            and self.previous == _previous_pairs(previous)
            and _same_rules(self.params, params)
        )


def prepare(
    problem: Problem, params: Params | None = None, *, previous: Previous = None
) -> Prepared:
    """Build the instance and the candidate graph of ``problem`` (see :class:`Prepared`)."""
    params = params or Params()
    started = time.perf_counter()
    previous_pairs = _previous_pairs(previous)
    instance = Instance(problem, params, previous_pairs)
    cands = Candidates(instance)
    return Prepared(problem, params, previous_pairs, instance, cands, time.perf_counter() - started)


def _same_rules(a: Params, b: Params) -> bool:
    """Whether two parameter sets build the same candidate graph and scores."""
    keep = (
        "weights",
        "objective",
        "allow_level_1",
        "max_late_days",
        "enforce_women_share",
        "default_performance",
    )
    return all(getattr(a, name) == getattr(b, name) for name in keep)


def _ranked(values: np.ndarray, scores: np.ndarray) -> list[int]:  # type: ignore[type-arg]
    """Pairs with a positive LP value, largest value first, then best score."""
    support = np.flatnonzero(values > 1e-6)
    order = np.lexsort((-scores[support], -np.round(values[support], 6)))
    ranked: list[int] = support[order].tolist()
    return ranked


def solve(
    problem: Problem,
    params: Params | None = None,
    *,
    previous: Previous = None,
    prepared: Prepared | None = None,
    on_progress: ProgressCallback | None = None,
) -> Allocation:
    """Allocate pledges to requirements; see :class:`~pcrs.engine.params.Params` for knobs.

    ``on_progress`` is called with a :class:`Progress` as each phase ends (a web app shows
    it while the run goes on); an exception it raises stops the solve and propagates.

    With ``previous`` (an earlier allocation), every assignment of it that the new plan does not
    keep costs ``params.weights.change``: one declined offer then moves one unit, not the plan.
    ``params.time_limit`` bounds the whole call, building the model included.

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
    if prepared is None or not prepared.serves(problem, params, previous):
        prepared = prepare(problem, params, previous=previous)
        started = time.perf_counter() - prepared.seconds
    else:
        started -= prepared.seconds
    instance, cands = prepared.instance, prepared.cands
    deadline = started + params.time_limit
    sense = Sense.MINIMIZE if instance.min_cost else Sense.MAXIMIZE
    solver_name = params.solver.value

    def elapsed() -> float:
        return time.perf_counter() - started

    def report(phase: str, best: int | None = None, bound: int | None = None) -> None:
        if on_progress is not None:
            on_progress(
                Progress(
                    phase,
                    elapsed(),
                    points(best) if best is not None else None,
                    points(bound) if bound is not None else None,
                )
            )

    report("prepared")
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
        if objective is not None and bound is not None and objective >= bound:
            status, bound = Status.OPTIMAL, objective
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

    # Greedy's regret rule is quadratic in the must-fill requirements: cap it at a quarter of
    # the time (GAP 80x1600 needs about 13 s of it).
    greedy_deadline = time.monotonic() + 0.25 * max(0.0, deadline - time.perf_counter())
    plan = (
        greedy(cands, deadline=greedy_deadline)
        if params.warm_start or params.solver is SolverKind.GREEDY
        else None
    )
    greedy_ok = plan is not None and not plan.unfilled_must
    if on_progress is not None:
        report("greedy", value(plan.pairs) if greedy_ok and plan is not None else None)
    if params.solver is SolverKind.GREEDY:
        assert plan is not None  # noqa: S101 - built just above for the greedy solver
        if greedy_ok:
            return finish(Status.FEASIBLE, plan.pairs, None)
        reasons = tuple(f"greedy could not fill must-fill {rid}" for rid in plan.unfilled_must)
        return finish(Status.TIMED_OUT, plan.pairs, None, reasons)

    offset = change_offset(instance)
    candidates_plans: list[tuple[int, ...]] = []
    if greedy_ok and plan is not None:
        candidates_plans.append(plan.pairs)
    full = len(cands) <= params.max_model_pairs
    lp_bound: int | None = None
    relaxation = None
    pdlp_path = len(cands) > params.pdlp_above_pairs
    if params.relaxation and pdlp_path:
        lp_deadline = time.monotonic() + _PDLP_SHARE * max(0.0, deadline - time.perf_counter())
        relaxation = solve_relaxation_pdlp(cands, lp_deadline, params.threads)
        lp_bound = relaxation.bound
        log.debug(
            "PDLP done at %.1f s: %d iterations, bound %s",
            elapsed(),
            relaxation.rounds,
            points(lp_bound + offset) if lp_bound is not None else None,
        )
        if relaxation.lp_value is not None:
            ranking = _ranked(relaxation.values, cands.scores)
            # Half of what is left at most; the first rounding always runs.
            round_deadline = time.monotonic() + 0.5 * max(0.0, deadline - time.perf_counter())
            for floor in _PDLP_ROUNDINGS:
                first = (
                    ranking if not floor else [p for p in ranking if relaxation.values[p] > floor]
                )
                rounded = greedy(cands, first=first)
                if not rounded.unfilled_must:
                    candidates_plans.append(rounded.pairs)
                if time.monotonic() >= round_deadline:
                    break
    elif params.relaxation and len(cands):
        # The LP gets at most 40% of what is left; CP-SAT needs the rest.
        lp_deadline = time.monotonic() + 0.4 * max(0.0, deadline - time.perf_counter())
        start_cols = (
            np.arange(len(cands), dtype=np.int64)
            if full
            else initial_columns(cands, _PER_UNIT, plan.pairs if plan is not None else ())
        )
        relaxation = solve_relaxation(cands, lp_deadline, start_cols)
        lp_bound = relaxation.bound
        log.debug(
            "LP done at %.1f s: %d rounds, %s, bound %s",
            elapsed(),
            relaxation.rounds,
            "converged" if relaxation.complete else "not converged",
            points(lp_bound + offset) if lp_bound is not None else None,
        )
        if relaxation.lp_value is not None:
            rankings = [_ranked(relaxation.values, cands.scores)]
            # Relax-and-fix dives, a few fixing speeds: cheap, and much better than rounding
            # once (tier M: greedy 65.6k, LP rounded 69.1k, best dive 69.5k; LP 70.1k).
            dive_deadline = time.monotonic() + 0.15 * max(0.0, deadline - time.perf_counter())
            for share in _DIVE_SHARES:
                if time.monotonic() >= dive_deadline:
                    break
                rankings.append(dive(cands, dive_deadline, relaxation, share))
            for ranking in rankings:
                rounded = greedy(cands, first=ranking)
                if not rounded.unfilled_must:
                    candidates_plans.append(rounded.pairs)
    plan_values = [value(p) for p in candidates_plans]
    best_value = max(plan_values, default=0)
    best_plan = candidates_plans[plan_values.index(best_value)] if candidates_plans else None
    if relaxation is not None:
        report(
            "relaxation",
            best_value if best_plan is not None else None,
            lp_bound + offset if lp_bound is not None else None,
        )
    log.debug("plans at %.1f s: %s", elapsed(), [points(v) for v in plan_values])
    hint = best_plan or ()
    if (
        relaxation is not None
        and relaxation.multipliers is not None
        and lp_bound is not None
        and best_plan is not None
    ):
        target = best_value - offset
        if lp_bound - target > _BOUND_GAP * max(1, abs(target)):
            bound_deadline = time.monotonic() + _BOUND_SHARE * max(
                0.0, deadline - time.perf_counter()
            )
            improved = improve_bound(cands, relaxation.multipliers, target, bound_deadline)
            # One unit of slack against rounding error, as for the LP's bound.
            lp_bound = min(lp_bound, math.floor(improved + 1.0))
            log.debug("subgradient done at %.1f s: bound %s", elapsed(), points(lp_bound + offset))
            report("bound", best_value, lp_bound + offset)
    if full:
        columns = None
    else:
        keep = np.zeros(len(cands), dtype=np.bool_)
        keep[initial_columns(cands, 1 if pdlp_path else _PER_UNIT, hint)] = True
        if relaxation is not None:
            keep[relaxation.columns] = True
        columns = np.flatnonzero(keep)

    # Reading CP-SAT's answer and scoring the plans takes about a second per million pairs.
    reserve = (
        _RESERVE * params.time_limit + 1.5e-6 * len(cands) + (0.5 if len(cands) > 100_000 else 0)
    )
    remaining = deadline - time.perf_counter() - reserve
    outcome = (
        solve_exact(cands, replace(params, time_limit=remaining), hint, columns, deadline=deadline)
        if remaining > 0.05
        else None
    )
    log.debug(
        "CP-SAT done at %.1f s: %s, objective %s, %s columns",
        elapsed(),
        outcome.status if outcome else None,
        points(outcome.objective + offset) if outcome and outcome.objective is not None else None,
        "all" if columns is None else len(columns),
    )
    bounds = [b for b in (lp_bound,) if b is not None]
    if outcome is not None and outcome.complete and outcome.bound is not None:
        bounds.append(outcome.bound)
    bound = min(bounds) + offset if bounds else None
    cp_best = outcome.objective + offset if outcome and outcome.objective is not None else None
    plan_best = best_value if best_plan is not None else None
    report("cp_sat", max((v for v in (cp_best, plan_best) if v is not None), default=None), bound)
    if outcome is not None and outcome.status == "INFEASIBLE" and outcome.complete:
        core = infeasible_core(cands, seconds=min(10.0, params.time_limit))
        return finish(
            Status.INFEASIBLE, (), None, tuple(core) or ("no plan fills every must-fill",)
        )
    # CP-SAT's plan first: on a tie it is the one kept.
    found = [outcome.pairs] if outcome is not None and outcome.objective is not None else []
    if best_plan is not None:
        found.append(best_plan)
    if not found:
        return finish(Status.TIMED_OUT, (), None)
    # CP-SAT may stop before it has even re-found the hint; never return worse than a hint.
    pairs = max(found, key=value)
    proven = (
        outcome is not None
        and outcome.status == "OPTIMAL"
        and outcome.complete
        and pairs == outcome.pairs
    )
    return finish(Status.OPTIMAL if proven else Status.FEASIBLE, pairs, bound)
