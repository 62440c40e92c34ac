"""Unit performance: evaluations by the Force or Police Commander against task-based
standards per unit type, the FPU performance report (PAER) with its improvement plan,
six-monthly appraisal counts of individual police, and the decisions taken.

Visible to the evaluated State and the Secretariat only (selectors). Standards and the
scoring policy (decay) are editable, dated data (ADR 0102).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class PerformanceStandard(models.Model):
    """A task-based standard a unit of this type is evaluated against, in a category."""

    capability_type = models.ForeignKey(
        "registry.CapabilityType", on_delete=models.PROTECT, related_name="standards"
    )
    category = models.CharField(max_length=80, help_text=_("e.g. 'Protection of civilians'."))
    task = models.CharField(max_length=255)
    is_active = models.BooleanField(default=True)
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["capability_type", "category", "task"]
        constraints = [
            models.UniqueConstraint(
                fields=["capability_type", "category", "task"], name="one_standard_per_task"
            )
        ]

    def __str__(self) -> str:
        return f"{self.capability_type}: {self.category} / {self.task}"


class EvaluationKind(models.TextChoices):
    MILITARY_UNIT = "military_unit", _("Force Commander's evaluation of a military unit")
    FPU_PAER = "fpu_paer", _("FPU Performance Assessment and Evaluation Report (PAER)")


class EvaluatorRole(models.TextChoices):
    FORCE_COMMANDER = "force_commander", _("Force Commander")
    POLICE_COMMANDER = "police_commander", _("Police Commissioner / Commander")


class UnitEvaluation(models.Model):
    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="+"
    )
    mission = models.ForeignKey("missions.Mission", on_delete=models.PROTECT, related_name="+")
    capability_type = models.ForeignKey(
        "registry.CapabilityType", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=EvaluationKind.choices)
    # The unit as the mission names it; the same designation across rotations is the same unit.
    unit_designation = models.CharField(max_length=120)
    pledge = models.ForeignKey(
        "registry.Pledge", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evaluated_on = models.DateField()
    evaluator_role = models.CharField(max_length=20, choices=EvaluatorRole.choices)
    evaluator_name = models.CharField(max_length=120)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=4, validators=[MaxValueValidator(100)])
    summary = models.TextField(blank=True)
    is_synthetic = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-evaluated_on"]

    def __str__(self) -> str:
        return f"{self.mission} {self.unit_designation} {self.evaluated_on}"


class EvaluationScore(models.Model):
    evaluation = models.ForeignKey(UnitEvaluation, on_delete=models.CASCADE, related_name="scores")
    standard = models.ForeignKey(PerformanceStandard, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "standard"], name="one_score_per_standard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard}: {self.score}"


class PlanStatus(models.TextChoices):
    OPEN = "open", _("Open: actions agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    REVIEW = "review", _("Submitted for review")
    CLOSED = "closed", _("Closed: improvement verified")
    ESCALATED = "escalated", _("Escalated: not achieved")


class ImprovementPlan(models.Model):
    """The Performance Improvement Plan attached to an evaluation (an FPU's PAER)."""

    evaluation = models.OneToOneField(
        UnitEvaluation, on_delete=models.CASCADE, related_name="improvement_plan"
    )
    actions = models.TextField()
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Improvement plan for {self.evaluation}"


class PlanEvent(models.Model):
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class PoliceAppraisalRound(models.Model):
    """Six-monthly appraisal of one State's individual police in one mission: counts only."""

    member_state = models.ForeignKey(
        "memberstates.MemberState", on_delete=models.PROTECT, related_name="+"
    )
    mission = models.ForeignKey("missions.Mission", on_delete=models.PROTECT, related_name="+")
    period_end = models.DateField(help_text=_("30 June or 31 December."))
    appraised = models.PositiveIntegerField(validators=[MaxValueValidator(5000)])
    exceeds = models.PositiveIntegerField(default=0)
    meets = models.PositiveIntegerField(default=0)
    below = models.PositiveIntegerField(default=0)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "mission", "period_end"], name="one_round_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission} {self.member_state_id} {self.period_end}"


class DecisionKind(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring and training support")
    REPATRIATION = "repatriation", _("Repatriation")
    COMMENDATION = "commendation", _("Commendation")
    NO_ACTION = "no_action", _("No further action")


class PerformanceDecision(models.Model):
    evaluation = models.ForeignKey(
        UnitEvaluation, on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(max_length=16, choices=DecisionKind.choices)
    decided_on = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.decided_on})"


class ScoringPolicy(models.Model):
    """How a pledge's performance score weighs the record (ADR 0102): older evaluations count
    less (half-life), the same unit's own evaluations count more."""

    effective_from = models.DateField(unique=True)
    half_life_days = models.PositiveIntegerField(
        validators=[MinValueValidator(30), MaxValueValidator(10_000)]
    )
    unit_weight = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("20"))],
    )
    source = models.CharField(max_length=255)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name_plural = "scoring policies"

    def __str__(self) -> str:
        return f"from {self.effective_from}: half-life {self.half_life_days} days"
