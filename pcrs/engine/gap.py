"""The generalized assignment problem (GAP) as a force-generation scenario.

GAP: assign every job to one agent, within each agent's capacity, at least total cost; the
resource a job consumes depends on the agent. In PCRS terms an agent is a State with a total
cap, a job is a must-fill requirement of one unit, and the (agent, job) pair is a pledge of
that State offered for that job only (capability ``job-<j>``) whose personnel is the pair's
resource use and whose pair cost is the GAP cost. Since every requirement is must-fill, the
engine minimises cost (``ObjectiveKind.AUTO``), which is exactly GAP.

Reads OR-Library files (gap1..gap12 hold several problems after a count; gapa..gapd and the
Yagiura files hold one) and generates Chu and Beasley's types C and D.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from pcrs.engine.errors import ScenarioError
from pcrs.engine.model import (
    Mission,
    PairCost,
    Pledge,
    Priority,
    Problem,
    ReadinessLevel,
    Requirement,
    StateCaps,
)


@dataclass(frozen=True)
class GapInstance:
    """``cost[i][j]`` and ``resource[i][j]`` of job j on agent i; ``capacity[i]`` of agent i."""

    cost: tuple[tuple[int, ...], ...]
    resource: tuple[tuple[int, ...], ...]
    capacity: tuple[int, ...]
    name: str = ""

    @property
    def agents(self) -> int:
        return len(self.capacity)

    @property
    def jobs(self) -> int:
        return len(self.cost[0]) if self.cost else 0


def _matrix(tokens: list[int], at: int, m: int, n: int) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(tokens[at + i * n : at + (i + 1) * n]) for i in range(m))


def parse_orlib(text: str, name: str = "gap") -> list[GapInstance]:
    """All instances of an OR-Library GAP file.

    >>> [g.capacity for g in parse_orlib("2 2  1 2  3 4  5 6  7 8  9 10")]
    [(9, 10)]
    """
    try:
        tokens = [int(t) for t in text.split()]
    except ValueError as exc:
        raise ScenarioError("$", f"not an OR-Library GAP file: {exc}") from None

    def one(at: int) -> tuple[GapInstance, int]:
        if at + 2 > len(tokens):
            raise ScenarioError("$", "truncated GAP file")
        m, n = tokens[at], tokens[at + 1]
        end = at + 2 + 2 * m * n + m
        if m < 1 or n < 1 or end > len(tokens):
            raise ScenarioError("$", f"truncated GAP file: {m} agents x {n} jobs announced")
        cost = _matrix(tokens, at + 2, m, n)
        resource = _matrix(tokens, at + 2 + m * n, m, n)
        capacity = tuple(tokens[at + 2 + 2 * m * n : end])
        return GapInstance(cost, resource, capacity), end

    if len(tokens) >= 2:
        m, n = tokens[0], tokens[1]
        if len(tokens) == 2 + 2 * m * n + m:
            instance, _ = one(0)
            return [GapInstance(instance.cost, instance.resource, instance.capacity, name)]
    count, at, found = tokens[0] if tokens else 0, 1, []
    for k in range(count):
        instance, at = one(at)
        found.append(
            GapInstance(instance.cost, instance.resource, instance.capacity, f"{name}-{k + 1}")
        )
    if not found or at != len(tokens):
        raise ScenarioError("$", "not an OR-Library GAP file (token count does not match)")
    return found


def read_orlib(path: str | Path) -> list[GapInstance]:
    path = Path(path)
    return parse_orlib(path.read_text(encoding="utf-8"), path.stem)


def generate_gap(kind: str, agents: int, jobs: int, seed: int = 0) -> GapInstance:
    """Chu and Beasley's random GAP instances of type ``C`` or ``D`` (the hard one).

    C: resource U[5, 25], cost U[10, 50]. D: resource U[1, 100], cost 111 - resource +
    U[-10, 10], so cheap assignments use much resource. Capacity: 80% of the agent's total
    resource over all jobs, divided by the number of agents.

    >>> g = generate_gap("D", 5, 20, seed=1)
    >>> (g.agents, g.jobs)
    (5, 20)
    """
    rng = random.Random(f"gap-{kind}-{agents}-{jobs}-{seed}")  # noqa: S311 - test data
    kind = kind.upper()
    if kind == "C":
        resource = [[rng.randint(5, 25) for _ in range(jobs)] for _ in range(agents)]
        cost = [[rng.randint(10, 50) for _ in range(jobs)] for _ in range(agents)]
    elif kind == "D":
        resource = [[rng.randint(1, 100) for _ in range(jobs)] for _ in range(agents)]
        cost = [[111 - r + rng.randint(-10, 10) for r in row] for row in resource]
    else:
        raise ValueError(f"GAP type must be C or D, got {kind!r}")
    capacity = [int(0.8 * sum(row) / agents) for row in resource]
    return GapInstance(
        tuple(map(tuple, cost)),
        tuple(map(tuple, resource)),
        tuple(capacity),
        f"gap-{kind.lower()}{agents}x{jobs}-s{seed}",
    )


def gap_to_problem(gap: GapInstance, *, maximize: bool = False) -> Problem:
    """The GAP as a scenario (see the module docstring for the mapping).

    ``maximize`` reads the costs as profits (OR-Library gap1..gap12 are published as
    maximisation problems): the pair cost becomes ``-profit``, so the engine's minimum cost
    is minus the maximum profit.

    >>> problem = gap_to_problem(GapInstance(((3, 1),), ((2, 2),), (4,)))
    >>> [(p.id, p.personnel) for p in problem.pledges]
    [('A01-J0001', 2), ('A01-J0002', 2)]
    """
    day = dt.date(2027, 1, 1)
    pledges, costs = [], []
    for i in range(gap.agents):
        for j in range(gap.jobs):
            pledge_id = f"A{i + 1:02d}-J{j + 1:04d}"
            pledges.append(
                Pledge(
                    pledge_id,
                    f"A{i + 1:02d}",
                    f"job-{j + 1}",
                    gap.resource[i][j],
                    level=ReadinessLevel.RDL,
                    available_from=day,
                )
            )
            costs.append(
                PairCost(
                    pledge_id, f"J{j + 1:04d}", -gap.cost[i][j] if maximize else gap.cost[i][j]
                )
            )
    requirements = tuple(
        Requirement(
            f"J{j + 1:04d}", "GAP", f"job-{j + 1}", day, priority=Priority.CRITICAL, must_fill=True
        )
        for j in range(gap.jobs)
    )
    return Problem(
        pledges=tuple(pledges),
        requirements=requirements,
        missions=(Mission("GAP"),),
        states=tuple(StateCaps(f"A{i + 1:02d}", total=gap.capacity[i]) for i in range(gap.agents)),
        costs=tuple(costs),
        name=gap.name or "generalized assignment problem",
    )
