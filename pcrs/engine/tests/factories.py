"""Small builders for hand-written test scenarios: defaults that make a pair eligible."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pcrs.engine import Mission, Pledge, Priority, Problem, ReadinessLevel, Requirement

DAY = dt.date(2027, 1, 1)
NEEDED = dt.date(2027, 3, 1)


def pledge(pid: str, state: str = "NPL", capability: str = "infantry", **kw: Any) -> Pledge:
    kw.setdefault("personnel", 850)
    kw.setdefault("level", ReadinessLevel.LEVEL_2)
    kw.setdefault("available_from", DAY)
    return Pledge(pid, state, capability, **kw)


def requirement(
    rid: str, mission: str = "MINUSCA", capability: str = "infantry", **kw: Any
) -> Requirement:
    kw.setdefault("needed_by", NEEDED)
    kw.setdefault("priority", Priority.HIGH)
    return Requirement(rid, mission, capability, **kw)


def problem(pledges: list[Pledge], requirements: list[Requirement], **kw: Any) -> Problem:
    missions = {r.mission for r in requirements}
    kw.setdefault(
        "missions",
        tuple(Mission(m, host_state="CAF" if m == "MINUSCA" else None) for m in sorted(missions)),
    )
    return Problem(pledges=tuple(pledges), requirements=tuple(requirements), **kw)
