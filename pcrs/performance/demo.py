"""Demo performance records: evaluations of the demo's derived contingents, FPU reports with
improvement plans, decisions, and six-monthly police appraisal counts.

Everything here is synthetic (seeded, flagged `is_synthetic`): the UN does not publish unit
evaluations. The task-based standards are illustrative, taken from the categories the
evaluation SOP names in general terms. Idempotent: runs once (skipped when evaluations exist).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TextIO

from django.db.models import Max

from pcrs.accounts.models import Role, User
from pcrs.missions.models import Contribution, DeployedContingent, PersonnelType
from pcrs.performance.models import UnitEvaluation
from pcrs.performance.services import (
    appraisal_round_record,
    decision_record,
    evaluation_record,
    improvement_plan_open,
    standard_set,
)
from pcrs.registry.models import CapabilityType

STANDARDS = {
    "infantry-battalion": [
        ("Protection of civilians", "Conduct day and night long-range patrols"),
        ("Force protection", "Secure the company operating base"),
        ("Command and control", "Report incidents to force headquarters within 24 hours"),
        ("Sustainment", "Keep major equipment serviceable"),
    ],
    "formed-police-unit": [
        ("Public order", "Manage crowds without excessive force"),
        ("Protection of civilians", "Protect IDP sites"),
        ("Conduct and discipline", "Zero misconduct allegations"),
    ],
}
NOTE = "demo: synthetic evaluation"


def performance_load_demo(*, stdout: TextIO, today: dt.date) -> None:
    actor = User.objects.filter(role=Role.FORCE_GENERATION).order_by("pk").first()
    if actor is None or UnitEvaluation.objects.exists():
        stdout.write("Performance demo: already loaded or no Secretariat user; skipped\n")
        return
    rng = random.Random(15)  # noqa: S311 (seeded, reproducible demo data)
    standards = {}
    for code, rows in STANDARDS.items():
        ctype = CapabilityType.objects.filter(code=code).first()
        if ctype is None:
            continue
        standards[code] = [
            standard_set(actor=actor, capability_type=ctype, category=c, task=t, source=NOTE)
            for c, t in rows
        ]
    contingents = (
        DeployedContingent.objects.filter(capability_type__code__in=list(standards))
        .select_related("capability_type", "member_state", "mission")
        .order_by("pk")[:40]
    )
    evaluations = 0
    for contingent in contingents:
        code = contingent.capability_type.code
        is_fpu = code == "formed-police-unit"
        quality = rng.choice([1, 2, 3, 3, 4])
        evaluated_on = today - dt.timedelta(days=rng.randint(30, 700))
        evaluation = evaluation_record(
            actor=actor,
            member_state=contingent.member_state,
            mission=contingent.mission,
            capability_type=contingent.capability_type,
            kind="fpu_paer" if is_fpu else "military_unit",
            unit_designation=contingent.designation or str(contingent),
            evaluated_on=evaluated_on,
            evaluator_role="police_commander" if is_fpu else "force_commander",
            evaluator_name=f"{'Police' if is_fpu else 'Force'} Commander {contingent.mission}",
            scores={
                s.pk: max(1, min(4, quality + rng.choice([-1, 0, 0, 1]))) for s in standards[code]
            },
            summary=NOTE,
            is_synthetic=True,
        )
        evaluations += 1
        if quality <= 2:
            improvement_plan_open(
                actor=actor,
                evaluation=evaluation,
                actions="Refresher training and a mentoring visit; report in 90 days",
                due_on=evaluated_on + dt.timedelta(days=90),
            )
            decision_record(
                actor=actor,
                evaluation=evaluation,
                kind="repatriation" if quality == 1 and rng.random() < 0.3 else "mentoring",
                decided_on=evaluated_on + dt.timedelta(days=14),
                note=NOTE,
            )
    rounds = 0
    latest = Contribution.objects.aggregate(m=Max("month"))["m"]
    if latest is not None:
        period_end = (
            dt.date(latest.year, 6, 30) if latest.month <= 6 else dt.date(latest.year, 12, 31)
        )
        ipo = (
            Contribution.objects.filter(month=latest, personnel_type=PersonnelType.IPO, total__gt=0)
            .select_related("member_state", "mission")
            .order_by("-total")[:25]
        )
        for row in ipo:
            below = rng.randint(0, max(0, row.total // 10))
            exceeds = rng.randint(0, max(0, (row.total - below) // 4))
            appraisal_round_record(
                actor=actor,
                member_state=row.member_state,
                mission=row.mission,
                period_end=period_end,
                appraised=row.total,
                exceeds=exceeds,
                meets=row.total - below - exceeds,
                below=below,
                is_synthetic=True,
            )
            rounds += 1
    stdout.write(f"Performance demo: {evaluations} evaluations, {rounds} appraisal rounds\n")
