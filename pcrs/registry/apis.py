"""Registry API: the catalogue and pledges. Thin: selectors decide visibility, services write."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from pcrs.accounts.rights import Right
from pcrs.api.base import acting_user
from pcrs.registry import selectors, services
from pcrs.registry.filters import PledgeFilter
from pcrs.registry.models import CapabilityType, Pledge
from pcrs.registry.serializers import (
    AnnotationSerializer,
    CapabilityTypeSerializer,
    HistoryEventSerializer,
    PledgeSerializer,
    PledgeWriteSerializer,
)


class CapabilityTypeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[CapabilityType],
):
    """The capability catalogue: everybody reads it, the Secretariat edits it."""

    serializer_class = CapabilityTypeSerializer
    lookup_field = "code"
    filterset_fields = ["category", "is_critical_enabler"]

    def get_queryset(self) -> Any:
        return selectors.capability_types(include_inactive=True)

    def perform_update(self, serializer: Any) -> None:
        if not acting_user(self.request).has_right(Right.CATALOGUE_EDIT):
            raise PermissionDenied("Only the Secretariat edits the capability catalogue.")
        serializer.instance = services.capability_type_update(
            actor=acting_user(self.request),
            capability_type=serializer.instance,
            changes=dict(serializer.validated_data),
        )


class PledgeViewSet(viewsets.GenericViewSet[Pledge]):
    """Pledges. A focal point sees and changes only its own State's; the Secretariat all.

    A pledge of another State answers 404, exactly like one that does not exist.
    """

    serializer_class = PledgeSerializer
    filterset_class = PledgeFilter
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> Any:
        return selectors.with_pending_change_requests(
            selectors.pledges_visible_to(acting_user(self.request))
        ).prefetch_related(
            "organization",
            "equipment",
            "caveat_missions",
            "partners__member_state",
            "partners__regional_organization",
        )

    def get_object(self) -> Pledge:
        return selectors.access_pledge(user=acting_user(self.request), pledge_id=self.kwargs["pk"])

    def _require_pledge_reader(self) -> None:
        user = acting_user(self.request)
        if not (user.has_right(Right.PLEDGE_VIEW_ALL) or user.has_right(Right.PLEDGE_VIEW_OWN)):
            raise PermissionDenied("Your role sees pledge aggregates only.")

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Free-text search")],
        responses=PledgeSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        self._require_pledge_reader()
        queryset = self.filter_queryset(self.get_queryset())
        query = request.query_params.get("q", "")
        if query:
            # A subquery, not `&`: the search may be distinct() and the filtered list not.
            found = selectors.pledge_search(user=acting_user(request), query=query[:200])
            queryset = queryset.filter(pk__in=found.values("pk"))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(PledgeSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(PledgeSerializer(self.get_object()).data)

    @extend_schema(request=PledgeWriteSerializer, responses={201: PledgeSerializer})
    def create(self, request: Request) -> Response:
        user = acting_user(request)
        if not (user.has_right(Right.PLEDGE_EDIT_OWN) or user.has_right(Right.PLEDGE_EDIT_ALL)):
            raise PermissionDenied("Your role cannot make pledges.")
        form = PledgeWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # The service answers a focal point naming another State, as the page does.
        state = form.validated_data.get("member_state")
        pledge = services.pledge_create(
            actor=user,
            data=form.to_input(),
            member_state=state,
        )
        return Response(PledgeSerializer(pledge).data, status=status.HTTP_201_CREATED)

    def _update(self, request: Request, *, partial: bool) -> Response:
        pledge = self.get_object()
        sent = request.data
        if not isinstance(sent, dict):
            raise serializers.ValidationError(
                {"non_field_errors": ["Send a JSON object with the pledge's fields."]}
            )
        if "member_state" in sent:
            raise serializers.ValidationError(
                {"member_state": ["A pledge cannot move to another State."]}
            )
        payload: dict[str, Any] = dict(sent)
        if partial:
            payload = {**PledgeWriteSerializer(_as_input_dict(pledge)).data, **payload}
        form = PledgeWriteSerializer(data=payload)
        form.is_valid(raise_exception=True)
        pledge = services.pledge_update(
            actor=acting_user(request),
            pledge=pledge,
            data=form.to_input(),
            expected_version=form.validated_data.get("version"),
        )
        return Response(PledgeSerializer(pledge).data)

    @extend_schema(request=PledgeWriteSerializer, responses=PledgeSerializer)
    def update(self, request: Request, pk: str) -> Response:
        return self._update(request, partial=False)

    @extend_schema(request=PledgeWriteSerializer, responses=PledgeSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._update(request, partial=True)

    @extend_schema(responses=HistoryEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        pledge = self.get_object()
        events = selectors.pledge_history_for(user=acting_user(request), pledge=pledge)
        return Response(HistoryEventSerializer(events, many=True).data)

    @extend_schema(methods=["get"], responses=AnnotationSerializer(many=True), request=None)
    @extend_schema(methods=["post"], request=AnnotationSerializer, responses=AnnotationSerializer)
    @action(detail=True, methods=["get", "post"])
    def annotations(self, request: Request, pk: str) -> Response:
        pledge = self.get_object()
        if request.method == "POST":
            if not acting_user(request).has_right(Right.PLEDGE_ANNOTATE):
                raise PermissionDenied("Only the Secretariat annotates pledges.")
            form = AnnotationSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            note = services.pledge_annotate(
                actor=acting_user(request),
                pledge=pledge,
                text=form.validated_data["text"],
                shared_with_state=form.validated_data.get("shared_with_state", False),
            )
            return Response(AnnotationSerializer(note).data, status=status.HTTP_201_CREATED)
        notes = selectors.pledge_annotations_for(user=acting_user(request), pledge=pledge)
        return Response(AnnotationSerializer(notes, many=True).data)


def _as_input_dict(pledge: Pledge) -> dict[str, Any]:
    """A pledge's current content in the write serializer's shape (for partial updates)."""
    data = services.input_of(pledge)
    values = {name: getattr(data, name) for name in services.PLEDGE_FIELDS}
    values["organization"] = [vars(line) for line in data.organization]
    values["equipment"] = [vars(line) for line in data.equipment]
    return values
