"""One time budget on one clock for a whole solve.

Every deadline in the engine is a ``time.monotonic()`` value: :class:`Budget` hands them out,
and every callee that takes a ``deadline`` (greedy, the LP, PDLP, the dives, the subgradient,
CP-SAT) compares it with ``time.monotonic()``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    """``limit`` seconds from ``started`` (a ``time.monotonic()`` value).

    >>> budget = Budget.start(10.0, spent=2.0)  # 2 s already spent (building the model)
    >>> 7.9 < budget.remaining() <= 8.0
    True
    >>> budget.share(0.5) <= time.monotonic() + 4.0  # half of what is left, as a deadline
    True
    """

    started: float
    limit: float

    @classmethod
    def start(cls, limit: float, *, spent: float = 0.0) -> Budget:
        """A budget of ``limit`` seconds of which ``spent`` have already gone."""
        return cls(time.monotonic() - spent, limit)

    @property
    def deadline(self) -> float:
        """When the budget ends, on the ``time.monotonic()`` clock."""
        return self.started + self.limit

    def elapsed(self) -> float:
        """Seconds since the budget started (what the caller has spent so far)."""
        return time.monotonic() - self.started

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.deadline - time.monotonic())

    def share(self, fraction: float) -> float:
        """The deadline of a phase that may take ``fraction`` of the time left now."""
        return time.monotonic() + fraction * self.remaining()

    def expired(self, deadline: float) -> bool:
        """Whether ``deadline`` (from :meth:`share`) has passed."""
        return time.monotonic() >= deadline
