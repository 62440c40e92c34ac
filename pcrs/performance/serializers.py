from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission
from pcrs.performance.models import (
    DecisionKind,
    EvaluationKind,
    EvaluationScore,
    EvaluatorRole,
    ImprovementPlan,
    PerformanceDecision,
    PlanStatus,
    PoliceAppraisalRound,
    UnitEvaluation,
)
from pcrs.registry.models import CapabilityType


class ScoreSerializer(serializers.ModelSerializer[EvaluationScore]):
    category = serializers.CharField(source="standard.category", read_only=True)
    task = serializers.CharField(source="standard.task", read_only=True)

    class Meta:
        model = EvaluationScore
        fields = ["standard", "category", "task", "score"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer[ImprovementPlan]):
    class Meta:
        model = ImprovementPlan
        fields = ["id", "actions", "due_on", "status", "closed_on", "version"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer[PerformanceDecision]):
    class Meta:
        model = PerformanceDecision
        fields = ["kind", "decided_on", "note"]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer[UnitEvaluation]):
    member_state = serializers.CharField(source="member_state.iso3", read_only=True)
    mission = serializers.CharField(source="mission.acronym", read_only=True)
    capability_type = serializers.CharField(source="capability_type.code", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)
    improvement_plan = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = UnitEvaluation
        fields = [
            "id",
            "member_state",
            "mission",
            "capability_type",
            "kind",
            "unit_designation",
            "evaluated_on",
            "evaluator_role",
            "evaluator_name",
            "scale_min",
            "scale_max",
            "summary",
            "scores",
            "improvement_plan",
            "decisions",
        ]
        read_only_fields = fields

    def get_improvement_plan(self, obj: UnitEvaluation) -> dict[str, Any] | None:
        plan = getattr(obj, "improvement_plan", None)
        return PlanSerializer(plan).data if plan else None


class ScoreInputSerializer(serializers.Serializer[Any]):
    standard = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    score = serializers.IntegerField(min_value=0, max_value=100)


class EvaluationInputSerializer(serializers.Serializer[Any]):
    member_state = serializers.SlugRelatedField(
        slug_field="iso3", queryset=MemberState.objects.all()
    )
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    capability_type = serializers.SlugRelatedField(
        slug_field="code", queryset=CapabilityType.objects.all()
    )
    kind = serializers.ChoiceField(choices=EvaluationKind.choices)
    unit_designation = serializers.CharField(max_length=120)
    evaluated_on = serializers.DateField()
    evaluator_role = serializers.ChoiceField(choices=EvaluatorRole.choices)
    evaluator_name = serializers.CharField(max_length=120)
    scale_min = serializers.IntegerField(min_value=0, max_value=99, default=1)
    scale_max = serializers.IntegerField(min_value=1, max_value=100, default=4)
    summary = serializers.CharField(required=False, default="", allow_blank=True)
    scores = ScoreInputSerializer(many=True)


class PlanMoveInputSerializer(serializers.Serializer[Any]):
    to = serializers.ChoiceField(choices=PlanStatus.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True)
    version = serializers.IntegerField(required=False)


class PerformanceDecisionInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    decided_on = serializers.DateField()
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)


class AppraisalRoundSerializer(serializers.ModelSerializer[PoliceAppraisalRound]):
    member_state = serializers.CharField(source="member_state.iso3", read_only=True)
    mission = serializers.CharField(source="mission.acronym", read_only=True)

    class Meta:
        model = PoliceAppraisalRound
        fields = ["id", "member_state", "mission", "period_end", "appraised", "exceeds", "meets",
                  "below"]  # fmt: skip
        read_only_fields = fields


class AppraisalRoundInputSerializer(serializers.Serializer[Any]):
    member_state = serializers.SlugRelatedField(
        slug_field="iso3", queryset=MemberState.objects.all()
    )
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    period_end = serializers.DateField()
    appraised = serializers.IntegerField(min_value=0, max_value=5000)
    exceeds = serializers.IntegerField(min_value=0, max_value=5000)
    meets = serializers.IntegerField(min_value=0, max_value=5000)
    below = serializers.IntegerField(min_value=0, max_value=5000)
