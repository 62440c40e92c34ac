"""JSON scenarios and allocations: reading with precise error paths, and writing.

The format is documented in docs/engine.md and by ``scenario.schema.json``. Reading is strict:
an unknown field is an error (a typo such as ``"personel"`` must not silently become the
default), and every error carries the JSON path of the value at fault.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pcrs.engine.errors import ScenarioError
from pcrs.engine.model import (
    Bundle,
    Exclusion,
    Mission,
    PairCost,
    Pledge,
    Priority,
    Problem,
    ReadinessLevel,
    Requirement,
    StateCaps,
    check_problem,
)
from pcrs.engine.result import Allocation, Assignment, Sense, Status

SCHEMA_PATH = Path(__file__).with_name("scenario.schema.json")

T = TypeVar("T")

_LEVELS = {
    1: ReadinessLevel.LEVEL_1,
    2: ReadinessLevel.LEVEL_2,
    3: ReadinessLevel.LEVEL_3,
    "RDL": ReadinessLevel.RDL,
}


class _Obj:
    """A JSON object being read, remembering its path for error messages."""

    def __init__(self, value: object, path: str, fields: set[str]) -> None:
        if not isinstance(value, dict):
            raise ScenarioError(path or "$", f"must be an object, got {_kind(value)}")
        unknown = sorted(set(value) - fields)
        if unknown:
            raise ScenarioError(_join(path, unknown[0]), "unknown field")
        self.value: dict[str, object] = value
        self.path = path

    def at(self, key: str) -> str:
        return _join(self.path, key)

    def _get(self, key: str, required: bool) -> object:
        if key not in self.value:
            if required:
                raise ScenarioError(self.at(key), "is required")
            return None
        return self.value[key]

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value:
            raise ScenarioError(self.at(key), f"must be a non-empty string, got {_kind(value)}")
        return value

    def req_str(self, key: str) -> str:
        value = self.text(key)
        assert value is not None  # noqa: S101 - required=True never returns None
        return value

    def integer(self, key: str, *, default: int | None = None, minimum: int = 0) -> int | None:
        value = self._get(key, required=False)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise ScenarioError(self.at(key), f"must be an integer, got {_kind(value)}")
        if value < minimum:
            raise ScenarioError(self.at(key), f"must be at least {minimum}, got {value}")
        return value

    def req_int(self, key: str, *, minimum: int = 0) -> int:
        if key not in self.value:
            raise ScenarioError(self.at(key), "is required")
        value = self.integer(key, minimum=minimum)
        assert value is not None  # noqa: S101 - present, so never None
        return value

    def number(
        self,
        key: str,
        *,
        default: float | None = None,
        low: float | None = None,
        high: float | None = None,
    ) -> float | None:
        value = self._get(key, required=False)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ScenarioError(self.at(key), f"must be a number, got {_kind(value)}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ScenarioError(self.at(key), f"must be between {low} and {high}, got {value}")
        return float(value)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._get(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise ScenarioError(self.at(key), f"must be true or false, got {_kind(value)}")
        return value

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ScenarioError(self.at(key), f"must be a date YYYY-MM-DD, got {value!r}") from None

    def strings(self, key: str) -> frozenset[str]:
        value = self._get(key, required=False)
        if value is None:
            return frozenset()
        if not isinstance(value, list):
            raise ScenarioError(self.at(key), f"must be a list of strings, got {_kind(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item:
                raise ScenarioError(f"{self.at(key)}[{index}]", "must be a non-empty string")
        return frozenset(value)

    def caps(self, key: str) -> dict[str, int]:
        value = self._get(key, required=False)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ScenarioError(self.at(key), f"must be an object, got {_kind(value)}")
        out = {}
        for name, cap in value.items():
            if isinstance(cap, bool) or not isinstance(cap, int):
                raise ScenarioError(_join(self.at(key), name), "must be an integer")
            if cap < 0:
                raise ScenarioError(_join(self.at(key), name), f"must not be negative, got {cap}")
            out[name] = cap
        return out

    def items(self, key: str, read: Callable[[object, str], T]) -> tuple[T, ...]:
        value = self._get(key, required=False)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise ScenarioError(self.at(key), f"must be a list, got {_kind(value)}")
        return tuple(read(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _pledge(value: object, path: str) -> Pledge:
    o = _Obj(
        value,
        path,
        {
            "id",
            "state",
            "capability",
            "personnel",
            "women",
            "level",
            "available_from",
            "notice_days",
            "languages",
            "performance",
            "location",
            "caveats",
        },
    )
    raw_level = o.value.get("level", 2)
    level = _LEVELS.get(raw_level) if isinstance(raw_level, int | str) else None
    if level is None or isinstance(raw_level, bool):
        raise ScenarioError(o.at("level"), f'must be 1, 2, 3 or "RDL", got {raw_level!r}')
    available = o.date("available_from")
    assert available is not None  # noqa: S101 - required
    return Pledge(
        id=o.req_str("id"),
        state=o.req_str("state"),
        capability=o.req_str("capability"),
        personnel=o.req_int("personnel", minimum=1),
        women=o.integer("women", default=0) or 0,
        level=level,
        available_from=available,
        notice_days=o.integer("notice_days", default=0) or 0,
        languages=o.strings("languages"),
        performance=o.number("performance", low=0.0, high=1.0),
        location=o.text("location", required=False),
        caveats=o.strings("caveats"),
    )


def _requirement(value: object, path: str) -> Requirement:
    o = _Obj(
        value,
        path,
        {
            "id",
            "mission",
            "capability",
            "units",
            "needed_by",
            "priority",
            "languages",
            "min_women_share",
            "must_fill",
            "period",
        },
    )
    priority_raw = o.value.get("priority", "routine")
    try:
        priority = Priority(priority_raw)
    except ValueError:
        raise ScenarioError(
            o.at("priority"), f'must be "critical", "high" or "routine", got {priority_raw!r}'
        ) from None
    needed_by = o.date("needed_by")
    assert needed_by is not None  # noqa: S101 - required
    return Requirement(
        id=o.req_str("id"),
        mission=o.req_str("mission"),
        capability=o.req_str("capability"),
        units=o.integer("units", default=1, minimum=1) or 1,
        needed_by=needed_by,
        priority=priority,
        languages=o.strings("languages"),
        min_women_share=o.number("min_women_share", default=0.0, low=0.0, high=1.0) or 0.0,
        must_fill=o.flag("must_fill"),
        period=o.text("period", required=False),
    )


def _mission(value: object, path: str) -> Mission:
    o = _Obj(
        value,
        path,
        {
            "code",
            "host_state",
            "excluded_states",
            "personnel_ceiling",
            "max_state_share",
        },
    )
    return Mission(
        code=o.req_str("code"),
        host_state=o.text("host_state", required=False),
        excluded_states=o.strings("excluded_states"),
        personnel_ceiling=o.integer("personnel_ceiling"),
        max_state_share=o.number("max_state_share", low=0.0, high=1.0),
    )


def _state(value: object, path: str) -> StateCaps:
    o = _Obj(value, path, {"state", "total_cap", "mission_caps", "period_caps"})
    return StateCaps(
        state=o.req_str("state"),
        total=o.integer("total_cap"),
        per_mission=o.caps("mission_caps"),
        per_period=o.caps("period_caps"),
    )


def _bundle(value: object, path: str) -> Bundle:
    o = _Obj(value, path, {"id", "pledges"})
    members = o.value.get("pledges")
    if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
        raise ScenarioError(o.at("pledges"), "must be a list of pledge ids")
    return Bundle(id=o.req_str("id"), pledges=tuple(members))


def _cost(value: object, path: str) -> PairCost:
    o = _Obj(value, path, {"pledge", "requirement", "cost"})
    if "cost" not in o.value:
        raise ScenarioError(o.at("cost"), "is required")
    cost = o.number("cost")
    assert cost is not None  # noqa: S101 - present
    return PairCost(o.req_str("pledge"), o.req_str("requirement"), cost)


def _exclusion(value: object, path: str) -> Exclusion:
    o = _Obj(value, path, {"pledge", "requirement", "reason"})
    return Exclusion(
        o.req_str("pledge"),
        o.req_str("requirement"),
        o.text("reason", required=False) or "excluded by the planner",
    )


def problem_from_dict(data: object) -> Problem:
    """Build and check a :class:`Problem` from parsed JSON.

    >>> problem_from_dict({"pledges": [{"id": "P1", "state": "NPL", "capability": "fpu",
    ...     "personnel": -1, "available_from": "2027-01-01"}], "requirements": []})
    Traceback (most recent call last):
    ...
    pcrs.engine.errors.ScenarioError: pledges[0].personnel: must be at least 1, got -1
    """
    o = _Obj(
        data,
        "",
        {
            "name",
            "pledges",
            "requirements",
            "missions",
            "states",
            "bundles",
            "costs",
            "exclusions",
            "$schema",
        },
    )
    problem = Problem(
        pledges=o.items("pledges", _pledge),
        requirements=o.items("requirements", _requirement),
        missions=o.items("missions", _mission),
        states=o.items("states", _state),
        bundles=o.items("bundles", _bundle),
        costs=o.items("costs", _cost),
        exclusions=o.items("exclusions", _exclusion),
        name=o.text("name", required=False) or "",
    )
    check_problem(problem)
    return problem


def load_problem(path: str | Path) -> Problem:
    """Read a scenario file; JSON syntax errors are reported as a :class:`ScenarioError` too."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ScenarioError("$", f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
    except OSError as exc:
        raise ScenarioError("", f"cannot read {path}: {exc.strerror}") from None
    return problem_from_dict(data)


def _level_json(level: ReadinessLevel) -> int | str:
    return "RDL" if level is ReadinessLevel.RDL else int(level)


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The JSON form of a problem; ``problem_from_dict`` reads it back unchanged."""

    def strings(values: frozenset[str]) -> list[str]:
        return sorted(values)

    out: dict[str, Any] = {"name": problem.name} if problem.name else {}
    out["pledges"] = [
        {
            "id": p.id,
            "state": p.state,
            "capability": p.capability,
            "personnel": p.personnel,
            "women": p.women,
            "level": _level_json(p.level),
            "available_from": p.available_from.isoformat(),
            "notice_days": p.notice_days,
            "languages": strings(p.languages),
            **({"performance": p.performance} if p.performance is not None else {}),
            **({"location": p.location} if p.location else {}),
            **({"caveats": strings(p.caveats)} if p.caveats else {}),
        }
        for p in problem.pledges
    ]
    out["requirements"] = [
        {
            "id": r.id,
            "mission": r.mission,
            "capability": r.capability,
            "units": r.units,
            "needed_by": r.needed_by.isoformat(),
            "priority": r.priority.value,
            "languages": strings(r.languages),
            "min_women_share": r.min_women_share,
            "must_fill": r.must_fill,
            **({"period": r.period} if r.period else {}),
        }
        for r in problem.requirements
    ]
    out["missions"] = [
        {
            "code": m.code,
            **({"host_state": m.host_state} if m.host_state else {}),
            "excluded_states": strings(m.excluded_states),
            **({"personnel_ceiling": m.personnel_ceiling} if m.personnel_ceiling else {}),
            **({"max_state_share": m.max_state_share} if m.max_state_share is not None else {}),
        }
        for m in problem.missions
    ]
    out["states"] = [
        {
            "state": s.state,
            **({"total_cap": s.total} if s.total is not None else {}),
            **({"mission_caps": dict(s.per_mission)} if s.per_mission else {}),
            **({"period_caps": dict(s.per_period)} if s.per_period else {}),
        }
        for s in problem.states
    ]
    out["bundles"] = [{"id": b.id, "pledges": list(b.pledges)} for b in problem.bundles]
    out["costs"] = [
        {"pledge": c.pledge, "requirement": c.requirement, "cost": c.cost} for c in problem.costs
    ]
    out["exclusions"] = [
        {"pledge": e.pledge, "requirement": e.requirement, "reason": e.reason}
        for e in problem.exclusions
    ]
    return out


def save_problem(problem: Problem, path: str | Path) -> None:
    Path(path).write_text(json.dumps(problem_to_dict(problem), indent=1) + "\n", encoding="utf-8")


def allocation_to_dict(allocation: Allocation) -> dict[str, Any]:
    return {
        "status": allocation.status.value,
        "solver": allocation.solver,
        "sense": allocation.sense.value,
        "objective": allocation.objective,
        "best_bound": allocation.best_bound,
        "gap": allocation.gap,
        "wall_time": round(allocation.wall_time, 3),
        "changes": allocation.changes,
        "infeasibility": list(allocation.infeasibility),
        "assignments": [
            {"pledge": a.pledge, "requirement": a.requirement} for a in allocation.assignments
        ],
    }


def allocation_from_dict(data: object) -> Allocation:
    """Read an allocation file; only ``assignments`` is required (a hand-written plan)."""
    fields = {
        "status",
        "solver",
        "sense",
        "objective",
        "best_bound",
        "gap",
        "wall_time",
        "changes",
        "infeasibility",
        "assignments",
        "explanations",
    }
    o = _Obj(data, "", fields)

    def assignment(value: object, path: str) -> Assignment:
        a = _Obj(value, path, {"pledge", "requirement"})
        return Assignment(a.req_str("pledge"), a.req_str("requirement"))

    try:
        status = Status(o.value.get("status", "feasible"))
        sense = Sense(o.value.get("sense", "maximize"))
    except ValueError as exc:
        raise ScenarioError("status", str(exc)) from None
    return Allocation(
        status,
        o.items("assignments", assignment),
        objective=o.number("objective"),
        best_bound=o.number("best_bound"),
        gap=o.number("gap"),
        wall_time=o.number("wall_time", default=0.0) or 0.0,
        solver=o.text("solver", required=False) or "",
        sense=sense,
    )


def load_allocation(path: str | Path) -> Allocation:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ScenarioError("$", f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
    except OSError as exc:
        raise ScenarioError("", f"cannot read {path}: {exc.strerror}") from None
    return allocation_from_dict(data)


def load_schema() -> Mapping[str, Any]:
    """The JSON Schema of scenarios, for editors and for tests."""
    schema: Mapping[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema
