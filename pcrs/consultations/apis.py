"""Consultations API: `/api/v1/consultations/` and `/api/v1/action-items/`, with the same
rights, visibility and messages as the pages.

404 for a meeting or item the caller may not see (the same as for one that does not exist);
403 for a write the caller's role may not make; 400 naming the field for bad input.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcrs.api.base import acting_user
from pcrs.consultations import followup, selectors, serializers, services
from pcrs.consultations.selectors import MeetingView
from pcrs.core.errors import DomainError
from pcrs.generation.models import GenerationCase
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission


def _state(iso3: str, field: str) -> MemberState:
    state = MemberState.objects.filter(iso3=iso3.strip().upper()).first()
    if state is None:
        raise DomainError(
            _("No Member State with the code %(code)r.") % {"code": iso3}, field=field
        )
    return state


def _guard(call: Any) -> Any:
    try:
        return call()
    except (services.NotPermitted, followup.MoveNotPermitted) as exc:
        raise PermissionDenied(exc.message) from exc


class ConsultationList(APIView):
    """Meetings you may see (records only where you take part); POST records one (Secretariat)."""

    @extend_schema(operation_id="v1_consultations_list", responses={200: dict})
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        meetings = selectors.meetings_visible_to(user)
        mission = request.query_params.get("mission")
        if mission:
            meetings = meetings.filter(mission__acronym=mission)
        participant = set(selectors.participant_meetings(user).values_list("pk", flat=True))
        results = [
            serializers.meeting_data(
                MeetingView(m, participant=m.pk in participant, full_documents=False),
                records=False,
            )
            for m in meetings[:500]
        ]
        return Response({"count": len(results), "results": results})

    @extend_schema(request=serializers.MeetingInputSerializer, responses={201: dict})
    def post(self, request: Request) -> Response:
        form = serializers.MeetingInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        mission = Mission.objects.filter(acronym=data["mission"]).first()
        if mission is None:
            raise DomainError(
                _("No mission %(mission)r.") % {"mission": data["mission"]}, field="mission"
            )
        user = acting_user(request)
        meeting = _guard(
            lambda: services.meeting_create(
                actor=user,
                mission=mission,
                kind=data["kind"],
                date=data["date"],
                chair=data["chair"],
                agenda=data["agenda"],
                add_states=[_state(c, "add_states") for c in data["add_states"]],
                add_offices=data["add_offices"],
            )
        )
        view = selectors.access_meeting(user=user, meeting_id=meeting.pk)
        return Response(serializers.meeting_data(view), status=status.HTTP_201_CREATED)


class ConsultationDetail(APIView):
    """One meeting: public fields, plus its records if you take part; PUT its chair, agenda
    and minutes (Secretariat)."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request, meeting_id: str) -> Response:
        view = selectors.access_meeting(user=acting_user(request), meeting_id=meeting_id)
        return Response(serializers.meeting_data(view))

    @extend_schema(request=serializers.RecordsInputSerializer, responses={200: dict})
    def put(self, request: Request, meeting_id: str) -> Response:
        user = acting_user(request)
        view = selectors.access_meeting(user=user, meeting_id=meeting_id)
        form = serializers.RecordsInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        _guard(
            lambda: services.meeting_update(
                actor=user,
                meeting=view.meeting,
                chair=data["chair"],
                agenda=data["agenda"],
                minutes=data["minutes"],
            )
        )
        return _meeting(user, meeting_id)


def _meeting(user: Any, meeting_id: Any, code: int = status.HTTP_200_OK) -> Response:
    view = selectors.access_meeting(user=user, meeting_id=meeting_id)
    return Response(serializers.meeting_data(view), status=code)


class ConsultationDecisions(APIView):
    """Record a decision of the meeting (Secretariat)."""

    @extend_schema(request=serializers.DecisionInputSerializer, responses={201: dict})
    def post(self, request: Request, meeting_id: str) -> Response:
        user = acting_user(request)
        view = selectors.access_meeting(user=user, meeting_id=meeting_id)
        form = serializers.DecisionInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        text, case_id = form.validated_data["text"], form.validated_data["generation_case"]
        case = (
            GenerationCase.objects.filter(pk=case_id).select_related("requirement__mission").first()
        )
        if case_id is not None and case is None:
            raise ValidationError({"generation_case": ["No generation case has this id."]})
        _guard(
            lambda: services.decision_record(
                actor=user, meeting=view.meeting, text=text, generation_case=case
            )
        )
        return _meeting(user, meeting_id, status.HTTP_201_CREATED)


class ConsultationInvitees(APIView):
    """Invite another State ({"member_state": "KAZ"}) or office ({"office": "dppa"})."""

    @extend_schema(request=serializers.InviteInputSerializer, responses={201: dict})
    def post(self, request: Request, meeting_id: str) -> Response:
        user = acting_user(request)
        view = selectors.access_meeting(user=user, meeting_id=meeting_id)
        form = serializers.InviteInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        state = _state(data["member_state"], "member_state") if data["member_state"] else None
        _guard(
            lambda: services.invitee_add(
                actor=user,
                meeting=view.meeting,
                member_state=state,
                office=data["office"],
                reason=data["reason"],
            )
        )
        return _meeting(user, meeting_id, status.HTTP_201_CREATED)


class ConsultationSummary(APIView):
    """Publish the public summary every signed-in user may read (Secretariat)."""

    @extend_schema(request=serializers.SummaryInputSerializer, responses={200: dict})
    def post(self, request: Request, meeting_id: str) -> Response:
        user = acting_user(request)
        view = selectors.access_meeting(user=user, meeting_id=meeting_id)
        form = serializers.SummaryInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        summary = form.validated_data["summary"]
        _guard(
            lambda: services.meeting_summary_publish(
                actor=user, meeting=view.meeting, summary=summary
            )
        )
        return _meeting(user, meeting_id)


class ActionItemList(APIView):
    """Action items you may see (?state=ISO3, ?open=1); POST assigns one (Secretariat)."""

    @extend_schema(operation_id="v1_action_items_list", responses={200: dict})
    def get(self, request: Request) -> Response:
        items = selectors.action_items_visible_to(acting_user(request))
        state = request.query_params.get("state")
        if state:
            items = items.filter(owner_state__iso3=state.upper())
        if request.query_params.get("open") == "1":
            items = items.filter(status__in=["open", "in_progress"])
        results = [serializers.action_item_data(i) for i in items[:500]]
        return Response({"count": len(results), "results": results})

    @extend_schema(request=serializers.ActionItemInputSerializer, responses={201: dict})
    def post(self, request: Request) -> Response:
        form = serializers.ActionItemInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        user = acting_user(request)
        view = selectors.access_meeting(user=user, meeting_id=data["meeting"])
        meeting = view.meeting
        owner_state = _state(data["owner_state"], "owner_state") if data["owner_state"] else None
        decision = None
        if data["decision"] is not None:
            decision = meeting.decisions.filter(pk=data["decision"]).first()
            if decision is None:
                raise DomainError(_("That decision belongs to another meeting."), field="decision")
        item = _guard(
            lambda: services.action_item_create(
                actor=user,
                meeting=meeting,
                title=data["title"],
                due_on=data["due_on"],
                owner_state=owner_state,
                owner_office=data["owner_office"],
                decision=decision,
            )
        )
        item = selectors.access_action_item(user=user, item_id=item.pk)
        return Response(serializers.action_item_data(item), status=status.HTTP_201_CREATED)


class ActionItemDetail(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request: Request, item_id: str) -> Response:
        item = selectors.access_action_item(user=acting_user(request), item_id=item_id)
        return Response(serializers.action_item_data(item))


class ActionItemMove(APIView):
    """Apply a follow-up move: {"move": "complete", "note": "...", "version": 1}."""

    @extend_schema(request=serializers.FollowUpMoveInputSerializer, responses={200: dict})
    def post(self, request: Request, item_id: str) -> Response:
        user = acting_user(request)
        item = selectors.access_action_item(user=user, item_id=item_id)
        form = serializers.FollowUpMoveInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        _guard(
            lambda: services.action_item_move(
                actor=user,
                item=item,
                move=data["move"],
                note=data["note"],
                expected_version=data["version"],
            )
        )
        item = selectors.access_action_item(user=user, item_id=item_id)
        return Response(serializers.action_item_data(item))
