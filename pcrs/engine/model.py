"""The force-generation problem: pledges, requirements, missions, caps, bundles.

Everything here is a frozen dataclass so that a problem can be shared between solvers, the
validator and the explainer without anyone changing it underneath the others. The field names
follow docs/engine.md and the JSON Schema in ``scenario.schema.json``; ``scenario.py`` reads and
writes the JSON form, :func:`check_problem` rejects inconsistent data with the JSON path of the
first problem it finds.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from pcrs.engine.errors import ScenarioError


class ReadinessLevel(enum.IntEnum):
    """PCRS readiness levels; a higher value is a readier unit (RDL above Level 3)."""

    LEVEL_1 = 1
    LEVEL_2 = 2
    LEVEL_3 = 3
    RDL = 4

    @property
    def label(self) -> str:
        """Planner wording: ``Level 2`` or ``RDL``."""
        return "RDL" if self is ReadinessLevel.RDL else f"Level {int(self)}"


class Priority(enum.Enum):
    """How badly a mission needs a requirement filled."""

    CRITICAL = "critical"
    HIGH = "high"
    ROUTINE = "routine"


def _frozen_map(values: Mapping[str, int] | None = None) -> Mapping[str, int]:
    return MappingProxyType(dict(values or {}))


@dataclass(frozen=True)
class Pledge:
    """A unit (or a group of officers) a Member State offers for deployment.

    ``caveats`` are the missions this pledge may not be sent to (national caveats). The unit can
    arrive ``notice_days`` after ``available_from``. ``performance`` is a past-evaluation score
    in [0, 1], unknown when ``None``.

    >>> Pledge("P1", "NPL", "infantry_battalion", 850).arrival
    datetime.date(2027, 1, 1)
    """

    id: str
    state: str
    capability: str
    personnel: int
    women: int = 0
    level: ReadinessLevel = ReadinessLevel.LEVEL_2
    available_from: dt.date = dt.date(2027, 1, 1)
    notice_days: int = 0
    languages: frozenset[str] = frozenset()
    performance: float | None = None
    location: str | None = None
    caveats: frozenset[str] = frozenset()

    @property
    def arrival(self) -> dt.date:
        """The earliest date the unit can be in the mission area."""
        return self.available_from + dt.timedelta(days=self.notice_days)


@dataclass(frozen=True)
class Requirement:
    """A mission's need for ``units`` units of one capability, by a date.

    ``units`` > 1 is one requirement filled by up to that many pledges (the solvers treat it as
    one node with that capacity, not as copies: copies only add symmetric solutions).
    ``must_fill`` turns filling every unit into a hard constraint. ``period`` names the rotation
    period (``2027Q1``) that per-period State caps count against.
    """

    id: str
    mission: str
    capability: str
    needed_by: dt.date
    units: int = 1
    priority: Priority = Priority.ROUTINE
    languages: frozenset[str] = frozenset()
    min_women_share: float = 0.0
    must_fill: bool = False
    period: str | None = None


@dataclass(frozen=True)
class Mission:
    """A field mission, its host country and its limit on any one State's share.

    ``excluded_states`` are States the host country does not accept. One State may provide at
    most ``max_state_share`` of ``personnel_ceiling`` personnel to the mission.
    """

    code: str
    host_state: str | None = None
    excluded_states: frozenset[str] = frozenset()
    personnel_ceiling: int | None = None
    max_state_share: float | None = None

    @property
    def state_share_cap(self) -> int | None:
        """The share limit in personnel, or ``None`` when the mission sets none.

        >>> Mission("MINUSCA", personnel_ceiling=14400, max_state_share=0.3).state_share_cap
        4320
        """
        if self.personnel_ceiling is None or self.max_state_share is None:
            return None
        # Round down: a limit of 30% must not be read as "30% and a bit".
        return int(self.personnel_ceiling * self.max_state_share + 1e-9)


@dataclass(frozen=True)
class StateCaps:
    """How many personnel a Member State is willing to deploy: in all, per mission, per period."""

    state: str
    total: int | None = None
    per_mission: Mapping[str, int] = field(default_factory=_frozen_map)
    per_period: Mapping[str, int] = field(default_factory=_frozen_map)

    def __post_init__(self) -> None:
        # Accept plain dicts from callers but never let them change the caps afterwards.
        object.__setattr__(self, "per_mission", _frozen_map(self.per_mission))
        object.__setattr__(self, "per_period", _frozen_map(self.per_period))


@dataclass(frozen=True)
class Bundle:
    """A co-deployment: pledges (often of several States) that can only be used together.

    The bundle fills one unit of one requirement; every member's personnel counts against its
    own State's caps. All members offer the same capability.
    """

    id: str
    pledges: tuple[str, ...]


@dataclass(frozen=True)
class PairCost:
    """Cost (lift cost, transit days, ...) of sending a pledge to a requirement.

    Any unit the scenario likes; a negative cost is a benefit.
    """

    pledge: str
    requirement: str
    cost: float


@dataclass(frozen=True)
class Exclusion:
    """An explicit ban of one pledge from one requirement, with the reason planners gave."""

    pledge: str
    requirement: str
    reason: str = "excluded by the planner"


@dataclass(frozen=True)
class Problem:
    """A force-generation scenario: the input of every solver.

    >>> p = Problem(
    ...     pledges=(Pledge("P1", "NPL", "fpu", 140, level=ReadinessLevel.RDL),),
    ...     requirements=(Requirement("R1", "MINUSCA", "fpu", dt.date(2027, 3, 1)),),
    ...     missions=(Mission("MINUSCA", host_state="CAF"),),
    ... )
    >>> check_problem(p)
    >>> p.pledge("P1").state
    'NPL'
    """

    pledges: tuple[Pledge, ...]
    requirements: tuple[Requirement, ...]
    missions: tuple[Mission, ...] = ()
    states: tuple[StateCaps, ...] = ()
    bundles: tuple[Bundle, ...] = ()
    costs: tuple[PairCost, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    name: str = ""

    @cached_property
    def pledge_by_id(self) -> Mapping[str, Pledge]:
        return MappingProxyType({p.id: p for p in self.pledges})

    @cached_property
    def requirement_by_id(self) -> Mapping[str, Requirement]:
        return MappingProxyType({r.id: r for r in self.requirements})

    @cached_property
    def mission_by_code(self) -> Mapping[str, Mission]:
        return MappingProxyType({m.code: m for m in self.missions})

    @cached_property
    def caps_by_state(self) -> Mapping[str, StateCaps]:
        return MappingProxyType({s.state: s for s in self.states})

    def pledge(self, pledge_id: str) -> Pledge:
        return self.pledge_by_id[pledge_id]

    def requirement(self, requirement_id: str) -> Requirement:
        return self.requirement_by_id[requirement_id]

    def mission(self, code: str) -> Mission:
        """The mission with this code; an undeclared one has no host and no limits."""
        return self.mission_by_code.get(code) or Mission(code)


def _unique(ids: list[str], what: str) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(ids):
        if item in seen:
            raise ScenarioError(
                f"{what}[{index}].id", f"duplicate id {item!r} (also {what}[{seen[item]}])"
            )
        seen[item] = index


def check_problem(problem: Problem) -> None:
    """Raise :class:`ScenarioError` naming the JSON path of the first inconsistency.

    Checks what a type checker cannot: unique ids, references to known pledges, requirements and
    missions, no negative size or cap, shares within [0, 1], sound bundles. Paths use the order
    of the tuples, which is the order of the JSON arrays.

    >>> bad = Problem(pledges=(Pledge("P1", "NPL", "fpu", -5),), requirements=())
    >>> check_problem(bad)
    Traceback (most recent call last):
    ...
    pcrs.engine.errors.ScenarioError: pledges[0].personnel: must be at least 1, got -5
    """
    _unique([p.id for p in problem.pledges], "pledges")
    _unique([r.id for r in problem.requirements], "requirements")
    _unique([b.id for b in problem.bundles], "bundles")
    for index, mission in enumerate(problem.missions):
        if sum(m.code == mission.code for m in problem.missions[:index]):
            raise ScenarioError(f"missions[{index}].code", f"duplicate mission {mission.code!r}")
        if mission.personnel_ceiling is not None and mission.personnel_ceiling < 0:
            raise ScenarioError(f"missions[{index}].personnel_ceiling", "must not be negative")
        if mission.max_state_share is not None and not 0 <= mission.max_state_share <= 1:
            raise ScenarioError(f"missions[{index}].max_state_share", "must be between 0 and 1")

    for index, pledge in enumerate(problem.pledges):
        where = f"pledges[{index}]"
        if pledge.personnel < 1:
            raise ScenarioError(f"{where}.personnel", f"must be at least 1, got {pledge.personnel}")
        if not 0 <= pledge.women <= pledge.personnel:
            raise ScenarioError(
                f"{where}.women", f"must be between 0 and personnel ({pledge.personnel})"
            )
        if pledge.notice_days < 0:
            raise ScenarioError(f"{where}.notice_days", "must not be negative")
        if pledge.performance is not None and not 0 <= pledge.performance <= 1:
            raise ScenarioError(f"{where}.performance", "must be between 0 and 1")

    missions = problem.mission_by_code
    for index, req in enumerate(problem.requirements):
        where = f"requirements[{index}]"
        if missions and req.mission not in missions:
            raise ScenarioError(f"{where}.mission", f"unknown mission {req.mission!r}")
        if req.units < 1:
            raise ScenarioError(f"{where}.units", f"must be at least 1, got {req.units}")
        if not 0 <= req.min_women_share <= 1:
            raise ScenarioError(f"{where}.min_women_share", "must be between 0 and 1")

    for index, caps in enumerate(problem.states):
        where = f"states[{index}]"
        if sum(s.state == caps.state for s in problem.states[:index]):
            raise ScenarioError(f"{where}.state", f"duplicate caps for {caps.state!r}")
        if caps.total is not None and caps.total < 0:
            raise ScenarioError(f"{where}.total_cap", f"must not be negative, got {caps.total}")
        for mission_code, cap in caps.per_mission.items():
            if missions and mission_code not in missions:
                raise ScenarioError(
                    f"{where}.mission_caps.{mission_code}", f"unknown mission {mission_code!r}"
                )
            if cap < 0:
                raise ScenarioError(f"{where}.mission_caps.{mission_code}", "must not be negative")
        for period, cap in caps.per_period.items():
            if cap < 0:
                raise ScenarioError(f"{where}.period_caps.{period}", "must not be negative")

    pledges = problem.pledge_by_id
    bundled: dict[str, str] = {}
    for index, bundle in enumerate(problem.bundles):
        where = f"bundles[{index}]"
        if len(bundle.pledges) < 2:
            raise ScenarioError(f"{where}.pledges", "a co-deployment needs at least two pledges")
        for member_index, pledge_id in enumerate(bundle.pledges):
            member = f"{where}.pledges[{member_index}]"
            if pledge_id not in pledges:
                raise ScenarioError(member, f"unknown pledge {pledge_id!r}")
            if pledge_id in bundled:
                raise ScenarioError(
                    member, f"pledge {pledge_id!r} is already in bundle {bundled[pledge_id]!r}"
                )
            bundled[pledge_id] = bundle.id
            lead = pledges[bundle.pledges[0]]
            if pledges[pledge_id].capability != lead.capability:
                raise ScenarioError(
                    member,
                    f"capability {pledges[pledge_id].capability!r} differs from the bundle's "
                    f"{lead.capability!r}",
                )

    requirements = problem.requirement_by_id
    pair_lists: tuple[tuple[str, Sequence[PairCost | Exclusion]], ...] = (
        ("costs", problem.costs),
        ("exclusions", problem.exclusions),
    )
    for name, pairs in pair_lists:
        for index, pair in enumerate(pairs):
            if pair.pledge not in pledges:
                raise ScenarioError(f"{name}[{index}].pledge", f"unknown pledge {pair.pledge!r}")
            if pair.requirement not in requirements:
                raise ScenarioError(
                    f"{name}[{index}].requirement", f"unknown requirement {pair.requirement!r}"
                )
