"""Every write of the performance domain: keyword-only, atomic, validated, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pcrs.accounts.models import User
from pcrs.core.audit import audit_record
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Contribution, DeployedContingent, Mission, PersonnelType
from pcrs.performance import permissions
from pcrs.performance.models import (
    EvaluationScore,
    ImprovementPlan,
    PerformanceDecision,
    PerformanceStandard,
    PlanEvent,
    PlanStatus,
    PoliceAppraisalRound,
    UnitEvaluation,
)
from pcrs.performance.plans import MOVES, SECRETARIAT, STATE
from pcrs.registry.models import CapabilityType, Pledge


class NotPermitted(DomainError):
    """The actor may not make this write (the edge answers 403, or 404 if not visible)."""


def _ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotPermitted(message)


@transaction.atomic
def evaluation_record(
    *,
    actor: User,
    member_state: MemberState,
    mission: Mission,
    capability_type: CapabilityType,
    kind: str,
    unit_designation: str,
    evaluated_on: dt.date,
    evaluator_role: str,
    evaluator_name: str,
    scores: Mapping[int, int],
    scale_min: int = 1,
    scale_max: int = 4,
    pledge: Pledge | None = None,
    summary: str = "",
    is_synthetic: bool = False,
) -> UnitEvaluation:
    """Record an evaluation with one score per standard (standard id -> score)."""
    _ensure(permissions.may_record(actor), _("Only the Secretariat can record evaluations."))
    errors: dict[str, str] = {}
    if scale_min >= scale_max:
        errors["scale_max"] = _("The scale %(min)s-%(max)s is empty.") % {
            "min": scale_min,
            "max": scale_max,
        }
    standards = PerformanceStandard.objects.in_bulk(list(scores))
    for standard_id, score in scores.items():
        standard = standards.get(standard_id)
        if standard is None or standard.capability_type_id != capability_type.pk:
            errors["scores"] = _("Standard %(id)s is not a standard of %(type)s.") % {
                "id": standard_id,
                "type": capability_type,
            }
            break
        if not scale_min <= score <= scale_max:
            errors["scores"] = (
                f"{standard.category} / {standard.task}: score {score} is outside the scale "
                f"{scale_min}-{scale_max}."
            )
            break
    if not scores:
        errors["scores"] = _("An evaluation needs at least one score.")
    if pledge is not None and pledge.member_state_id != member_state.pk:
        errors["pledge"] = _("The pledge is another State's.")
    if evaluated_on > timezone.localdate():
        errors["evaluated_on"] = _("%(on)s is in the future.") % {"on": evaluated_on}
    if errors:
        raise ValidationError(errors)
    evaluation = UnitEvaluation(
        member_state=member_state,
        mission=mission,
        capability_type=capability_type,
        kind=kind,
        unit_designation=unit_designation.strip(),
        pledge=pledge,
        evaluated_on=evaluated_on,
        evaluator_role=evaluator_role,
        evaluator_name=evaluator_name.strip(),
        scale_min=scale_min,
        scale_max=scale_max,
        summary=summary,
        is_synthetic=is_synthetic,
        recorded_by=actor if actor.pk else None,
    )
    evaluation.full_clean()
    evaluation.save()
    EvaluationScore.objects.bulk_create(
        EvaluationScore(evaluation=evaluation, standard_id=sid, score=score)
        for sid, score in scores.items()
    )
    audit_record(
        actor=actor,
        action="evaluation.record",
        target=evaluation,
        changes=[{"field": "scores", "old": None, "new": len(scores)}],
    )
    return evaluation


@transaction.atomic
def improvement_plan_open(
    *, actor: User, evaluation: UnitEvaluation, actions: str, due_on: dt.date
) -> ImprovementPlan:
    _ensure(permissions.may_record(actor), _("Only the Secretariat can open an improvement plan."))
    if hasattr(evaluation, "improvement_plan"):
        raise ValidationError({"evaluation": _("This evaluation already has an improvement plan.")})
    if due_on <= evaluation.evaluated_on:
        raise ValidationError({"due_on": _("The plan must be due after the evaluation.")})
    plan = ImprovementPlan(evaluation=evaluation, actions=actions.strip(), due_on=due_on)
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="improvement_plan.open", target=plan)
    return plan


class IllegalMove(DomainError):
    pass


@transaction.atomic
def improvement_plan_move(
    *,
    actor: User,
    plan: ImprovementPlan,
    to: str,
    note: str = "",
    expected_version: int | None = None,
) -> ImprovementPlan:
    """Apply one move of plans.MOVES under a row lock; anything else is refused."""
    locked = (
        ImprovementPlan.objects.select_for_update().select_related("evaluation").get(pk=plan.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentChangeError(_("The plan changed since you loaded it; nothing was applied."))
    move = MOVES.get((locked.status, to))
    if move is None:
        raise IllegalMove(
            _("An improvement plan cannot move from %(current)s to %(to)s.")
            % {"current": locked.get_status_display(), "to": to},
            field="to",
        )
    if move.by == SECRETARIAT:
        _ensure(permissions.may_record(actor), _("Only the Secretariat can make this move."))
    elif move.by == STATE:
        _ensure(
            permissions.own_state_id(actor) == locked.evaluation.member_state_id,
            _("Only the evaluated State can report progress on its plan."),
        )
    if move.needs_note and not note.strip():
        raise ValidationError({"note": _("This move needs a note saying why.")})
    old = locked.status
    locked.status = to
    locked.version += 1
    if to == PlanStatus.CLOSED:
        locked.closed_on = timezone.localdate()
    locked.full_clean()
    locked.save()
    PlanEvent.objects.create(
        plan=locked, from_status=old, to_status=to, note=note.strip(), actor=actor
    )
    audit_record(
        actor=actor,
        action="improvement_plan.move",
        target=locked,
        changes=[{"field": "status", "old": old, "new": to}],
        note=note.strip(),
    )
    return locked


def _deployed(member_state: MemberState, mission: Mission, start: dt.date, end: dt.date) -> bool:
    """Did the State have individual police (or any contingent) in the mission in the period?"""
    if Contribution.objects.filter(
        member_state=member_state,
        mission=mission,
        personnel_type=PersonnelType.IPO,
        month__gte=start,
        month__lte=end,
        total__gt=0,
    ).exists():
        return True
    return DeployedContingent.objects.filter(
        member_state=member_state, mission=mission, deployed_on__lte=end
    ).exists()


@transaction.atomic
def appraisal_round_record(
    *,
    actor: User,
    member_state: MemberState,
    mission: Mission,
    period_end: dt.date,
    appraised: int,
    exceeds: int,
    meets: int,
    below: int,
    is_synthetic: bool = False,
) -> PoliceAppraisalRound:
    """The six-monthly appraisal counts of one State's individual police in one mission."""
    _ensure(permissions.may_record(actor), _("Only the Secretariat can record appraisals."))
    errors: dict[str, str] = {}
    if (period_end.month, period_end.day) not in ((6, 30), (12, 31)):
        errors["period_end"] = _(
            "Appraisals are six-monthly: the period ends on 30 June or 31 December."
        )
    if exceeds + meets + below != appraised:
        errors["appraised"] = (
            f"{exceeds} + {meets} + {below} outcomes do not add up to {appraised} appraised."
        )
    start = period_end.replace(day=1, month=1 if period_end.month == 6 else 7)
    if not errors and not _deployed(member_state, mission, start, period_end):
        errors["member_state"] = (
            f"{member_state.name} had no police deployed in {mission.acronym} "
            f"between {start} and {period_end}."
        )
    if errors:
        raise ValidationError(errors)
    record = PoliceAppraisalRound(
        member_state=member_state,
        mission=mission,
        period_end=period_end,
        appraised=appraised,
        exceeds=exceeds,
        meets=meets,
        below=below,
        is_synthetic=is_synthetic,
    )
    record.full_clean()
    record.save()
    audit_record(actor=actor, action="police_appraisal.record", target=record)
    return record


@transaction.atomic
def decision_record(
    *, actor: User, evaluation: UnitEvaluation, kind: str, decided_on: dt.date, note: str = ""
) -> PerformanceDecision:
    _ensure(permissions.may_record(actor), _("Only the Secretariat can record decisions."))
    if decided_on < evaluation.evaluated_on:
        raise ValidationError({"decided_on": _("A decision cannot precede the evaluation.")})
    decision = PerformanceDecision(
        evaluation=evaluation, kind=kind, decided_on=decided_on, note=note.strip()
    )
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action="performance_decision.record", target=decision)
    return decision


@transaction.atomic
def standard_set(
    *,
    actor: User,
    capability_type: CapabilityType,
    category: str,
    task: str,
    is_active: bool = True,
    source: str = "",
) -> PerformanceStandard:
    """Add a task-based standard, or switch one on or off (standards are editable data)."""
    _ensure(permissions.may_record(actor), _("Only the Secretariat can edit standards."))
    standard, created = PerformanceStandard.objects.select_for_update().get_or_create(
        capability_type=capability_type,
        category=category.strip(),
        task=task.strip(),
        defaults={"is_active": is_active, "source": source},
    )
    old = None if created else standard.is_active
    standard.is_active = is_active
    standard.full_clean()
    standard.save()
    audit_record(
        actor=actor,
        action="performance_standard.set",
        target=standard,
        changes=[{"field": "is_active", "old": old, "new": is_active}],
    )
    return standard
