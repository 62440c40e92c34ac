"""The textbook GAP model, solved plainly by CP-SAT and by HiGHS: what the engine is measured
against on the GAP rows of `make bench` (issue 13, point 2).

One Boolean x_ij per agent-job pair; each job assigned exactly once; each agent's resource
use within its capacity; minimise total cost. Nothing else: no warm start, no hint, no bound
of our own. HiGHS is the copy inside the OR-Tools wheel, reached through MathOpt.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from ortools.math_opt.python import mathopt
from ortools.math_opt.solvers import highs_pb2
from ortools.sat.python import cp_model

from pcrs.engine.gap import GapInstance


@dataclass(frozen=True)
class PlainResult:
    """A plain solver's answer: status, cost of its plan (``None`` without one), lower bound,
    wall time in seconds (model build included) and the plan (agent of each job)."""

    solver: str
    status: str
    cost: int | None
    bound: float | None
    seconds: float
    plan: tuple[int, ...] = ()


def plan_cost(gap: GapInstance, plan: tuple[int, ...]) -> int:
    """Total cost of a plan given as the agent of each job."""
    return sum(gap.cost[agent][job] for job, agent in enumerate(plan))


def plan_is_feasible(gap: GapInstance, plan: tuple[int, ...]) -> bool:
    """Whether every job has one agent and no agent's capacity is exceeded."""
    if len(plan) != gap.jobs or any(not 0 <= a < gap.agents for a in plan):
        return False
    used = [0] * gap.agents
    for job, agent in enumerate(plan):
        used[agent] += gap.resource[agent][job]
    return all(u <= c for u, c in zip(used, gap.capacity, strict=True))


def solve_cpsat(
    gap: GapInstance, time_limit: float, threads: int = 2, seed: int = 0
) -> PlainResult:
    """The textbook model in CP-SAT with ``threads`` workers.

    >>> from pcrs.engine.gap import generate_gap
    >>> solve_cpsat(generate_gap("C", 3, 8, seed=4), 5).status
    'OPTIMAL'
    """
    started = time.monotonic()
    m, n = gap.agents, gap.jobs
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x_{i}_{j}") for j in range(n)] for i in range(m)]
    for j in range(n):
        model.add_exactly_one(x[i][j] for i in range(m))
    for i in range(m):
        model.add(sum(gap.resource[i][j] * x[i][j] for j in range(n)) <= gap.capacity[i])
    model.minimize(sum(gap.cost[i][j] * x[i][j] for i in range(m) for j in range(n)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit - (time.monotonic() - started))
    solver.parameters.num_workers = threads
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return PlainResult("CP-SAT", name, None, None, time.monotonic() - started)
    plan = tuple(next(i for i in range(m) if solver.value(x[i][j])) for j in range(n))
    return PlainResult(
        "CP-SAT",
        name,
        plan_cost(gap, plan),
        solver.best_objective_bound,
        time.monotonic() - started,
        plan,
    )


def solve_highs(gap: GapInstance, time_limit: float, threads: int | None = None) -> PlainResult:
    """The textbook model in HiGHS (through MathOpt) with a ``time_limit`` in seconds.

    MathOpt, not ``pywraplp``: ``pywraplp``'s HiGHS interface answers ``NOT_SOLVED`` and
    drops HiGHS's incumbent when the time limit ends the search, so every instance not
    proven within the limit would show no plan. HiGHS's own ``threads`` option is set (MathOpt's
    generic ``threads`` is refused for HiGHS); its branch and bound is serial anyway. HiGHS
    fixes its thread pool at the first solve of a process: a later solve asking another
    count fails, so one process keeps one count (the bench runs each solver in its own and
    asks for 2; ``None`` keeps HiGHS's default, as the engine does).

    >>> from pcrs.engine.gap import generate_gap
    >>> solve_highs(generate_gap("C", 3, 8, seed=4), 5).status
    'OPTIMAL'
    """
    started = time.monotonic()
    m, n = gap.agents, gap.jobs
    model = mathopt.Model(name=gap.name)
    x = [[model.add_binary_variable() for _ in range(n)] for _ in range(m)]
    for j in range(n):
        model.add_linear_constraint(sum(x[i][j] for i in range(m)) == 1)
    for i in range(m):
        model.add_linear_constraint(
            sum(gap.resource[i][j] * x[i][j] for j in range(n)) <= gap.capacity[i]
        )
    model.minimize(sum(gap.cost[i][j] * x[i][j] for i in range(m) for j in range(n)))
    options = highs_pb2.HighsOptionsProto()
    if threads is not None:
        options.int_options["threads"] = threads
    remaining = max(0.01, time_limit - (time.monotonic() - started))
    result = mathopt.solve(
        model,
        mathopt.SolverType.HIGHS,
        params=mathopt.SolveParameters(time_limit=dt.timedelta(seconds=remaining), highs=options),
    )
    reason = result.termination.reason
    status = (
        "OPTIMAL"
        if reason == mathopt.TerminationReason.OPTIMAL
        else "FEASIBLE"
        if result.has_primal_feasible_solution()
        else reason.name
    )
    bound = result.best_objective_bound()
    if not result.has_primal_feasible_solution():
        return PlainResult("HiGHS", status, None, bound, time.monotonic() - started)
    values = result.variable_values()
    plan = tuple(max(range(m), key=lambda i, j=j: values[x[i][j]]) for j in range(n))  # type: ignore[misc]
    return PlainResult(
        "HiGHS", status, plan_cost(gap, plan), bound, time.monotonic() - started, plan
    )
