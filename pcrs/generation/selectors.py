"""Reads of force generation, and who may see them (permissions.py says the rules)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from pcrs.core.lookups import visible_one
from pcrs.generation import permissions
from pcrs.generation.adapter import ACTIVE_CASE_STATES, LEVELS
from pcrs.generation.models import (
    CaseEvent,
    CaseState,
    GenerationCase,
    GenerationRun,
    Notification,
)
from pcrs.generation.workflow import Who
from pcrs.missions.models import UNFILLED_STATUSES, Requirement
from pcrs.registry.models import LEVEL_RANK, Pledge, PledgeStatus

RUN_NOT_FOUND = "No generation run matches the given query."
CASE_NOT_FOUND = "No generation case matches the given query."
REQUIREMENT_NOT_FOUND = "No requirement matches the given query."


# --- Runs ----------------------------------------------------------------------------------


def runs_visible_to(user: Any) -> QuerySet[GenerationRun]:
    if not permissions.is_secretariat(user):
        return GenerationRun.objects.none()
    return GenerationRun.objects.select_related("created_by")


def access_run(*, user: Any, id: Any) -> GenerationRun:
    """The run if this user may see it; the same 404 for missing and not yours."""
    return visible_one(runs_visible_to(user), id, RUN_NOT_FOUND)


def access_requirement_candidates(*, user: Any, id: Any) -> Requirement:
    """A requirement whose candidates (named pledges) this user may see: the Secretariat."""
    if not permissions.is_secretariat(user):
        raise Http404(REQUIREMENT_NOT_FOUND)
    return visible_one(
        Requirement.objects.select_related("mission", "capability_type"), id, REQUIREMENT_NOT_FOUND
    )


def pledge_label(pledge: Pledge) -> str:
    level = dict(LEVEL_NAMES).get(pledge.readiness_level, "no level")
    return f"{pledge.member_state.iso3} {pledge.title or pledge.capability_type.name} ({level})"


LEVEL_NAMES = (("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3"), ("rdl", "RDL"))


@dataclass
class Proposal:
    pledge: Pledge
    label: str
    score: float
    locked: bool
    terms: dict[str, float]
    case: GenerationCase | None = None


@dataclass
class RunnerUp:
    pledge_ids: list[str]
    label: str
    score: float
    kind: str
    reason: str


@dataclass
class ReviewLine:
    requirement: Requirement
    units: int
    proposals: list[Proposal] = field(default_factory=list)
    runners_up: list[RunnerUp] = field(default_factory=list)
    gap_reason: str = ""

    @property
    def unfilled(self) -> int:
        return max(0, self.units - len(self.proposals))


def _words(text: str, labels: dict[str, str]) -> str:
    """Engine reasons name pledges by id; planners read the State and unit instead."""
    for pid, label in labels.items():
        text = text.replace(pid, label)
    return text


def run_review(run: GenerationRun) -> list[ReviewLine]:
    """Per requirement: the proposed pledges, the runners-up and why, the unfilled and why."""
    assignments = list(
        run.assignments.select_related(
            "pledge__member_state",
            "pledge__capability_type",
            "requirement__mission",
            "requirement__capability_type",
        )
    )
    ids: set[str] = {str(a.pledge_id) for a in assignments}
    for story in run.explanations.values():
        for r in story.get("runners_up", []):
            ids.update(r["pledges"])
    pledges = {
        str(p.pk): p
        for p in Pledge.objects.filter(pk__in=ids).select_related("member_state", "capability_type")
    }
    labels = {pid: pledge_label(p) for pid, p in pledges.items()}
    cases = {
        (c.requirement_id, str(c.pledge_id)): c
        for c in GenerationCase.objects.filter(run=run).exclude(state=CaseState.CLOSED)
    }
    req_ids = {int(k) for k in run.explanations} | {a.requirement_id for a in assignments}
    requirements = {
        r.pk: r
        for r in Requirement.objects.filter(pk__in=req_ids).select_related(
            "mission", "capability_type"
        )
    }
    lines: dict[int, ReviewLine] = {}
    for rid in sorted(req_ids, key=lambda k: (requirements[k].mission.acronym, k)):
        story = run.explanations.get(str(rid), {})
        req = requirements[rid]
        lines[rid] = ReviewLine(
            requirement=req,
            units=req.units,
            gap_reason=_words(story.get("gap_reason", ""), labels),
            runners_up=[
                RunnerUp(
                    pledge_ids=r["pledges"],
                    label=" + ".join(labels.get(p, p) for p in r["pledges"]),
                    score=r["score"],
                    kind=r["kind"],
                    reason=_words(r["reason"], labels),
                )
                for r in story.get("runners_up", [])
            ],
        )
    for a in assignments:
        story = run.explanations.get(str(a.requirement_id), {})
        terms: dict[str, float] = next(
            (c["terms"] for c in story.get("chosen", []) if str(a.pledge_id) in c["pledges"]), {}
        )
        lines[a.requirement_id].proposals.append(
            Proposal(
                pledge=a.pledge,
                label=labels.get(str(a.pledge_id), str(a.pledge)),
                score=a.score,
                locked=a.locked,
                terms={k: v for k, v in terms.items() if v},
                case=cases.get((a.requirement_id, str(a.pledge_id))),
            )
        )
    return list(lines.values())


def run_pairs(run: GenerationRun) -> dict[int, set[str]]:
    pairs: dict[int, set[str]] = defaultdict(set)
    for req_id, pledge_id in run.assignments.values_list("requirement_id", "pledge_id"):
        pairs[req_id].add(str(pledge_id))
    return pairs


# --- Cases ---------------------------------------------------------------------------------


def cases_visible_to(user: Any) -> QuerySet[GenerationCase]:
    qs = GenerationCase.objects.select_related(
        "requirement__mission", "requirement__capability_type", "member_state", "pledge"
    )
    if permissions.is_secretariat(user):
        return qs
    if (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.member_state_id
        and permissions.is_focal_point_of(user, user.member_state_id)
    ):
        # A shortlist is the Secretariat's working list: the State learns of a request when
        # the note verbale is sent.
        return qs.filter(member_state_id=user.member_state_id).exclude(state=CaseState.SHORTLISTED)
    return qs.none()


def access_case(*, user: Any, id: Any) -> GenerationCase:
    return visible_one(cases_visible_to(user), id, CASE_NOT_FOUND)


def who_on_case(user: Any, case: GenerationCase) -> Who:
    """The actor's standing on a case it can see (access_case has answered 404 otherwise)."""
    if user is None:
        return Who.SYSTEM
    if permissions.is_secretariat(user):
        return Who.SECRETARIAT
    if permissions.is_focal_point_of(user, case.member_state_id):
        return Who.STATE
    raise Http404(CASE_NOT_FOUND)


def case_timeline(*, user: Any, case: GenerationCase) -> list[CaseEvent]:
    events = case.events.select_related("actor")
    if permissions.is_secretariat(user):
        return list(events)
    return list(events.filter(shared_with_state=True))


def notifications_for(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).select_related("case")


# --- Outreach lists ------------------------------------------------------------------------


@dataclass
class OutreachLine:
    state: str
    state_name: str
    pledges: list[tuple[Pledge, list[str]]]  # (pledge, what it lacks; [] = fits now)


def _lacks(p: Pledge, r: Requirement, *, today: dt.date, max_late_days: int = 60) -> list[str]:
    lacks: list[str] = []
    if LEVEL_RANK.get(p.readiness_level, 0) < LEVEL_RANK["2"]:
        have = dict(LEVEL_NAMES).get(p.readiness_level, "no level yet")
        lacks.append(f"level: {have}, Level 2 needed")
    arrival = max(p.available_from, today) + dt.timedelta(days=p.notice_to_move_days)
    late = (arrival - r.required_by).days
    if late > max_late_days:
        lacks.append(f"date: arrives {arrival}, {late} days after {r.required_by}")
    wanted = set(r.languages or [])
    if wanted and not wanted & set(p.languages or []):
        lacks.append(f"language: none of {', '.join(sorted(wanted))}")
    needed = {str(e.get("item", "")) for e in (r.major_equipment or []) if isinstance(e, dict)}
    if needed:
        have_items = {e.item for e in p.equipment.all()}
        missing = sorted(i for i in needed if i and i not in have_items)
        if missing:
            lacks.append(f"equipment: {', '.join(missing)}")
    return lacks


def outreach_lists(
    requirement: Requirement, *, today: dt.date
) -> tuple[list[OutreachLine], list[OutreachLine]]:
    """States to approach for a requirement: pledges that fit now, and those that nearly fit
    (one or two things missing: level, date, language, equipment)."""
    qs = (
        Pledge.objects.live()
        .exclude(status=PledgeStatus.DEPLOYED)
        .filter(capability_type_id=requirement.capability_type_id)
        .exclude(caveat_missions=requirement.mission_id)
        .select_related("member_state", "capability_type")
        .prefetch_related("equipment")
        .order_by("member_state__iso3", "pk")
    )
    fits: dict[str, OutreachLine] = {}
    near: dict[str, OutreachLine] = {}
    for p in qs:
        lacks = _lacks(p, requirement, today=today)
        target = fits if not lacks else near if len(lacks) <= 2 else None
        if target is None:
            continue
        line = target.setdefault(
            p.member_state.iso3, OutreachLine(p.member_state.iso3, p.member_state.name, [])
        )
        line.pledges.append((p, lacks))
    return list(fits.values()), list(near.values())


# --- What-if -------------------------------------------------------------------------------


@dataclass
class WhatIfArrival:
    pledge: Pledge
    label: str
    level: str
    arrives_on: dt.date


@dataclass
class WhatIfLine:
    capability_type: str
    capability_name: str
    units: int
    arrivals: list[WhatIfArrival]
    unfilled: int
    why: str


def what_if(
    *, needs: list[tuple[Any, int]], deadline_days: int, today: dt.date
) -> list[WhatIfLine]:
    """What can arrive by the deadline for each need: RDL first, then Level 3, each by notice
    to move; what stays unfilled and why. Reads only."""
    deadline = today + dt.timedelta(days=deadline_days)
    busy = set(
        GenerationCase.objects.filter(state__in=ACTIVE_CASE_STATES).values_list(
            "pledge_id", flat=True
        )
    )
    taken: set[Any] = set()
    lines: list[WhatIfLine] = []
    for capability, units in needs:
        pool = [
            p
            for p in Pledge.objects.live()
            .exclude(status=PledgeStatus.DEPLOYED)
            .filter(capability_type=capability, readiness_level__in=["3", "rdl"])
            .select_related("member_state", "capability_type")
            if p.pk not in busy and p.pk not in taken
        ]

        def arrival(p: Pledge) -> dt.date:
            return max(p.available_from, today) + dt.timedelta(days=p.notice_to_move_days)

        pool.sort(key=lambda p: (-int(LEVELS[p.readiness_level]), arrival(p), str(p.pk)))
        arrivals = [
            WhatIfArrival(p, pledge_label(p), dict(LEVEL_NAMES)[p.readiness_level], arrival(p))
            for p in pool
            if arrival(p) <= deadline
        ][:units]
        taken.update(a.pledge.pk for a in arrivals)
        unfilled = units - len(arrivals)
        why = ""
        if unfilled:
            later = [p for p in pool if arrival(p) > deadline]
            lower = (
                Pledge.objects.live()
                .exclude(status=PledgeStatus.DEPLOYED)
                .filter(capability_type=capability, readiness_level="2")
                .count()
            )
            if later:
                why = (
                    f"{len(later)} more RDL or Level 3 pledge(s) exist but arrive after "
                    f"{deadline} (earliest {min(arrival(p) for p in later)})"
                )
            else:
                why = "no other RDL or Level 3 pledge of this type is free"
            if lower:
                why += f"; {lower} Level 2 pledge(s) would need verification first"
        lines.append(
            WhatIfLine(
                capability_type=capability.code,
                capability_name=capability.name,
                units=units,
                arrivals=arrivals,
                unfilled=unfilled,
                why=why,
            )
        )
    return lines


# --- Metrics -------------------------------------------------------------------------------


@dataclass
class MetricLine:
    mission: str
    capability: str
    to_note_verbale: float | None
    to_answer: float | None
    to_deployment: float | None
    cases: int


def generation_metrics() -> tuple[list[MetricLine], dict[str, Any]]:
    """Median days from a requirement's opening to the note verbale, to the answer and to
    deployment, per mission and capability type; and the share declined with the reasons."""
    groups: dict[tuple[str, str], list[GenerationCase]] = defaultdict(list)
    cases = list(
        GenerationCase.objects.select_related(
            "requirement__mission", "requirement__capability_type"
        ).exclude(state=CaseState.SHORTLISTED)
    )
    for c in cases:
        groups[c.requirement.mission.acronym, c.requirement.capability_type.name].append(c)

    def med(values: list[int]) -> float | None:
        return float(median(values)) if values else None

    lines = []
    for (mission, capability), group in sorted(groups.items()):
        lines.append(
            MetricLine(
                mission=mission,
                capability=capability,
                to_note_verbale=med(
                    [(c.nv_date - c.requirement.opened_on).days for c in group if c.nv_date]
                ),
                to_answer=med(
                    [(c.answered_on - c.requirement.opened_on).days for c in group if c.answered_on]
                ),
                to_deployment=med(
                    [(c.deployed_on - c.requirement.opened_on).days for c in group if c.deployed_on]
                ),
                cases=len(group),
            )
        )
    answered = [c for c in cases if c.answered_on]
    declined = [c for c in answered if c.state == CaseState.DECLINED]
    reasons: dict[str, int] = defaultdict(int)
    for c in declined:
        reasons[c.decline_reason.strip() or "no reason given"] += 1
    summary = {
        "answered": len(answered),
        "declined": len(declined),
        "share_declined": round(100 * len(declined) / len(answered), 1) if answered else None,
        "reasons": sorted(reasons.items(), key=lambda kv: -kv[1]),
    }
    return lines, summary


def unfilled_requirement_ids() -> set[int]:
    return set(
        Requirement.objects.filter(status__in=UNFILLED_STATUSES).values_list("pk", flat=True)
    )
