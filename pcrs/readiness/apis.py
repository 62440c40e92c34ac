"""Readiness API: the same moves and evidence as the pages, with the same rights and errors.

404 for a pledge the caller may not see; 403 for a move the caller's role may not make;
400 naming what is missing or which field is wrong; 409 when the pledge changed under you.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework import serializers as drf_serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcrs.accounts.rights import Right
from pcrs.api.base import acting_user
from pcrs.core.errors import NotVisible
from pcrs.readiness import ladder, selectors, services
from pcrs.readiness.models import UnitRequirement
from pcrs.readiness.serializers import (
    MoveInputSerializer,
    RdlAgreementInputSerializer,
    RenewInputSerializer,
    SurAlignmentInputSerializer,
    UnitRequirementSerializer,
    VisitInputSerializer,
    readiness_data,
)
from pcrs.registry import services as registry_services
from pcrs.registry.models import Pledge
from pcrs.registry.selectors import access_pledge
from pcrs.registry.serializers import PledgeActionSerializer, PledgeSerializer


def _readiness(request: Request, pledge: Pledge) -> Response:
    view = selectors.pledge_readiness(
        user=acting_user(request), pledge=pledge, today=timezone.localdate()
    )
    return Response(readiness_data(view))


def _act(request: Request, pledge_id: str, apply: Callable[[Pledge], Any]) -> Response:
    """Fetch (404 if not visible), apply a service, answer with the pledge's readiness."""
    pledge, _ = selectors.access_readiness(user=acting_user(request), pledge_id=pledge_id)
    try:
        apply(pledge)
    except ladder.MoveNotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    pledge.refresh_from_db()
    return _readiness(request, pledge)


class PledgeReadinessView(APIView):
    """A pledge's place on the ladder: state, next step, blockers, evidence, timeline."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request, pledge_id: str) -> Response:
        pledge, _ = selectors.access_readiness(user=acting_user(request), pledge_id=pledge_id)
        return _readiness(request, pledge)


class PledgeMoveView(APIView):
    """Apply a ladder move: {"move": "accept", "version": 3, "note": "..."}."""

    @extend_schema(request=MoveInputSerializer, responses={200: dict})
    def post(self, request: Request, pledge_id: str) -> Response:
        form = MoveInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return _act(
            request,
            pledge_id,
            lambda pledge: services.readiness_move(
                actor=acting_user(request),
                pledge=pledge,
                move=data["move"],
                expected_version=data.get("version"),
                note=data["note"],
            ),
        )


class PledgeRenewView(APIView):
    """Renew a pledge (a lapsed one is reinstated at Level 1)."""

    @extend_schema(request=RenewInputSerializer, responses={200: dict})
    def post(self, request: Request, pledge_id: str) -> Response:
        form = RenewInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return _act(
            request,
            pledge_id,
            lambda pledge: services.readiness_renew(
                actor=acting_user(request),
                pledge=pledge,
                expected_version=data.get("version"),
                note=data["note"],
            ),
        )


class PledgeVisitView(APIView):
    """Record an AAV or RDL verification visit (the Secretariat)."""

    @extend_schema(request=VisitInputSerializer, responses={200: dict})
    def post(self, request: Request, pledge_id: str) -> Response:
        form = VisitInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return _act(
            request,
            pledge_id,
            lambda pledge: services.visit_record(
                actor=acting_user(request),
                pledge=pledge,
                purpose=data["purpose"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                team=data["team"],
                successful=data["successful"],
                summary=data["summary"],
                results=[services.DomainResultInput(**item) for item in data["results"]],
                candidates_presented=data.get("candidates_presented"),
                candidates_passed=data.get("candidates_passed"),
                expected_version=data.get("version"),
            ),
        )


class PledgeSurAlignmentView(APIView):
    """Record the agreed alignment with a Statement of Unit Requirements (the Secretariat)."""

    @extend_schema(request=SurAlignmentInputSerializer, responses={200: dict})
    def post(self, request: Request, pledge_id: str) -> Response:
        form = SurAlignmentInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return _act(
            request,
            pledge_id,
            lambda pledge: services.sur_alignment_record(
                actor=acting_user(request),
                pledge=pledge,
                sur=data["sur"],
                agreed_on=data["agreed_on"],
                variations=data["variations"],
                note=data["note"],
                expected_version=data.get("version"),
            ),
        )


class PledgeRdlAgreementView(APIView):
    """Record an RDL agreement (the Secretariat); refused below Level 3."""

    @extend_schema(request=RdlAgreementInputSerializer, responses={200: dict})
    def post(self, request: Request, pledge_id: str) -> Response:
        form = RdlAgreementInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return _act(
            request,
            pledge_id,
            lambda pledge: services.rdl_agreement_record(
                actor=acting_user(request),
                pledge=pledge,
                signed_on=data["signed_on"],
                deploy_within_days=data.get("deploy_within_days"),
                reference=data["reference"],
                note=data["note"],
                expected_version=data.get("version"),
            ),
        )


class UnitRequirementList(generics.ListAPIView[UnitRequirement]):
    """Generic Statements of Unit Requirements, per capability type (?capability_type=code)."""

    serializer_class = UnitRequirementSerializer

    def get_queryset(self) -> Any:
        qs = UnitRequirement.objects.select_related("capability_type")
        code = self.request.query_params.get("capability_type")
        return qs.filter(capability_type__code=code) if code else qs


class WorkQueueView(APIView):
    """The Secretariat's work queue as pledge ids."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        if not user.has_right(Right.READINESS_MANAGE):
            raise PermissionDenied(gettext("The work queue is the Secretariat's."))
        q = selectors.work_queue(user=user, today=timezone.localdate())

        def ids(qs: Any, via: str = "pk") -> list[str]:
            return [str(v) for v in qs.values_list(via, flat=True)]

        return Response(
            {
                "to_acknowledge": ids(q["to_acknowledge"]),
                "to_decide": ids(q["to_decide"]),
                "aav_to_record": ids(q["aav_to_record"], "pledge_id"),
                "verification_to_record": ids(q["verification_to_record"], "pledge_id"),
                "renewals_overdue": ids(q["overdue"], "pledge_id"),
                "renewals_due": {
                    str(days): ids(records, "pledge_id") for days, records in q["expiring"]
                },
            }
        )


# ---------------------------------------------------------------------------------------------
# The pledge's lifecycle endpoints, at the URLs issue 2 gave them (/api/v1/pledges/{id}/...):
# served by the ladder, which owns the pledge's status (ADR 0040).


def _own_pledge(request: Request, pledge_id: str) -> Pledge:
    """The pledge if visible (404 otherwise); the ladder's table says who may move it."""
    return access_pledge(user=acting_user(request), pledge_id=pledge_id)


class PledgeSubmitView(APIView):
    """Submit a draft pledge to the Secretariat (the first move of the readiness ladder)."""

    @extend_schema(request=PledgeActionSerializer, responses=PledgeSerializer)
    def post(self, request: Request, pledge_id: str) -> Response:
        form = PledgeActionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            pledge = services.readiness_submit(
                actor=acting_user(request),
                pledge=_own_pledge(request, pledge_id),
                expected_version=form.validated_data.get("version"),
            )
        except ladder.MoveNotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        return Response(PledgeSerializer(pledge).data)


class PledgeWithdrawView(APIView):
    """Withdraw a pledge; it stays in the registry with its history."""

    @extend_schema(request=PledgeActionSerializer, responses=PledgeSerializer)
    def post(self, request: Request, pledge_id: str) -> Response:
        form = PledgeActionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            pledge = services.readiness_withdraw(
                actor=acting_user(request),
                pledge=_own_pledge(request, pledge_id),
                reason=form.validated_data["reason"],
                expected_version=form.validated_data.get("version"),
            )
        except ladder.MoveNotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        return Response(PledgeSerializer(pledge).data)


class ChangeDecisionSerializer(drf_serializers.Serializer[Any]):
    reason = drf_serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class ChangeRequestDecisionView(APIView):
    """Accept (the level is re-assessed) or reject (with a reason) a pending change request."""

    decision = "accept"

    @extend_schema(request=ChangeDecisionSerializer, responses=PledgeSerializer)
    def post(self, request: Request, pledge_id: str, request_id: int) -> Response:
        user = acting_user(request)
        pledge = access_pledge(user=user, pledge_id=pledge_id)
        change = pledge.change_requests.filter(pk=request_id).first()
        if change is None:
            raise NotVisible()
        form = ChangeDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        reason = form.validated_data["reason"]
        try:
            if self.decision == "accept":
                services.change_request_accept(actor=user, change_request=change, note=reason)
            else:
                registry_services.change_request_reject(
                    actor=user, change_request=change, reason=reason
                )
        except ladder.MoveNotPermitted as exc:
            raise PermissionDenied(exc.message) from exc
        pledge.refresh_from_db()
        return Response(PledgeSerializer(pledge).data)
