"""Performance API: /api/v1/evaluations/. Visible to the evaluated State and the Secretariat;
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
from pcrs.performance.models import ImprovementPlan, UnitEvaluation
from pcrs.performance.serializers import (
    EvaluationInputSerializer,
    EvaluationSerializer,
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
