"""What a solve returns: a status, the assignments and how good they are proven to be."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.Enum):
    """Outcome of a solve.

    ``OPTIMAL``: proven best. ``FEASIBLE``: satisfies every constraint, not proven best (time
    limit, or the greedy solver, which proves nothing). ``INFEASIBLE``: proven impossible, with
    the reason in ``Allocation.infeasibility``. ``TIMED_OUT``: stopped without a plan that meets
    every constraint and without a proof that none exists.
    """

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    TIMED_OUT = "timed_out"


class Sense(enum.Enum):
    """Direction of ``Allocation.objective``: weighted score is maximised, cost minimised."""

    MAXIMIZE = "maximize"
    MINIMIZE = "minimize"


@dataclass(frozen=True, order=True)
class Assignment:
    """One pledge deployed to one requirement (a bundle appears once per member)."""

    pledge: str
    requirement: str


@dataclass(frozen=True)
class Allocation:
    """A plan and its credentials.

    ``objective`` and ``best_bound`` are in score points (``sense`` says which way is better);
    ``gap`` is ``|bound - objective| / max(1, |objective|)``, 0 when proven optimal. ``changes``
    counts assignments of the previous plan that this plan does not keep (re-planning only).

    >>> Allocation(Status.INFEASIBLE).assignments
    ()
    """

    status: Status
    assignments: tuple[Assignment, ...] = ()
    objective: float | None = None
    best_bound: float | None = None
    gap: float | None = None
    wall_time: float = 0.0
    solver: str = ""
    sense: Sense = Sense.MAXIMIZE
    infeasibility: tuple[str, ...] = ()
    changes: int | None = None

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple((a.pledge, a.requirement) for a in self.assignments)

    def by_requirement(self) -> dict[str, list[str]]:
        """Pledge ids per requirement id, in assignment order."""
        out: dict[str, list[str]] = {}
        for a in self.assignments:
            out.setdefault(a.requirement, []).append(a.pledge)
        return out
