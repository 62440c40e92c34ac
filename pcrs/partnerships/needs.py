"""Needs, derived from the evidence, never typed: what blocks each pledge's next level.

Sources, each need in one Light Coordination Mechanism support type:
- failed or conditional findings of the pledge's latest visit (pcrs.readiness);
- equipment missing against the capability type's typical list (registry catalogue);
- missing recognised training: checks registered by the training app (`register_training_check`);
- a women's share below the year's target of the parity strategy (pcrs.missions GenderTarget);
- and the needs a State declares itself (DeclaredNeed rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pcrs.missions.gaps import TargetTable
from pcrs.missions.models import GenderCategory
from pcrs.partnerships.models import DeclaredNeed, SupportType
from pcrs.readiness.models import AavDomain
from pcrs.readiness.selectors import blocking_findings
from pcrs.registry.models import (
    LEVEL_RANK,
    CapabilityCategory,
    Pledge,
    PledgeStatus,
    ReadinessLevel,
)
from pcrs.training.selectors import PledgeTrainingSummary, pledge_training_summary

# Which kind of support closes a finding in each AAV checklist domain.
DOMAIN_SUPPORT: dict[str, str] = {
    AavDomain.GENERAL: SupportType.ADVISE_ASSIST,
    AavDomain.TRAINING: SupportType.TRAINING,
    AavDomain.COE: SupportType.EQUIPMENT,
    AavDomain.MOVEMENT_CONTROL: SupportType.LOGISTICS,
    AavDomain.MEDICAL: SupportType.TRAINING,
    AavDomain.AVIATION: SupportType.TRAINING,
    AavDomain.AVIATION_SAFETY: SupportType.MENTORING,
    AavDomain.ENGINEERING: SupportType.EQUIPMENT,
    AavDomain.UAS: SupportType.EQUIPMENT,
    AavDomain.ICT: SupportType.EQUIPMENT,
}
_DOMAIN_BY_LABEL = {str(label): value for value, label in AavDomain.choices}

GENDER_CATEGORY: dict[str, str] = {
    CapabilityCategory.MILITARY_UNIT: GenderCategory.CONTINGENTS,
    CapabilityCategory.POLICE_UNIT: GenderCategory.FPU,
    CapabilityCategory.INDIVIDUAL_MILITARY: GenderCategory.OBSERVERS_STAFF,
    CapabilityCategory.INDIVIDUAL_POLICE: GenderCategory.IPO,
    CapabilityCategory.INDIVIDUAL_CIVILIAN: GenderCategory.JUSTICE_CORRECTIONS,
}

NEXT_LEVEL_LABEL: dict[str, str] = {
    ReadinessLevel.NONE: "Level 1",
    ReadinessLevel.LEVEL_1: "Level 2",
    ReadinessLevel.LEVEL_2: "Level 3",
    ReadinessLevel.LEVEL_3: "the Rapid Deployment Level",
    ReadinessLevel.RDL: "staying at RDL",
}


@dataclass(frozen=True)
class Need:
    key: str  # stable: "<pledge>:<source>:<detail>" or "declared:<id>"
    member_state_id: int
    state_iso3: str
    pledge: Pledge | None
    support_type: str
    source: str  # "visit", "equipment", "training", "gender", "declared"
    summary: str
    blocks: str  # what it blocks, in words
    item: str = ""
    quantity: int = 0
    needed_by: dt.date | None = None

    @property
    def support_label(self) -> str:
        return str(SupportType(self.support_type).label)


# Checks of recognised training: fn(pledge) -> what is missing, in words (the built-in one reads
# pcrs.training's records; others may register).
TrainingCheck = Callable[[Pledge], list[str]]
_TRAINING_CHECKS: list[TrainingCheck] = []


def register_training_check(check: TrainingCheck) -> TrainingCheck:
    """Hook for pcrs.training: each missing recognised course becomes a training need."""
    if check not in _TRAINING_CHECKS:
        _TRAINING_CHECKS.append(check)
    return check


def _recognised_training_short(pledge: Pledge) -> list[str]:
    """A pledge whose State records recognised pre-deployment training (pcrs.training) for only
    part of its personnel needs the rest trained. With nothing recorded there is no derived
    need: unknown is not missing (the AAV's training domain covers it)."""
    recorded = getattr(pledge, "recognised_trained", None)  # annotated by list selectors
    summary = (
        PledgeTrainingSummary(pledge.personnel, min(recorded, pledge.personnel))
        if recorded is not None
        else pledge_training_summary(pledge=pledge)
    )
    if summary.trained == 0 or summary.trained >= summary.personnel:
        return []
    return [
        f"recognised pre-deployment training for {summary.personnel - summary.trained:,} "
        f"more of {summary.personnel:,} personnel"
    ]


register_training_check(_recognised_training_short)


def _equipment_missing(pledge: Pledge) -> list[tuple[str, int]]:
    have: dict[str, int] = {}
    for line in pledge.equipment.all():
        key = line.item.strip().lower()
        have[key] = have.get(key, 0) + line.quantity
    missing = []
    for typical in pledge.capability_type.typical_equipment or []:
        item = str(typical.get("item", "")).strip()
        wanted = int(typical.get("quantity", 0) or 0)
        short = wanted - have.get(item.lower(), 0)
        if item and short > 0:
            missing.append((item, short))
    return missing


def pledge_needs(
    pledge: Pledge, *, today: dt.date, targets: TargetTable | None = None
) -> list[Need]:
    """What blocks this pledge's next level, each as a need of one support type."""
    if pledge.status in (PledgeStatus.WITHDRAWN, PledgeStatus.DRAFT):
        return []
    state = pledge.member_state
    blocks = f"{pledge} reaching {NEXT_LEVEL_LABEL.get(pledge.readiness_level, 'the next level')}"
    base: dict[str, Any] = {
        "member_state_id": state.pk,
        "state_iso3": state.iso3,
        "pledge": pledge,
        "blocks": blocks,
    }
    needs: list[Need] = []
    for finding in blocking_findings(pledge):
        domain = _DOMAIN_BY_LABEL.get(finding.domain, AavDomain.GENERAL)
        needs.append(
            Need(
                key=f"{pledge.pk}:visit:{domain}",
                support_type=DOMAIN_SUPPORT.get(domain, SupportType.ADVISE_ASSIST),
                source="visit",
                summary=f"{finding.result} at the visit ({finding.domain}): {finding.findings}",
                **base,
            )
        )
    for item, short in _equipment_missing(pledge):
        needs.append(
            Need(
                key=f"{pledge.pk}:equipment:{item.lower()}",
                support_type=SupportType.EQUIPMENT,
                source="equipment",
                summary=f"{short} x {item} missing against the {pledge.capability_type.name} "
                "typical equipment list",
                item=item,
                quantity=short,
                **base,
            )
        )
    for check in _TRAINING_CHECKS:
        for course in check(pledge):
            needs.append(
                Need(
                    key=f"{pledge.pk}:training:{course.lower()}",
                    support_type=SupportType.TRAINING,
                    source="training",
                    summary=f"Recognised training missing: {course}",
                    item=course,
                    **base,
                )
            )
    targets = targets or TargetTable.load()
    category = GENDER_CATEGORY.get(pledge.capability_type.category)
    target = targets.target(category, today.year) if category else None
    if target is not None and Decimal(pledge.women * 100) < target * pledge.personnel:
        share = Decimal(pledge.women * 100) / pledge.personnel
        wanted = -(-int(target * pledge.personnel) // 100)  # women needed, rounded up
        needs.append(
            Need(
                key=f"{pledge.pk}:gender:{today.year}",
                support_type=SupportType.TRAINING,
                source="gender",
                summary=f"Women {share:.1f}% against the {today.year} target of {target}% "
                f"({wanted - pledge.women} more women needed)",
                quantity=max(wanted - pledge.women, 0),
                **base,
            )
        )
    return needs


def declared_need(need: DeclaredNeed) -> Need:
    return Need(
        key=f"declared:{need.pk}",
        member_state_id=need.member_state_id,
        state_iso3=need.member_state.iso3,
        pledge=need.pledge,
        support_type=need.support_type,
        source="declared",
        summary=need.description,
        blocks=f"{need.pledge}" if need.pledge else "declared by the State",
        needed_by=need.needed_by,
    )


def needs_of(
    pledges: Iterable[Pledge], declared: Iterable[DeclaredNeed], *, today: dt.date | None = None
) -> list[Need]:
    """Derived needs of these pledges plus these declared needs, by State then pledge."""
    today = today or timezone.localdate()
    targets = TargetTable.load()
    found: list[Need] = []
    for pledge in pledges:
        found.extend(pledge_needs(pledge, today=today, targets=targets))
    found.extend(declared_need(n) for n in declared)
    return sorted(found, key=lambda n: (n.state_iso3, str(n.pledge or ""), n.key))


def level_rank(level: str) -> int:
    return LEVEL_RANK.get(level, 0)
