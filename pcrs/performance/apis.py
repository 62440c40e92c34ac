"""Performance API: /api/v1/evaluations/ (POST {id}/decisions/ records a decision) and
/api/v1/police-appraisals/ (six-monthly counts). Visible to the evaluated State and the Secretariat;
everyone else gets the same 404 as for a missing evaluation (and an empty list)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from pcrs.api.base import acting_user
from pcrs.performance import selectors, services
from pcrs.performance.models import ImprovementPlan, PoliceAppraisalRound, UnitEvaluation
from pcrs.performance.serializers import (
    AppraisalRoundInputSerializer,
    AppraisalRoundSerializer,
    DecisionSerializer,
    EvaluationInputSerializer,
    EvaluationSerializer,
    PerformanceDecisionInputSerializer,
    PlanMoveInputSerializer,
    PlanSerializer,
)


class EvaluationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[UnitEvaluation],
):
    serializer_class = EvaluationSerializer

    def get_queryset(self) -> Any:
        return selectors.evaluations_visible_to(self.request.user).prefetch_related(
            "scores__standard", "decisions"
        )

    def get_object(self) -> UnitEvaluation:
        return selectors.access_evaluation(user=self.request.user, evaluation_id=self.kwargs["pk"])

    @extend_schema(request=EvaluationInputSerializer, responses=EvaluationSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = EvaluationInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        scores = {row["standard"]: row["score"] for row in data.pop("scores")}
        try:
            evaluation = services.evaluation_record(
                actor=acting_user(request), scores=scores, **data
            )
        except services.NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PerformanceDecisionInputSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, pk: str) -> Response:
        """Record a decision taken on the evaluation (mentoring, repatriation...)."""
        evaluation = self.get_object()
        form = PerformanceDecisionInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            decision = services.decision_record(
                actor=acting_user(request), evaluation=evaluation, **form.validated_data
            )
        except services.NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanMoveInputSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"], url_path="plan-move")
    def plan_move(self, request: Request, pk: str) -> Response:
        evaluation = self.get_object()
        plan = ImprovementPlan.objects.filter(evaluation=evaluation).first()
        if plan is None:
            return Response(
                {"detail": "This evaluation has no improvement plan."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        form = PlanMoveInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            plan = services.improvement_plan_move(
                actor=acting_user(request),
                plan=plan,
                to=data["to"],
                note=data["note"],
                expected_version=data.get("version"),
            )
        except services.NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        return Response(PlanSerializer(plan).data)


class PoliceAppraisalViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet[PoliceAppraisalRound]
):
    """Six-monthly appraisal counts of a State's individual police: the State's own and the
    Secretariat's to see; the Secretariat records them."""

    serializer_class = AppraisalRoundSerializer

    def get_queryset(self) -> Any:
        return selectors.appraisals_visible_to(self.request.user)

    @extend_schema(request=AppraisalRoundInputSerializer, responses=AppraisalRoundSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = AppraisalRoundInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            record = services.appraisal_round_record(
                actor=acting_user(request), **form.validated_data
            )
        except services.NotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        return Response(AppraisalRoundSerializer(record).data, status=status.HTTP_201_CREATED)
