"""The engine's front door: ``solve(problem, params=...) -> Allocation``."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from pcrs.engine import lns, local
from pcrs.engine.budget import Budget
from pcrs.engine.candidates import Candidates
from pcrs.engine.diagnose import infeasible_core, must_fill_shortfalls
from pcrs.engine.exact import ExactOutcome, solve_exact
from pcrs.engine.greedy import GreedyPlan, greedy
from pcrs.engine.instance import Instance
from pcrs.engine.mip import solve_mip
from pcrs.engine.model import Problem
from pcrs.engine.params import Params, SolverKind
from pcrs.engine.relax import (
    Relaxation,
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

# The time shares of the phases. Each is a fraction of the time *left* when the phase starts
# (``Budget.share``), so a phase that ends early leaves its time to the next ones; CP-SAT
# (the exact phase) gets whatever is left after the reserve.
#: Greedy's regret rule is quadratic in the must-fill requirements (GAP 80x1600 needs about
#: 13 s of it): at most this share, then it serves what is left without regret.
GREEDY_SHARE = 0.25
#: The LP by column generation (GLOP): CP-SAT needs the rest.
LP_SHARE = 0.4
#: Relax-and-fix dives after the LP.
DIVE_SHARE = 0.15
#: PDLP, when the graph is above ``params.pdlp_above_pairs`` (tier L: PDLP's bound after
#: 25 / 40 / 60 s was 2.5 / 1.6 / 1.2 % above its rounded plan).
PDLP_SHARE = 0.6
#: Roundings of PDLP's primal (the first always runs).
ROUNDING_SHARE = 0.5
#: Subgradient steps on the Lagrangian bound, when the bound is further than ``BOUND_GAP``
#: above the best plan.
BOUND_SHARE = 0.45
BOUND_GAP = 0.005
#: Local search (``pcrs.engine.local``) on the hint, on assignment-like models; it stops as
#: soon as no move improves (well under a second on GAP 20x200).
HINT_LOCAL_SHARE = 0.05
#: HiGHS's MIP, on small whole models (``Params.mip_below_pairs``), before CP-SAT.
MIP_SHARE = 0.85
#: Local search on HiGHS's plan, before CP-SAT takes the rest from it.
LOCAL_SHARE = 0.5
#: Large-neighbourhood search (``pcrs.engine.lns``) on HiGHS's polished plan: this share of
#: what HiGHS left (less the reserve), CP-SAT the rest. On GAP D CP-SAT's polishing found
#: nothing (ADR 0120) where these neighbourhoods did: D 20x200 at 20 s 12,339 -> 12,315 in
#: 4 s. HiGHS keeps its ``MIP_SHARE``: its proofs on E 10x100 and E 20x200 need it.
LNS_SHARE = 0.9
#: Share of the time limit kept back for reading the result and checking the plan; reading
#: CP-SAT's answer and scoring the plans also takes about a second per million pairs.
RESERVE_SHARE = 0.02

# PDLP's primal is rounded by greedy taking first the pairs above each of these values, in
# LP order (then greedy's own order). No floor wins everywhere: on L seed 1 all pairs first
# gave 711.0k, above 0.1 / 0.2: 710.1k; on seed 2 705.5k against 708.4k above 0.2.
_PDLP_ROUNDINGS = (0.0, 0.2, 0.1)

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
    started = time.monotonic()
    previous_pairs = _previous_pairs(previous)
    instance = Instance(problem, params, previous_pairs)
    cands = Candidates(instance)
    return Prepared(problem, params, previous_pairs, instance, cands, time.monotonic() - started)


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


@dataclass(frozen=True)
class _Run:
    """What every phase of one solve shares: the prepared problem, the budget, the reporting."""

    params: Params
    prepared: Prepared
    budget: Budget
    on_progress: ProgressCallback | None

    @property
    def cands(self) -> Candidates:
        return self.prepared.cands

    @property
    def instance(self) -> Instance:
        return self.prepared.instance

    def value(self, pairs: Iterable[int]) -> int:
        cands = self.cands
        return evaluate_pairs(
            self.instance, ((cands.offer(p), cands.requirement(p)) for p in pairs)
        )

    def points(self, units: int) -> float:
        # Report cost as a positive number to minimise; internally everything is maximised.
        return -from_units(units) if self.instance.min_cost else from_units(units)

    def report(self, phase: str, best: int | None = None, bound: int | None = None) -> None:
        if self.on_progress is not None:
            self.on_progress(
                Progress(
                    phase,
                    self.budget.elapsed(),
                    self.points(best) if best is not None else None,
                    self.points(bound) if bound is not None else None,
                )
            )

    def allocation(
        self,
        status: Status,
        pairs: tuple[int, ...] = (),
        bound: int | None = None,
        reasons: tuple[str, ...] = (),
    ) -> Allocation:
        """The answer: ``pairs`` scored, ``bound`` (integer units) read as the proven bound."""
        previous_pairs = self.prepared.previous
        assignments = to_assignments(self.cands, pairs)
        objective = self.value(pairs) if status in (Status.OPTIMAL, Status.FEASIBLE) else None
        if objective is not None and bound is not None and objective >= bound:
            status, bound = Status.OPTIMAL, objective
        if status is Status.OPTIMAL and objective is not None:
            bound = objective
        kept = set(previous_pairs) & {(a.pledge, a.requirement) for a in assignments}
        return Allocation(
            status,
            assignments,
            objective=self.points(objective) if objective is not None else None,
            best_bound=self.points(bound) if bound is not None else None,
            gap=_gap(objective, bound) if objective is not None and bound is not None else None,
            wall_time=self.budget.elapsed(),
            solver=self.params.solver.value,
            sense=Sense.MINIMIZE if self.instance.min_cost else Sense.MAXIMIZE,
            infeasibility=reasons,
            changes=len(previous_pairs) - len(kept) if previous_pairs else None,
        )


@dataclass
class _Found:
    """What the heuristic phases found: feasible plans, the relaxation and its bound (integer
    units without the re-planning constant, as the LP and CP-SAT give it)."""

    plans: list[tuple[int, ...]] = field(default_factory=list)
    relaxation: Relaxation | None = None
    lp_bound: int | None = None

    def best(self, run: _Run) -> tuple[tuple[int, ...] | None, int]:
        """The best plan (``None`` without one) and its value (0 without one)."""
        values = [run.value(p) for p in self.plans]
        best_value = max(values, default=0)
        return (self.plans[values.index(best_value)] if self.plans else None), best_value


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

    The phases, each given its share of one :class:`~pcrs.engine.budget.Budget`: prepare,
    greedy warm start, relaxation with its roundings and dives, bound improvement, exact search
    (CP-SAT), choose and finish.

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
    run = _prepare_phase(problem, params, previous, prepared, on_progress)
    shortfalls = must_fill_shortfalls(run.cands)
    if shortfalls:  # nothing was planned, so nothing of a previous plan counts as changed
        return Allocation(
            Status.INFEASIBLE,
            wall_time=run.budget.elapsed(),
            solver=params.solver.value,
            sense=Sense.MINIMIZE if run.instance.min_cost else Sense.MAXIMIZE,
            infeasibility=tuple(shortfalls),
        )

    plan = _greedy_phase(run)
    if params.solver is SolverKind.GREEDY:
        assert plan is not None  # noqa: S101 - the greedy phase always runs for this solver
        if not plan.unfilled_must:
            return run.allocation(Status.FEASIBLE, plan.pairs)
        reasons = tuple(f"greedy could not fill must-fill {rid}" for rid in plan.unfilled_must)
        return run.allocation(Status.TIMED_OUT, plan.pairs, reasons=reasons)

    found = _relaxation_phase(run, plan)
    best_plan, best_value = found.best(run)
    offset = change_offset(run.instance)
    if found.relaxation is not None:
        run.report(
            "relaxation",
            best_value if best_plan is not None else None,
            found.lp_bound + offset if found.lp_bound is not None else None,
        )
    if log.isEnabledFor(logging.DEBUG):
        shown = [run.points(run.value(p)) for p in found.plans]
        log.debug("plans at %.1f s: %s", run.budget.elapsed(), shown)
    if best_plan is not None:
        _bound_phase(run, found, best_value)
    outcome, mip = _exact_phase(run, found, best_plan or ())
    best_plan, _ = found.best(run)  # with the plans local search found meanwhile
    return _choose_phase(run, outcome, mip, found, best_plan)


def _prepare_phase(
    problem: Problem,
    params: Params,
    previous: Previous,
    prepared: Prepared | None,
    on_progress: ProgressCallback | None,
) -> _Run:
    """The candidate graph (reused when ``prepared`` serves), and the budget: its build time
    counts against the time limit."""
    if prepared is None or not prepared.serves(problem, params, previous):
        prepared = prepare(problem, params, previous=previous)
    run = _Run(
        params, prepared, Budget.start(params.time_limit, spent=prepared.seconds), on_progress
    )
    run.report("prepared")
    return run


def _greedy_phase(run: _Run) -> GreedyPlan | None:
    """Greedy's plan, the fallback and first warm start (``None`` without a warm start)."""
    params = run.params
    deadline = run.budget.share(GREEDY_SHARE)
    plan = (
        greedy(run.cands, deadline=deadline)
        if params.warm_start or params.solver is SolverKind.GREEDY
        else None
    )
    if run.on_progress is not None:
        ok = plan is not None and not plan.unfilled_must
        run.report("greedy", run.value(plan.pairs) if ok and plan is not None else None)
    return plan


def _relaxation_phase(run: _Run, plan: GreedyPlan | None) -> _Found:
    """The LP relaxation and the plans rounded from it (PDLP over every pair on a large graph,
    else GLOP by column generation and relax-and-fix dives), with greedy's plan."""
    found = _Found()
    if plan is not None and not plan.unfilled_must:
        found.plans.append(plan.pairs)
    params, cands = run.params, run.cands
    if not params.relaxation:
        return found
    if len(cands) > params.pdlp_above_pairs:
        _pdlp_and_roundings(run, found)
    elif len(cands):
        _lp_and_dives(run, found, plan)
    return found


def _pdlp_and_roundings(run: _Run, found: _Found) -> None:
    cands = run.cands
    relaxation = solve_relaxation_pdlp(cands, run.budget.share(PDLP_SHARE), run.params.threads)
    found.relaxation, found.lp_bound = relaxation, relaxation.bound
    log.debug(
        "PDLP done at %.1f s: %d iterations, bound %s",
        run.budget.elapsed(),
        relaxation.rounds,
        _shown(run, relaxation.bound),
    )
    if relaxation.lp_value is None:
        return
    ranking = _ranked(relaxation.values, cands.scores)
    deadline = run.budget.share(ROUNDING_SHARE)
    for floor in _PDLP_ROUNDINGS:
        first = ranking if not floor else [p for p in ranking if relaxation.values[p] > floor]
        rounded = greedy(cands, first=first)
        if not rounded.unfilled_must:
            found.plans.append(rounded.pairs)
        if run.budget.expired(deadline):
            break


def _lp_and_dives(run: _Run, found: _Found, plan: GreedyPlan | None) -> None:
    cands = run.cands
    lp_deadline = run.budget.share(LP_SHARE)
    start_cols = (
        np.arange(len(cands), dtype=np.int64)
        if _full(run)
        else initial_columns(cands, _PER_UNIT, plan.pairs if plan is not None else ())
    )
    relaxation = solve_relaxation(cands, lp_deadline, start_cols)
    found.relaxation, found.lp_bound = relaxation, relaxation.bound
    log.debug(
        "LP done at %.1f s: %d rounds, %s, bound %s",
        run.budget.elapsed(),
        relaxation.rounds,
        "converged" if relaxation.complete else "not converged",
        _shown(run, relaxation.bound),
    )
    if relaxation.lp_value is None:
        return
    rankings = [_ranked(relaxation.values, cands.scores)]
    # Relax-and-fix dives, a few fixing speeds: cheap, and much better than rounding once
    # (tier M: greedy 65.6k, LP rounded 69.1k, best dive 69.5k; LP 70.1k).
    dive_deadline = run.budget.share(DIVE_SHARE)
    for share in _DIVE_SHARES:
        if run.budget.expired(dive_deadline):
            break
        rankings.append(dive(cands, dive_deadline, relaxation, share))
    for ranking in rankings:
        rounded = greedy(cands, first=ranking)
        if not rounded.unfilled_must:
            found.plans.append(rounded.pairs)


def _bound_phase(run: _Run, found: _Found, best_value: int) -> None:
    """Subgradient steps on the Lagrangian bound, when it is far above the best plan's
    ``best_value``."""
    relaxation, lp_bound = found.relaxation, found.lp_bound
    if relaxation is None or relaxation.multipliers is None or lp_bound is None:
        return
    offset = change_offset(run.instance)
    target = best_value - offset
    if lp_bound - target <= BOUND_GAP * max(1, abs(target)):
        return
    improved = improve_bound(
        run.cands, relaxation.multipliers, target, run.budget.share(BOUND_SHARE)
    )
    # One unit of slack against rounding error, as for the LP's bound.
    found.lp_bound = min(lp_bound, math.floor(improved + 1.0))
    log.debug(
        "subgradient done at %.1f s: bound %s", run.budget.elapsed(), _shown(run, found.lp_bound)
    )
    run.report("bound", best_value, found.lp_bound + offset)


def _exact_phase(
    run: _Run, found: _Found, hint: tuple[int, ...]
) -> tuple[ExactOutcome | None, ExactOutcome | None]:
    """The exact solvers from the best plan, until the budget (less the reserve) ends:
    (CP-SAT's outcome, HiGHS's outcome), ``None`` for a solver that did not run.

    On a small whole model (``Params.mip_below_pairs``), HiGHS's MIP first for ``MIP_SHARE``
    of the time; unless it proved optimality, local search
    and then large-neighbourhood search polish the better plan (where they apply), and CP-SAT
    continues from it. Otherwise CP-SAT alone, on every pair or on a restricted
    set of columns."""
    cands, params = run.cands, run.params
    if hint and local.applies(cands):
        hint = _polish(run, found, hint, run.budget.share(HINT_LOCAL_SHARE))
    if _full(run):
        columns = None
    else:
        pdlp_path = len(cands) > params.pdlp_above_pairs
        keep = np.zeros(len(cands), dtype=np.bool_)
        keep[initial_columns(cands, 1 if pdlp_path else _PER_UNIT, hint)] = True
        if found.relaxation is not None:
            keep[found.relaxation.columns] = True
        columns = np.flatnonzero(keep)
    reserve = (
        RESERVE_SHARE * params.time_limit
        + 1.5e-6 * len(cands)
        + (0.5 if len(cands) > 100_000 else 0)
    )
    remaining = run.budget.remaining() - reserve
    if remaining <= 0.05:
        return None, None
    mip = None
    if columns is None and len(cands) <= params.mip_below_pairs:
        # HiGHS first, alone on the machine: on GAP-like models it finds better plans and
        # bounds than CP-SAT, and racing the two on two cores slowed HiGHS more than CP-SAT
        # added (ADR 0120); on weighted models (tier M) the same plans with a tighter bound.
        mip = _highs(run, hint, time.monotonic() + MIP_SHARE * max(0.0, remaining))
        if mip is not None and mip.status == "OPTIMAL":
            return None, mip
        if mip is not None and mip.objective is not None:
            if not hint or run.value(mip.pairs) >= run.value(hint):
                hint = mip.pairs
            hint = _polish(run, found, hint, run.budget.share(LOCAL_SHARE))
            lns_time = LNS_SHARE * max(0.0, run.budget.remaining() - reserve)
            hint = _neighbourhoods(run, found, hint, time.monotonic() + lns_time)
        remaining = run.budget.remaining() - reserve
    if remaining <= 0.05:
        return None, mip
    outcome = solve_exact(
        cands, replace(params, time_limit=remaining), hint, columns, deadline=run.budget.deadline
    )
    log.debug(
        "CP-SAT done at %.1f s: %s, objective %s, %s columns",
        run.budget.elapsed(),
        outcome.status,
        _shown(run, outcome.objective),
        "all" if columns is None else len(columns),
    )
    return outcome, mip


def _highs(run: _Run, hint: tuple[int, ...], deadline: float) -> ExactOutcome | None:
    """HiGHS's MIP until ``deadline``; ``None`` if HiGHS fails (CP-SAT then carries on)."""
    try:
        mip = solve_mip(run.cands, deadline, hint, run.params.gap_limit)
    except Exception:
        log.warning("HiGHS failed; CP-SAT carries on", exc_info=True)
        return None
    log.debug(
        "HiGHS done at %.1f s: %s, objective %s",
        run.budget.elapsed(),
        mip.status,
        _shown(run, mip.objective),
    )
    return mip


def _polish(run: _Run, found: _Found, plan: tuple[int, ...], deadline: float) -> tuple[int, ...]:
    """``plan`` improved by local search (shifts, ejection chains), kept among the plans."""
    return _kept(run, found, plan, local.improve(run.cands, plan, deadline), "local search")


def _neighbourhoods(
    run: _Run, found: _Found, plan: tuple[int, ...], deadline: float
) -> tuple[int, ...]:
    """``plan`` improved by large-neighbourhood search, kept among the plans."""
    better = lns.improve(run.cands, plan, deadline, run.params.seed)
    return _kept(run, found, plan, better, "neighbourhoods")


def _kept(
    run: _Run, found: _Found, plan: tuple[int, ...], better: tuple[int, ...], search: str
) -> tuple[int, ...]:
    """``better`` (a search's result from ``plan``), kept among the plans when it improves on
    ``plan``; else ``plan``."""
    if better == plan or run.value(better) <= run.value(plan):
        return plan
    found.plans.append(better)
    log.debug(
        "%s at %.1f s: %s -> %s",
        search,
        run.budget.elapsed(),
        run.points(run.value(plan)),
        run.points(run.value(better)),
    )
    return better


def _choose_phase(
    run: _Run,
    outcome: ExactOutcome | None,
    mip: ExactOutcome | None,
    found: _Found,
    best_plan: tuple[int, ...] | None,
) -> Allocation:
    """The best of CP-SAT's plan, HiGHS's plan and the best heuristic plan, with the best
    valid bound (the LP's, and each exact solver's when it had the whole model)."""
    offset = change_offset(run.instance)
    exact = [o for o in (outcome, mip) if o is not None]
    bounds = [b for b in (found.lp_bound,) if b is not None]
    bounds += [o.bound for o in exact if o.complete and o.bound is not None]
    bound = min(bounds) + offset if bounds else None
    values = [o.objective + offset for o in exact if o.objective is not None]
    if best_plan is not None:
        values.append(run.value(best_plan))
    run.report("cp_sat", max(values, default=None), bound)
    if outcome is not None and outcome.status == "INFEASIBLE" and outcome.complete:
        core = infeasible_core(run.cands, seconds=min(10.0, run.params.time_limit))
        return run.allocation(
            Status.INFEASIBLE, reasons=tuple(core) or ("no plan fills every must-fill",)
        )
    # CP-SAT's plan first, then HiGHS's: on a tie the first is kept.
    plans = [o.pairs for o in exact if o.objective is not None]
    if best_plan is not None:
        plans.append(best_plan)
    if not plans:
        return run.allocation(Status.TIMED_OUT)
    # An exact solver may stop before it has even re-found the hint; never return worse.
    pairs = max(plans, key=run.value)
    proven = any(o.status == "OPTIMAL" and o.complete and pairs == o.pairs for o in exact)
    return run.allocation(Status.OPTIMAL if proven else Status.FEASIBLE, pairs, bound)


def _full(run: _Run) -> bool:
    """Whether the models hold every pair (else a restricted set of columns)."""
    return len(run.cands) <= run.params.max_model_pairs


def _shown(run: _Run, units: int | None) -> float | None:
    """A bound or objective of the LP or CP-SAT (without the re-planning constant) in points."""
    return None if units is None else run.points(units + change_offset(run.instance))
