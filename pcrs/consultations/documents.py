"""A meeting's documents: the mission's gap report as of the meeting date (pcrs.missions.gaps).

The snapshot has two parts. "aggregate" is what participants outside the Secretariat see:
counts and totals, with a category's deployed strength withheld when fewer than
MIN_STATES_PER_CELL States stand behind it and pledge counts suppressed as on the gap pages
(ADR 0030). "detail" adds what names one State (rotations by State, exact figures) and is
shown to the Secretariat only. The generation status joins when pcrs.generation merges.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from pcrs.generation.models import CaseState, GenerationCase
from pcrs.missions import gaps
from pcrs.missions.models import ContingentStatus, DeployedContingent, Mission
from pcrs.registry.selectors import MIN_STATES_PER_CELL


def _requirement_lines(rows: list[gaps.UnfilledRequirement]) -> list[dict[str, Any]]:
    return [
        {
            "requirement": r.requirement.title or r.requirement.capability_type.name,
            "capability": r.requirement.capability_type.name,
            "priority": r.requirement.priority,
            "units": r.requirement.units,
            "personnel": r.requirement.personnel,
            "days_open": r.days_open,
            "pledges_level2_now": r.pledges_level2_now,
        }
        for r in rows
    ]


def gap_snapshot(*, mission: Mission, on: dt.date) -> dict[str, Any]:
    contingents = DeployedContingent.objects.filter(
        mission=mission, status=ContingentStatus.DEPLOYED
    ).select_related("capability_type", "member_state")
    states_by_category: dict[str, set[int]] = defaultdict(set)
    for c in contingents:
        category = gaps.CEILING_OF_CAPABILITY.get(c.capability_type.category)
        if category:
            states_by_category[category].add(c.member_state_id)
    for total, parts in gaps.CEILING_TOTALS.items():
        states_by_category[total] = set().union(*(states_by_category[p] for p in parts))
    ceilings = gaps.ceiling_gaps(mission=mission, today=on)
    public_unfilled = gaps.unfilled_requirements(today=on, mission=mission, show_small_counts=False)
    exact_unfilled = gaps.unfilled_requirements(today=on, mission=mission, show_small_counts=True)
    rotations = gaps.rotations_due(DeployedContingent.objects.filter(mission=mission), today=on)
    aggregate = {
        "as_of": on.isoformat(),
        "unfilled_requirements": len(public_unfilled),
        "critical_requirements": sum(
            1 for r in public_unfilled if r.requirement.priority == "critical"
        ),
        "personnel_required": sum(r.requirement.personnel for r in public_unfilled),
        "requirements": _requirement_lines(public_unfilled),
        "contributing_states": len({c.member_state_id for c in contingents}),
        "contingents": len(contingents),
        "rotations_due_without_replacement": len(rotations),
        "gender": gaps.gender_summary(gaps.gender_statuses(contingents, year=on.year)),
        "ceilings": [
            {
                "label": line.label,
                "authorized": line.authorized,
                "resolution": line.resolution,
                "deployed": line.deployed
                if len(states_by_category[line.category]) >= MIN_STATES_PER_CELL
                or line.deployed == 0
                else None,
            }
            for line in ceilings
        ],
    }
    detail = {
        "requirements": _requirement_lines(exact_unfilled),
        "ceilings": [
            {"label": line.label, "authorized": line.authorized, "deployed": line.deployed}
            for line in ceilings
        ],
        "rotations": [
            {
                "state": r.contingent.member_state.name,
                "unit": r.contingent.designation or r.contingent.capability_type.name,
                "next_rotation_on": r.contingent.next_rotation_on.isoformat(),
                "personnel": r.contingent.personnel,
            }
            for r in rotations
        ],
    }
    cases = list(
        GenerationCase.objects.filter(requirement__mission=mission, created_at__date__lte=on)
        .select_related("member_state", "requirement__capability_type")
        .order_by("created_at")
    )
    # Beyond the Secretariat: how many requests stand at each step, from the note verbale on
    # (a shortlist is internal), never which State or unit.
    aggregate["generation"] = [
        {"step": label, "cases": n}
        for value, label in CaseState.choices
        if value != CaseState.SHORTLISTED and (n := sum(1 for c in cases if c.state == value))
    ]
    detail["generation"] = [
        {
            "state": c.member_state.name,
            "capability": c.requirement.capability_type.name,
            "step": c.get_state_display(),
            "opened_on": c.created_at.date().isoformat(),
        }
        for c in cases
    ]
    return {"aggregate": aggregate, "detail": detail}


def snapshot_for(snapshot: dict[str, Any], *, full: bool) -> dict[str, Any]:
    """The part of a stored snapshot a viewer may see: aggregate only, unless Secretariat."""
    shown = {"aggregate": snapshot.get("aggregate", {})}
    if full:
        shown["detail"] = snapshot.get("detail", {})
    return shown
