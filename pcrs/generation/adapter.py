"""The one adapter between the database and the engine (ADR 0002, ADR 0070).

Live rows in, a :class:`pcrs.engine.Problem` out (:func:`build_problem`); an
:class:`pcrs.engine.Allocation` and its explanations back to rows (:func:`assignment_rows`,
:func:`explanations_data`). Nothing here writes: services store what it returns.

Engine ids are the database keys as strings: a requirement's integer id, a pledge's UUID. A
joint (co-deployment) pledge becomes one engine pledge per partner State, "<UUID>:<ISO3>", in one
engine Bundle (pcrs.partnerships.generation); :func:`registry_id` maps such an id back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from typing import Any

from django.db.models import Max, Sum

from pcrs.engine import (
    Allocation,
    Assignment,
    Bundle,
    Exclusion,
    Explanation,
    Params,
    Priority,
    Problem,
    ReadinessLevel,
    StateCaps,
    Weights,
    problem_to_dict,
)
from pcrs.engine import Mission as EngineMission
from pcrs.engine import Pledge as EnginePledge
from pcrs.engine import Requirement as EngineRequirement
from pcrs.generation.conf import setting
from pcrs.generation.models import (
    CaseState,
    GenerationCase,
    HostExclusion,
    StateCap,
)
from pcrs.missions.gaps import GENDER_OF_CAPABILITY, TargetTable
from pcrs.missions.models import UNFILLED_STATUSES, Contribution, Mission, Requirement
from pcrs.partnerships.generation import joint_pledge_bundles
from pcrs.performance.selectors import pledge_performance_scores
from pcrs.registry.models import Pledge, PledgeStatus, levels_at_least

LEVELS: dict[str, ReadinessLevel] = {
    "1": ReadinessLevel.LEVEL_1,
    "2": ReadinessLevel.LEVEL_2,
    "3": ReadinessLevel.LEVEL_3,
    "rdl": ReadinessLevel.RDL,
}
PRIORITIES: dict[str, Priority] = {
    "critical": Priority.CRITICAL,
    "high": Priority.HIGH,
    "routine": Priority.ROUTINE,
}
# Case states in which a pledge is spoken for: it is not offered to another requirement, and
# it counts against its requirement's units.
ACTIVE_CASE_STATES = (
    CaseState.SHORTLISTED,
    CaseState.NOTE_VERBALE_SENT,
    CaseState.ACCEPTED,
    CaseState.RECONNAISSANCE,
    CaseState.PRE_DEPLOYMENT,
    CaseState.MOU_AGREED,
)
WEIGHT_NAMES = tuple(Weights.__dataclass_fields__)


@dataclass(frozen=True)
class RunRequest:
    """What the Secretariat asks a run for. Stored as the run's parameters."""

    missions: tuple[str, ...] = ()  # acronyms; empty: every mission with gaps
    requirements: tuple[int, ...] = ()  # requirement ids; empty: all of those missions
    horizon_days: int | None = None  # only requirements needed within this many days
    min_level: str = "2"
    time_limit: float = 10.0
    seed: int = 0
    weights: dict[str, float] = field(default_factory=dict)
    # (requirement id, pledge id): kept as they are; the rest is re-planned around them.
    locks: tuple[tuple[int, str], ...] = ()
    # (requirement id, pledge id, reason): never proposed for that requirement.
    exclusions: tuple[tuple[int, str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["locks"] = [list(x) for x in self.locks]
        data["exclusions"] = [list(x) for x in self.exclusions]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunRequest:
        return cls(
            missions=tuple(data.get("missions") or ()),
            requirements=tuple(int(x) for x in data.get("requirements") or ()),
            horizon_days=data.get("horizon_days"),
            min_level=str(data.get("min_level") or "2"),
            time_limit=float(data.get("time_limit") or setting("DEFAULT_TIME_LIMIT_SECONDS")),
            seed=int(data.get("seed") or 0),
            weights=dict(data.get("weights") or {}),
            locks=tuple((int(r), str(p)) for r, p in data.get("locks") or ()),
            exclusions=tuple(
                (int(r), str(p), str(reason)) for r, p, reason in data.get("exclusions") or ()
            ),
        )


@dataclass
class Built:
    """An engine problem and the rows behind its ids."""

    problem: Problem
    params: Params
    requirements: dict[str, Requirement]
    pledges: dict[str, Pledge]
    locked: list[tuple[Requirement, Pledge]]
    notes: list[str]
    # Registry pledge id -> its engine pledge ids (several for a joint pledge's partners).
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def engine_ids(self, pledge_id: str) -> tuple[str, ...]:
        return self.members.get(pledge_id, (pledge_id,))

    def snapshot(self) -> dict[str, Any]:
        data = problem_to_dict(self.problem)
        data["locked"] = sorted([str(r.pk), str(p.pk)] for r, p in self.locked)
        return data

    def input_hash(self) -> str:
        text = json.dumps(self.snapshot(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def engine_version() -> str:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "unknown"

    return f"pcrs.engine {version('pcrs')}, ortools {version('ortools')}"


def params_for(request: RunRequest) -> Params:
    weights = Weights(**{k: float(v) for k, v in request.weights.items() if k in WEIGHT_NAMES})
    return Params(
        weights=weights,
        time_limit=float(request.time_limit),
        threads=max(1, setting("THREADS")),
        seed=request.seed,
        allow_level_1=request.min_level == "1",
    )


def open_requirements(request: RunRequest, *, today: dt.date) -> list[Requirement]:
    """The unfilled requirements the request covers, in a stable order."""
    qs = Requirement.objects.filter(status__in=UNFILLED_STATUSES).select_related(
        "mission", "mission__host_country", "capability_type"
    )
    if request.missions:
        qs = qs.filter(mission__acronym__in=request.missions)
    if request.requirements:
        qs = qs.filter(pk__in=request.requirements)
    if request.horizon_days is not None:
        qs = qs.filter(required_by__lte=today + dt.timedelta(days=request.horizon_days))
    return list(qs.order_by("pk"))


def state_caps(iso3s: set[str]) -> list[StateCaps]:
    """Each State's cap: its StateCap row, else a share of what it deploys today (conf.py)."""
    rows = dict(
        StateCap.objects.filter(member_state__iso3__in=iso3s).values_list(
            "member_state__iso3", "total"
        )
    )
    latest = Contribution.objects.aggregate(m=Max("month"))["m"]
    deployed: dict[str, int] = {}
    if latest is not None:
        deployed = {
            iso3: int(total or 0)
            for iso3, total in Contribution.objects.filter(
                month=latest, member_state__iso3__in=iso3s
            )
            .values_list("member_state__iso3")
            .annotate(t=Sum("total"))
        }
    percent, minimum = setting("DEFAULT_CAP_PERCENT"), setting("DEFAULT_CAP_MINIMUM")
    caps = []
    for iso3 in sorted(iso3s):
        total = rows.get(iso3)
        if total is None:
            total = max(minimum, deployed.get(iso3, 0) * percent // 100)
        caps.append(StateCaps(iso3, total=total))
    return caps


def _pledge(
    p: Pledge, *, today: dt.date, missions: dict[int, Mission], performance: float | None
) -> EnginePledge:
    caveats = {m.acronym for m in p.caveat_missions.all() if m.pk in missions}
    regions = set(p.caveat_regions or [])
    if regions:
        for mission in missions.values():
            host = mission.host_country
            if host is not None and ({host.region, host.subregion} & regions):
                caveats.add(mission.acronym)
    return EnginePledge(
        id=str(p.pk),
        state=p.member_state.iso3,
        capability=p.capability_type.code,
        personnel=p.personnel,
        women=p.women,
        level=LEVELS[p.readiness_level],
        # A unit cannot leave before today, whatever date its pledge gave.
        available_from=max(p.available_from, today),
        notice_days=p.notice_to_move_days,
        languages=frozenset(p.languages or []),
        # The State's (and this unit's own) evaluations, decayed (pcrs.performance, ADR 0102);
        # None when nothing is recorded: the engine then uses its default.
        performance=performance,
        caveats=frozenset(caveats),
    )


def build_problem(
    request: RunRequest, *, today: dt.date, previous_notes: list[str] | None = None
) -> Built:
    """Live data -> engine problem for the requirements and pledges the request covers."""
    notes = list(previous_notes or [])
    requirements = open_requirements(request, today=today)
    missions = {r.mission_id: r.mission for r in requirements}
    active_cases = list(
        GenerationCase.objects.filter(state__in=ACTIVE_CASE_STATES).values_list(
            "requirement_id", "pledge_id"
        )
    )
    deployed_cases = GenerationCase.objects.filter(
        state=CaseState.DEPLOYED, requirement__in=requirements
    ).values_list("requirement_id", flat=True)
    taken: dict[int, int] = defaultdict(int)
    for req_id, _ in active_cases:
        taken[req_id] += 1
    for req_id in deployed_cases:
        taken[req_id] += 1
    busy_pledges = {str(p) for _, p in active_cases}

    by_req = {r.pk: r for r in requirements}
    locked: list[tuple[Requirement, Pledge]] = []
    lock_rows = Pledge.objects.filter(pk__in=[p for _, p in request.locks]).select_related(
        "member_state", "capability_type"
    )
    lock_pledges = {str(p.pk): p for p in lock_rows}
    for req_id, pledge_id in request.locks:
        req, pledge = by_req.get(req_id), lock_pledges.get(pledge_id)
        if req is None or pledge is None:
            notes.append(f"Lock of requirement {req_id} to pledge {pledge_id} no longer applies.")
            continue
        locked.append((req, pledge))
        taken[req.pk] += 1
        busy_pledges.add(pledge_id)

    targets = TargetTable.load()
    engine_reqs: list[EngineRequirement] = []
    rows: dict[str, Requirement] = {}
    for r in requirements:
        units = r.units - taken.get(r.pk, 0)
        if units <= 0:
            notes.append(f"{r}: every unit is already in outreach or deployed.")
            continue
        category = GENDER_OF_CAPABILITY.get(r.capability_type.category, "")
        target = targets.target(category, r.required_by.year) or 0
        share = max(float(r.min_women_percent), float(target)) / 100
        engine_reqs.append(
            EngineRequirement(
                id=str(r.pk),
                mission=r.mission.acronym,
                capability=r.capability_type.code,
                needed_by=r.required_by,
                units=units,
                priority=PRIORITIES.get(r.priority, Priority.ROUTINE),
                languages=frozenset(r.languages or []),
                min_women_share=min(share, 1.0),
            )
        )
        rows[str(r.pk)] = r

    capability_ids = {rows[r.id].capability_type_id for r in engine_reqs}
    pledge_qs = (
        Pledge.objects.live()
        .exclude(status=PledgeStatus.DEPLOYED)
        .filter(
            readiness_level__in=levels_at_least(request.min_level),
            capability_type_id__in=capability_ids,
        )
        .select_related("member_state", "capability_type")
        .prefetch_related(
            "caveat_missions", "partners__member_state", "partners__regional_organization"
        )
        .order_by("pk")
    )
    pledges = {str(p.pk): p for p in pledge_qs if str(p.pk) not in busy_pledges}
    scores = pledge_performance_scores(pledges=pledges.values(), on=today)
    engine_pledges = [
        _pledge(p, today=today, missions=missions, performance=scores.get(p.pk))
        for p in pledges.values()
    ]
    engine_pledges, bundles, members = _co_deployments(engine_pledges, pledges)

    excluded_by_host: dict[int, set[str]] = defaultdict(set)
    for mission_id, iso3 in HostExclusion.objects.filter(mission__in=missions).values_list(
        "mission_id", "member_state__iso3"
    ):
        excluded_by_host[mission_id].add(iso3)
    engine_missions = [
        EngineMission(
            code=m.acronym,
            host_state=m.host_country.iso3 if m.host_country else None,
            excluded_states=frozenset(excluded_by_host.get(m.pk, set())),
        )
        for m in sorted(missions.values(), key=lambda m: m.acronym)
    ]

    exclusions: list[Exclusion] = []
    for case in GenerationCase.objects.filter(
        state__in=[CaseState.DECLINED, CaseState.NO_ANSWER], requirement__in=requirements
    ).select_related("member_state"):
        if str(case.pledge_id) in pledges and str(case.requirement_id) in rows:
            why = (
                f"declined by {case.member_state.iso3}: {case.decline_reason}"
                if case.state == CaseState.DECLINED
                else f"no answer from {case.member_state.iso3} by {case.answer_deadline}"
            )
            exclusions.extend(
                Exclusion(member, str(case.requirement_id), why)
                for member in members.get(str(case.pledge_id), (str(case.pledge_id),))
            )
    for req_id, pledge_id, reason in request.exclusions:
        if pledge_id in pledges and str(req_id) in rows:
            exclusions.extend(
                Exclusion(member, str(req_id), reason or "excluded by planner")
                for member in members.get(pledge_id, (pledge_id,))
            )

    problem = Problem(
        pledges=tuple(engine_pledges),
        requirements=tuple(engine_reqs),
        missions=tuple(engine_missions),
        states=tuple(state_caps({p.state for p in engine_pledges})),
        exclusions=tuple(exclusions),
        bundles=tuple(bundles),
        name=", ".join(m.acronym for m in missions.values()) or "no requirement",
    )
    return Built(
        problem=problem,
        params=params_for(request),
        requirements=rows,
        pledges=pledges,
        locked=locked,
        notes=notes,
        members=members,
    )


def _co_deployments(
    engine_pledges: list[EnginePledge], pledges: dict[str, Pledge]
) -> tuple[list[EnginePledge], list[Bundle], dict[str, tuple[str, ...]]]:
    """Each joint pledge's engine pledge split into one per partner State (its own personnel
    and women, counting against its own State's caps), bound together in one Bundle."""
    by_id = {p.id: p for p in engine_pledges}
    bundles: list[Bundle] = []
    members: dict[str, tuple[str, ...]] = {}
    for joint in joint_pledge_bundles(pledges.values()):
        base = by_id.pop(joint.pledge_id, None)
        if base is None:
            continue
        parts = [
            replace(base, id=member_id, state=state, personnel=personnel, women=women)
            for member_id, state, personnel, women in joint.engine_shares()
        ]
        by_id.update({part.id: part for part in parts})
        members[joint.pledge_id] = tuple(part.id for part in parts)
        bundles.append(Bundle(joint.pledge_id, members[joint.pledge_id]))
    return list(by_id.values()), bundles, members


def registry_id(engine_id: str) -> str:
    """The registry pledge behind an engine pledge id (a joint pledge's partner part included)."""
    return engine_id.split(":", 1)[0]


def previous_assignments(
    rows: list[tuple[int, str]], built: Built | None = None
) -> tuple[Assignment, ...]:
    """A stored run's (requirement id, pledge id) pairs as engine assignments (re-planning); a
    joint pledge's row stands for each of its partner parts."""
    return tuple(
        Assignment(member, str(req))
        for req, pledge in rows
        for member in (built.engine_ids(pledge) if built is not None else (pledge,))
    )


def assignment_rows(
    built: Built, allocation: Allocation, explanations: list[Explanation]
) -> list[tuple[Requirement, Pledge, float, bool]]:
    """The plan as (requirement, pledge, score, locked) rows, the planner's locks first; a joint
    pledge's partner parts, placed together, are one row of their registry pledge."""
    scores: dict[tuple[str, str], float] = {}
    for story in explanations:
        for chosen in story.chosen:
            for pledge_id in chosen.pledges:
                scores[story.requirement, registry_id(pledge_id)] = chosen.score
    rows = [(r, p, 0.0, True) for r, p in built.locked]
    seen: set[tuple[str, str]] = set()
    for a in allocation.assignments:
        key = (a.requirement, registry_id(a.pledge))
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            (
                built.requirements[a.requirement],
                built.pledges[key[1]],
                scores.get(key, 0.0),
                False,
            )
        )
    return rows


def _registry_ids(engine_ids: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(registry_id(i) for i in engine_ids))


def _registry_text(text: str) -> str:
    """Reasons name a joint pledge's partner part "<UUID>:<ISO3>": keep the pledge and say the
    partner in words."""
    return re.sub(r"([0-9a-f-]{36}):([A-Z]{3})", r"\1 (part of \2)", text)


def explanations_data(explanations: list[Explanation]) -> dict[str, Any]:
    """The engine's stories as JSON, keyed by requirement id."""
    return {
        e.requirement: {
            "units": e.units,
            "filled": e.filled,
            "gap_reason": _registry_text(e.gap_reason),
            "chosen": [
                {
                    "pledges": _registry_ids(c.pledges),
                    "score": round(c.score, 3),
                    "terms": dict(c.terms),
                }
                for c in e.chosen
            ],
            "runners_up": [
                {
                    "pledges": _registry_ids(r.pledges),
                    "score": round(r.score, 3),
                    "kind": r.kind.value,
                    "reason": _registry_text(r.reason),
                }
                for r in e.runners_up
            ],
        }
        for e in explanations
    }
