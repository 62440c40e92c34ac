"""Demo data for the readiness ladder: the synthetic pledges spread over every level.

Deterministic (seeded) and idempotent. Every step goes through the ladder's own services
(`readiness_move`, `visit_record`, `sur_alignment_record`, `rdl_agreement_record`,
`readiness_renew`), backdated with their `today` argument, so the demo's pledges got their
status, level and evidence exactly as a real pledge would: nothing here writes them directly.
Only synthetic pledges still in draft are touched; email is silenced while history is replayed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any, TextIO

from django.db import transaction

from pcrs.accounts.models import Role, User
from pcrs.core.dates import add_months
from pcrs.readiness import notify, services
from pcrs.readiness.ladder import LEVELS, level_2_purpose, policy_on
from pcrs.readiness.models import (
    STATE_RANK,
    DomainResult,
    LadderState,
    LevelChange,
    ReadinessRecord,
    UnitRequirement,
    VisitPurpose,
)
from pcrs.readiness.services import applicable_domains
from pcrs.registry.models import CapabilityType, Pledge, PledgeKind

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
# Individual officers climb the ladder too (their Level 2 evidence is an AMS, or nomination
# and vetting), a little less far on average.
INDIVIDUAL_SPREAD: list[tuple[str, int]] = [
    (L.SUBMITTED, 10),
    (L.ACKNOWLEDGED, 8),
    (L.RETURNED, 3),
    (L.LEVEL_1, 40),
    (L.LEVEL_2, 18),
    (L.LEVEL_3, 9),
    (L.RDL, 4),
    (L.LAPSED, 8),
]
# Of the synthetic drafts: a few stay drafts, a few are withdrawn after submission.
DRAFT_SHARE = 0.1
WITHDRAWN_SHARE = 0.03
DEMO_NOTE = "Synthetic demo history."

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
    """One generic SUR per capability type (individual categories included), when missing."""
    existing = {
        sur.capability_type_id: sur
        for sur in UnitRequirement.objects.filter(is_generic=True, is_current=True)
    }
    missing = [
        UnitRequirement(
            capability_type=ct,
            reference=f"SUR-GEN-{ct.code}"[:60],
            title=f"Generic Statement of Unit Requirements: {ct.name}",
            issued_on=dt.date(today.year - 4, 1, 15),
            personnel=ct.typical_size,
            major_equipment=ct.typical_equipment,
            requirements=(
                f"Generic requirements for {ct.name}: tasks, capabilities and standards "
                "against which a pledge is aligned at Level 3 (synthetic demo SUR)."
            ),
        )
        for ct in capability_types
        if ct.id not in existing
    ]
    UnitRequirement.objects.bulk_create(missing)
    for sur in missing:
        existing[sur.capability_type_id] = sur
    return existing


class _Replay:
    """Replays one pledge's history through the ladder's services, day by day."""

    def __init__(self, *, secretariat: User, focal_points: dict[Any, User], today: dt.date):
        self.sec = secretariat
        self.focal_points = focal_points
        self.today = today
        self.policy = policy_on(today)

    def fp(self, pledge: Pledge) -> User:
        return self.focal_points.get(pledge.member_state_id, self.sec)

    def move(
        self, actor: User | None, pledge: Pledge, name: str, on: dt.date, note: str = ""
    ) -> None:
        services.readiness_move(
            actor=actor, pledge=pledge, move=name, today=min(on, self.today), note=note or DEMO_NOTE
        )

    def level_2_evidence(
        self, rng: random.Random, pledge: Pledge, end: dt.date, *, successful: bool
    ) -> None:
        purpose = level_2_purpose(pledge)
        domains = applicable_domains(pledge)
        failed = (
            set(rng.sample(domains, k=min(len(domains), rng.randint(1, 2)))) if domains else set()
        )
        results = []
        for domain in domains:
            if not successful and domain in failed:
                result = DomainResult.FAIL
            elif rng.random() < 0.15:
                result = DomainResult.CONDITIONAL
            else:
                result = DomainResult.PASS
            findings = "" if result == DomainResult.PASS else FINDINGS.get(domain, "See report.")
            results.append(services.DomainResultInput(domain, result, findings))
        presented = passed = None
        summary = "Synthetic demo visit report."
        successful_overall = successful
        if purpose == VisitPurpose.AMS:
            presented = pledge.personnel + rng.randint(0, 4)
            passed = (
                pledge.personnel if successful else rng.randint(0, max(0, pledge.personnel - 1))
            )
            summary = f"Synthetic AMS: {presented} candidates presented, {passed} passed."
            successful_overall = successful and passed > 0
        elif purpose == VisitPurpose.NOMINATION:
            summary = (
                "Synthetic nomination and vetting: CVs, national nomination letter, "
                "human-rights screening certificate" + ("." if successful else " (missing).")
            )
        services.visit_record(
            actor=self.sec,
            pledge=pledge,
            purpose=purpose,
            start_date=end - dt.timedelta(days=rng.randint(3, 7)),
            end_date=end,
            team=_team(rng, domains),
            successful=successful_overall,
            results=results,
            summary=summary,
            candidates_presented=presented,
            candidates_passed=passed,
            today=end,
        )


def _spread_one(
    r: _Replay,
    rng: random.Random,
    pledge: Pledge,
    target: str,
    surs: dict[int, UnitRequirement],
) -> None:
    today, policy = r.today, r.policy
    fp = r.fp(pledge)
    if target in (L.SUBMITTED, L.ACKNOWLEDGED, L.RETURNED):
        submitted = today - dt.timedelta(days=rng.randint(12, 60))
        r.move(fp, pledge, "submit", submitted)
        if target == L.SUBMITTED:
            return
        acknowledged = submitted + dt.timedelta(days=rng.randint(1, 10))
        r.move(r.sec, pledge, "acknowledge", acknowledged)
        if target == L.RETURNED:
            r.move(r.sec, pledge, "return", acknowledged, note=rng.choice(GUIDANCE))
        return

    # Accepted at some point in the last 30 months; the renewal cycle runs from there. A few
    # Level 2+ pledges are older, their Level 2 evidence (36 months by default) about to expire.
    expiring = STATE_RANK[target] >= STATE_RANK[L.LEVEL_2] and rng.random() < 0.1
    if expiring:
        evidence_end = add_months(today, -policy.aav_validity_months) + dt.timedelta(
            days=rng.randint(5, 80)
        )
        accepted = evidence_end - dt.timedelta(days=rng.randint(30, 90))
    else:
        accepted = today - dt.timedelta(days=rng.randint(20, 900))
        evidence_end = min(
            accepted + dt.timedelta(days=rng.randint(30, 150)), today - dt.timedelta(days=5)
        )
        evidence_end = max(evidence_end, accepted)
    submitted = accepted - dt.timedelta(days=rng.randint(20, 60))
    acknowledged = submitted + dt.timedelta(days=rng.randint(1, 10))
    r.move(fp, pledge, "submit", submitted)
    r.move(r.sec, pledge, "acknowledge", acknowledged)
    r.move(r.sec, pledge, "accept", accepted)

    if target == L.LAPSED:
        if rng.random() < 0.4:  # a failed visit on record, its findings the blockers
            end = accepted + dt.timedelta(days=rng.randint(30, 120))
            if end < today - dt.timedelta(days=90):
                r.level_2_evidence(rng, pledge, end, successful=False)
        due = add_months(accepted, policy.first_renewal_months)
        while add_months(due, policy.renewal_interval_months) < today - dt.timedelta(days=20):
            if rng.random() < 0.4:
                break
            renewed = due - dt.timedelta(days=rng.randint(1, 20))
            services.readiness_renew(actor=fp, pledge=pledge, note=DEMO_NOTE, today=renewed)
            due = add_months(renewed, policy.renewal_interval_months)
        if due >= today:
            # Not yet due on the normal cycle: this State simply let its renewal slip.
            due = today - dt.timedelta(days=rng.randint(2, 60))
            ReadinessRecord.objects.filter(pledge=pledge).update(renewal_due=due)
        r.move(None, pledge, "lapse", due + dt.timedelta(days=1))
        return

    if target == L.LEVEL_1:
        if rng.random() < 0.25:
            end = min(today - dt.timedelta(days=3), accepted + dt.timedelta(days=60))
            if end > accepted:
                r.level_2_evidence(rng, pledge, end, successful=False)
    else:
        r.level_2_evidence(rng, pledge, evidence_end, successful=True)
        level_2_on = min(evidence_end + dt.timedelta(days=rng.randint(3, 20)), today)
        r.move(r.sec, pledge, "grant_level_2", level_2_on)
        if STATE_RANK[target] >= STATE_RANK[L.LEVEL_3]:
            sur = surs[pledge.capability_type_id]
            agreed = min(level_2_on + dt.timedelta(days=rng.randint(20, 120)), today)
            agreed = max(agreed, sur.issued_on)
            services.sur_alignment_record(
                actor=r.sec,
                pledge=pledge,
                sur=sur,
                agreed_on=agreed,
                variations=rng.sample(VARIATIONS, k=rng.randint(0, 2))
                if pledge.kind == PledgeKind.UNIT
                else [],
                note="Synthetic demo alignment.",
                today=agreed,
            )
            r.move(r.sec, pledge, "grant_level_3", agreed)
            if target == L.RDL:
                signed = min(agreed + dt.timedelta(days=rng.randint(10, 60)), today)
                services.rdl_agreement_record(
                    actor=r.sec,
                    pledge=pledge,
                    signed_on=signed,
                    deploy_within_days=policy.rdl_deploy_within_days,
                    reference=f"RDL/{signed.year}/{rng.randint(1, 99):02d}",
                    note="Synthetic demo agreement.",
                    today=signed,
                )
                latest = today - dt.timedelta(days=3)
                earliest = max(signed, add_months(today, -policy.verification_validity_months))
                span = max(0, (latest - earliest).days)
                end = max(min(earliest + dt.timedelta(days=rng.randint(0, span)), latest), signed)
                services.visit_record(
                    actor=r.sec,
                    pledge=pledge,
                    purpose=VisitPurpose.RDL_VERIFICATION,
                    start_date=max(end - dt.timedelta(days=2), signed),
                    end_date=end,
                    team=_team(rng, []),
                    successful=True,
                    results=[],
                    summary="Synthetic demo verification.",
                    today=end,
                )
                r.move(
                    r.sec,
                    pledge,
                    "grant_rdl",
                    min(end + dt.timedelta(days=rng.randint(1, 10)), today),
                )

    # Renewed on time so far: the next due date lies ahead (a few within 90 days).
    due = add_months(accepted, policy.first_renewal_months)
    renewed_on = None
    while due < today:
        renewed_on = max(due - dt.timedelta(days=rng.randint(0, 25)), accepted)
        due = add_months(renewed_on, policy.renewal_interval_months)
    if renewed_on is not None:
        services.readiness_renew(actor=fp, pledge=pledge, note=DEMO_NOTE, today=renewed_on)
    if rng.random() < 0.15:
        soon = today + dt.timedelta(days=rng.randint(0, 90))
        ReadinessRecord.objects.filter(pledge=pledge).update(renewal_due=min(soon, due))


def _already_placed() -> bool:
    return LevelChange.objects.filter(pledge__is_synthetic=True, move="acknowledge").exists()


@transaction.atomic
def readiness_load_demo(*, stdout: TextIO, today: dt.date) -> int:
    """Take the synthetic drafts up the ladder through its services. Returns how many."""
    pledges = list(
        Pledge.objects.filter(is_synthetic=True, status="draft")
        .select_related("capability_type", "member_state")
        .order_by("member_state__iso3", "capability_type__code", "title", "personnel", "created_at")
    )
    if not pledges or _already_placed():
        stdout.write("Readiness: the synthetic pledges are already on the ladder.\n")
        return 0
    secretariat = (
        User.objects.filter(is_active=True, role=Role.FORCE_GENERATION).order_by("username").first()
    )
    if secretariat is None:
        raise ValueError("The readiness demo needs an active force-generation (Secretariat) user.")
    focal_points = {
        user.member_state_id: user
        for user in User.objects.filter(is_active=True, role=Role.FOCAL_POINT).order_by("-username")
    }
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    surs = generic_surs_ensure(list(CapabilityType.objects.all()), today)
    replay = _Replay(secretariat=secretariat, focal_points=focal_points, today=today)
    placed: dict[str, int] = defaultdict(int)
    with notify.silenced():
        for pledge in pledges:
            draw = rng.random()
            if draw < DRAFT_SHARE:
                placed[L.DRAFT] += 1
                continue
            if draw > 1 - WITHDRAWN_SHARE:
                submitted = today - dt.timedelta(days=rng.randint(30, 200))
                replay.move(replay.fp(pledge), pledge, "submit", submitted)
                replay.move(replay.fp(pledge), pledge, "withdraw", today, "Unit committed at home")
                placed[L.WITHDRAWN] += 1
                continue
            spread = UNIT_SPREAD if pledge.kind == PledgeKind.UNIT else INDIVIDUAL_SPREAD
            target = _weighted(rng, spread)
            _spread_one(replay, rng, pledge, target, surs)
            placed[target] += 1

    summary = ", ".join(
        f"{LadderState(state).label}: {n}"
        for state, n in sorted(placed.items(), key=lambda kv: -STATE_RANK[kv[0]])
    )
    due_soon = ReadinessRecord.objects.filter(
        pledge__is_synthetic=True,
        state__in=list(LEVELS),
        renewal_due__lte=today + dt.timedelta(days=30),
    ).count()
    stdout.write(
        f"Readiness: {sum(placed.values())} synthetic pledges placed on the ladder through its "
        f"services ({summary}); {due_soon} renewals due within 30 days.\n"
    )
    return sum(placed.values())
