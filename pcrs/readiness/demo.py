"""Demo data for the readiness ladder: the synthetic pledges spread over every level.

Deterministic (seeded), idempotent (pledges that already have a ReadinessRecord are left
alone) and fast: everything is written with bulk operations. Only synthetic pledges are
touched. The registry's status and readiness_level of those pledges are set in bulk too
(one UPDATE per status/level pair) with one audit row per pledge: calling the registry's
per-pledge services for several hundred demo pledges would take far longer for no gain.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any, TextIO

from django.db import transaction
from django.db.models import F

from pcrs.core.audit import audit_record_many
from pcrs.core.dates import add_months
from pcrs.readiness.ladder import LEVELS, policy_on
from pcrs.readiness.models import (
    LEVEL_STATES,
    STATE_RANK,
    DomainResult,
    LadderState,
    LevelChange,
    RdlAgreement,
    ReadinessRecord,
    SurAlignment,
    UnitRequirement,
    Visit,
    VisitDomainResult,
    VisitPurpose,
)
from pcrs.readiness.services import applicable_domains
from pcrs.registry.models import CapabilityType, Pledge, PledgeKind, PledgeStatus

SEED = 2015  # the year the PCRS was created

L = LadderState
# Where submitted synthetic pledges end up, with weights.
UNIT_SPREAD: list[tuple[str, int]] = [
    (L.SUBMITTED, 8),
    (L.ACKNOWLEDGED, 6),
    (L.RETURNED, 4),
    (L.LEVEL_1, 30),
    (L.LEVEL_2, 22),
    (L.LEVEL_3, 13),
    (L.RDL, 7),
    (L.LAPSED, 6),
]
INDIVIDUAL_SPREAD: list[tuple[str, int]] = [
    (L.SUBMITTED, 10),
    (L.ACKNOWLEDGED, 8),
    (L.RETURNED, 3),
    (L.LEVEL_1, 70),
    (L.LAPSED, 9),
]

TEAM = [
    "Col. {} (OMA/FGS), team leader",
    "Lt Col. {} (SFGC), training",
    "Maj. {} (DOS), COE inspector",
    "Lt Col. {} (OMA), movement control",
    "Dr {} (DHMOSH), medical",
    "Cdr {} (DOS aviation), aviation safety",
    "Maj. {} (OICT), ICT",
]
NAMES = ["Okafor", "Lindqvist", "Haddad", "Moreno", "Tanaka", "Kowalski", "Nguyen", "Mensah"]
FINDINGS = {
    "general": "Command and control arrangements for the national support element unclear.",
    "training": "Protection of civilians and CRSV modules not delivered to all sub-units.",
    "coe": "Several major equipment items below serviceability standard; spares not stocked.",
    "movement_control": "Load lists incomplete; dangerous goods not declared.",
    "medical": "Level 1 medical facility lacks a second medical officer.",
    "aviation": "Crew night-vision currency below the UN standard.",
    "aviation_safety": "No aviation safety officer appointed.",
    "engineering": "Water purification capacity below the pledged figure.",
    "uas": "UAS operators not yet certified on the pledged platform.",
    "ict": "HF radio sets not interoperable with UN networks.",
}
GUIDANCE = [
    "Annex B lists no medical officers: add them, or state the gap for partner support.",
    "Pre-deployment training on protection of civilians is needed before acceptance.",
    "Annex C: the armoured personnel carriers need a mine-protection rating.",
    "Water purification and EOD capacity are missing for this unit type.",
]
VARIATIONS = [
    "Four armoured personnel carriers instead of six in the reserve company.",
    "Level 1 hospital provided by the battalion, not a separate unit.",
    "Engineering platoon without heavy plant; earthmoving by a partner State.",
    "Two interpreters (French) instead of four.",
    "Night-vision devices for 70% of the patrolling strength instead of 100%.",
]


def _weighted(rng: random.Random, spread: list[tuple[str, int]]) -> str:
    states, weights = zip(*spread, strict=True)
    return rng.choices(states, weights=weights)[0]


def _team(rng: random.Random, domains: list[str]) -> list[str]:
    size = min(len(TEAM), 3 + len(domains) // 3)
    return [role.format(rng.choice(NAMES)) for role in TEAM[:size]]


def generic_surs_ensure(
    capability_types: list[CapabilityType], today: dt.date
) -> dict[int, UnitRequirement]:
    """One generic SUR per unit capability type, created when missing."""
    existing = {
        sur.capability_type_id: sur
        for sur in UnitRequirement.objects.filter(is_generic=True, is_current=True)
    }
    missing = [
        UnitRequirement(
            capability_type=ct,
            reference=f"SUR-GEN-{ct.code}"[:60],
            title=f"Generic Statement of Unit Requirements: {ct.name}",
            issued_on=dt.date(today.year - 2, 1, 15),
            personnel=ct.typical_size,
            major_equipment=ct.typical_equipment,
            requirements=(
                f"Generic requirements for a {ct.name}: tasks, capabilities and standards "
                "against which a pledge is aligned at Level 3 (synthetic demo SUR)."
            ),
        )
        for ct in capability_types
        if ct.id not in existing and not ct.is_individual
    ]
    UnitRequirement.objects.bulk_create(missing)
    for sur in missing:
        existing[sur.capability_type_id] = sur
    return existing


class _Builder:
    """Collects the rows of one pledge's history, to be written in bulk at the end."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.policy = policy_on(today)
        self.records: list[ReadinessRecord] = []
        self.changes: list[LevelChange] = []
        self.visits: list[tuple[Visit, list[VisitDomainResult]]] = []
        self.alignments: list[SurAlignment] = []
        self.agreements: list[RdlAgreement] = []
        self.registry: dict[tuple[str, str], list[Any]] = defaultdict(list)

    def change(self, pledge: Pledge, move: str, src: str, dst: str, on: dt.date) -> None:
        self.changes.append(
            LevelChange(
                pledge=pledge,
                move=move,
                from_state=src,
                to_state=dst,
                on=min(on, self.today),
                note="Synthetic demo history.",
            )
        )

    def visit(
        self,
        rng: random.Random,
        pledge: Pledge,
        purpose: str,
        end: dt.date,
        *,
        successful: bool,
    ) -> Visit:
        domains = applicable_domains(pledge) if purpose == VisitPurpose.AAV else []
        months = (
            self.policy.aav_validity_months
            if purpose == VisitPurpose.AAV
            else self.policy.verification_validity_months
        )
        visit = Visit(
            pledge=pledge,
            purpose=purpose,
            start_date=end - dt.timedelta(days=rng.randint(3, 7)),
            end_date=end,
            team=_team(rng, domains),
            successful=successful,
            valid_until=add_months(end, months) if successful else None,
            summary="Synthetic demo visit report.",
        )
        results = []
        failed = rng.sample(domains, k=min(len(domains), rng.randint(1, 2))) if domains else []
        for domain in domains:
            if not successful and domain in failed:
                result = DomainResult.FAIL
            elif rng.random() < 0.15:
                result = DomainResult.CONDITIONAL
            else:
                result = DomainResult.PASS
            results.append(
                VisitDomainResult(
                    visit=visit,
                    domain=domain,
                    result=result,
                    findings="" if result == DomainResult.PASS else FINDINGS[domain],
                )
            )
        self.visits.append((visit, results))
        return visit


def _spread_one(
    b: _Builder,
    rng: random.Random,
    pledge: Pledge,
    target: str,
    surs: dict[int, UnitRequirement],
) -> None:
    today, policy = b.today, b.policy
    record = ReadinessRecord(pledge=pledge, state=target)
    b.records.append(record)
    submitted = (
        pledge.submitted_at.date()
        if pledge.submitted_at
        else today - dt.timedelta(days=rng.randint(5, 40))
    )
    if target in (L.SUBMITTED, L.ACKNOWLEDGED, L.RETURNED):
        submitted = today - dt.timedelta(days=rng.randint(2, 60))
        record.submitted_on = submitted
        b.change(pledge, "submit", L.DRAFT, L.SUBMITTED, submitted)
        if target != L.SUBMITTED:
            record.acknowledged_on = submitted + dt.timedelta(days=rng.randint(1, 10))
            b.change(pledge, "acknowledge", L.SUBMITTED, L.ACKNOWLEDGED, record.acknowledged_on)
        if target == L.RETURNED:
            record.guidance = rng.choice(GUIDANCE)
            b.change(pledge, "return", L.ACKNOWLEDGED, L.RETURNED, record.acknowledged_on)  # type: ignore[arg-type]
        return

    # Accepted at some point in the last 30 months; the renewal cycle runs from there. A few
    # Level 2+ pledges are older, their AAV (36 months by default) about to expire.
    expiring_aav = STATE_RANK[target] >= STATE_RANK[L.LEVEL_2] and rng.random() < 0.1
    if expiring_aav:
        aav_end = add_months(today, -policy.aav_validity_months) + dt.timedelta(
            days=rng.randint(5, 80)
        )
        accepted = aav_end - dt.timedelta(days=rng.randint(30, 90))
    else:
        accepted = today - dt.timedelta(days=rng.randint(20, 900))
        aav_end = min(
            accepted + dt.timedelta(days=rng.randint(30, 150)), today - dt.timedelta(days=5)
        )
        aav_end = max(aav_end, accepted)
    submitted = accepted - dt.timedelta(days=rng.randint(20, 60))
    acknowledged = submitted + dt.timedelta(days=rng.randint(1, 10))
    record.submitted_on, record.acknowledged_on, record.accepted_on = (
        submitted,
        acknowledged,
        accepted,
    )
    b.change(pledge, "submit", L.DRAFT, L.SUBMITTED, submitted)
    b.change(pledge, "acknowledge", L.SUBMITTED, L.ACKNOWLEDGED, acknowledged)
    b.change(pledge, "accept", L.ACKNOWLEDGED, L.LEVEL_1, accepted)
    status = PledgeStatus.LAPSED if target == L.LAPSED else PledgeStatus.ACTIVE
    b.registry[(status, LEVEL_STATES.get(target, ""))].append(pledge.pk)

    due = add_months(accepted, policy.first_renewal_months)
    if target == L.LAPSED:
        # Renewed until one due date passed unrenewed.
        while add_months(due, policy.renewal_interval_months) < today - dt.timedelta(days=20):
            if rng.random() < 0.4:
                break
            record.last_renewed_on = due - dt.timedelta(days=rng.randint(1, 20))
            due = add_months(record.last_renewed_on, policy.renewal_interval_months)
        if due >= today:
            due = today - dt.timedelta(days=rng.randint(2, 60))
        record.renewal_due = due
        record.lapsed_on = due + dt.timedelta(days=1)
        b.change(pledge, "lapse", L.LEVEL_1, L.LAPSED, record.lapsed_on)
        if rng.random() < 0.4:  # a failed AAV on record, its findings the blockers
            end = accepted + dt.timedelta(days=rng.randint(30, 120))
            if end < record.lapsed_on:
                b.visit(rng, pledge, VisitPurpose.AAV, end, successful=False)
        return

    # Renewed on time so far: the next due date lies ahead (a few within 90 days).
    while due < today:
        record.last_renewed_on = due - dt.timedelta(days=rng.randint(0, 25))
        due = add_months(record.last_renewed_on, policy.renewal_interval_months)
    if rng.random() < 0.15:
        due = today + dt.timedelta(days=rng.randint(0, 90))
    record.renewal_due = due

    if target == L.LEVEL_1:
        if pledge.kind == PledgeKind.UNIT and rng.random() < 0.25:
            end = min(today - dt.timedelta(days=3), accepted + dt.timedelta(days=60))
            if end > accepted:
                b.visit(rng, pledge, VisitPurpose.AAV, end, successful=False)
        return

    # Level 2 and above: a successful AAV, still valid.
    visit = b.visit(rng, pledge, VisitPurpose.AAV, aav_end, successful=True)
    record.aav_valid_until = visit.valid_until
    record.level_2_on = aav_end + dt.timedelta(days=rng.randint(3, 20))
    record.level_2_on = min(record.level_2_on, today)
    b.change(pledge, "grant_level_2", L.LEVEL_1, L.LEVEL_2, record.level_2_on)
    if STATE_RANK[target] < STATE_RANK[L.LEVEL_3]:
        return

    sur = surs.get(pledge.capability_type_id)
    agreed = min(record.level_2_on + dt.timedelta(days=rng.randint(20, 120)), today)
    if sur is not None:
        b.alignments.append(
            SurAlignment(
                pledge=pledge,
                sur=sur,
                agreed_on=agreed,
                variations=rng.sample(VARIATIONS, k=rng.randint(0, 2)),
                note="Synthetic demo alignment.",
            )
        )
    record.level_3_on = agreed
    b.change(pledge, "grant_level_3", L.LEVEL_2, L.LEVEL_3, agreed)
    if target != L.RDL:
        return

    signed = min(agreed + dt.timedelta(days=rng.randint(10, 60)), today)
    b.agreements.append(
        RdlAgreement(
            pledge=pledge,
            signed_on=signed,
            deploy_within_days=policy.rdl_deploy_within_days,
            reference=f"RDL/{signed.year}/{rng.randint(1, 99):02d}",
            note="Synthetic demo agreement.",
        )
    )
    # Verified within the verification validity, some expiring within weeks.
    latest = today - dt.timedelta(days=3)
    earliest = max(signed, add_months(today, -policy.verification_validity_months))
    end = earliest + dt.timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
    end = max(min(end, latest), signed)
    verification = b.visit(rng, pledge, VisitPurpose.RDL_VERIFICATION, end, successful=True)
    record.verification_valid_until = verification.valid_until
    record.rdl_on = min(end + dt.timedelta(days=rng.randint(1, 10)), today)
    b.change(pledge, "grant_rdl", L.LEVEL_3, L.RDL, record.rdl_on)


@transaction.atomic
def readiness_load_demo(*, stdout: TextIO, today: dt.date) -> int:
    """Spread the synthetic pledges without a readiness record over the ladder. Returns how many."""
    pledges = list(
        Pledge.objects.filter(is_synthetic=True, readiness__isnull=True)
        .select_related("capability_type", "member_state")
        .order_by("member_state__iso3", "capability_type__code", "title", "personnel", "created_at")
    )
    if not pledges:
        stdout.write("Readiness: every synthetic pledge already has a readiness record.\n")
        return 0
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    surs = generic_surs_ensure(list(CapabilityType.objects.all()), today)
    b = _Builder(today)
    for pledge in pledges:
        if pledge.status == PledgeStatus.DRAFT:
            b.records.append(ReadinessRecord(pledge=pledge, state=L.DRAFT))
            continue
        if pledge.status == PledgeStatus.WITHDRAWN:
            b.records.append(ReadinessRecord(pledge=pledge, state=L.WITHDRAWN))
            b.change(pledge, "withdraw", L.SUBMITTED, L.WITHDRAWN, today)
            continue
        if pledge.status != PledgeStatus.SUBMITTED:
            continue  # active or deployed by someone else: leave it to the ladder's sync
        spread = UNIT_SPREAD if pledge.kind == PledgeKind.UNIT else INDIVIDUAL_SPREAD
        _spread_one(b, rng, pledge, _weighted(rng, spread), surs)

    ReadinessRecord.objects.bulk_create(b.records)
    LevelChange.objects.bulk_create(b.changes)
    Visit.objects.bulk_create([visit for visit, _ in b.visits])
    VisitDomainResult.objects.bulk_create([r for _, results in b.visits for r in results])
    SurAlignment.objects.bulk_create(b.alignments)
    RdlAgreement.objects.bulk_create(b.agreements)
    for (status, level), ids in b.registry.items():
        Pledge.objects.filter(pk__in=ids).update(
            status=status, readiness_level=level, version=F("version") + 1
        )
    by_id = {p.pk: p for p in pledges}
    audit_record_many(
        actor=None,
        action="readiness.demo_load",
        changes=[
            (by_id[record.pledge_id], [{"field": "readiness", "old": None, "new": record.state}])
            for record in b.records
        ],
        note="Synthetic demo data: placed on the readiness ladder by the demo loader.",
    )

    counts: dict[str, int] = defaultdict(int)
    for record in b.records:
        counts[record.state] += 1
    summary = ", ".join(
        f"{LadderState(state).label}: {n}"
        for state, n in sorted(counts.items(), key=lambda kv: -STATE_RANK[kv[0]])
    )
    due_soon = sum(
        1
        for r in b.records
        if r.state in LEVELS and r.renewal_due and r.renewal_due <= today + dt.timedelta(days=30)
    )
    stdout.write(
        f"Readiness: {len(b.records)} synthetic pledges placed on the ladder ({summary}); "
        f"{len(b.visits)} visits, {len(b.alignments)} SUR alignments, "
        f"{len(b.agreements)} RDL agreements; {due_soon} renewals due within 30 days.\n"
    )
    return len(b.records)
