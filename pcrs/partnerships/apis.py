"""Partnerships API: `/api/v1/needs/`, `/api/v1/offers/`, `/api/v1/partnerships/`,
`/api/v1/tpp-courses/`, with the same rights, visibility and messages as the pages.

404 for what the caller may not see (the same as for what does not exist); 403 for a write the
caller's role may not make; 400 naming the field for bad input.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcrs.api.base import acting_user
from pcrs.core.errors import DomainError
from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.partnerships import lifecycle, permissions, selectors, serializers, services
from pcrs.registry.models import CapabilityType, Pledge
from pcrs.registry.selectors import access_pledge

LIMIT = 500


def _state(code: str, name: str, *, required: bool = False) -> MemberState | None:
    code = (code or "").strip().upper()
    if not code:
        if required:
            raise DomainError(_("Give the Member State's ISO3 code."), field=name)
        return None
    state = MemberState.objects.filter(iso3=code).first()
    if state is None:
        raise DomainError(_("No Member State with the code %(code)r.") % {"code": code}, field=name)
    return state


def _states(codes: list[str], name: str) -> list[MemberState]:
    return [s for s in (_state(c, name, required=True) for c in codes) if s is not None]


def _guard(call: Any) -> Any:
    try:
        return call()
    except (services.NotPermitted, lifecycle.TransitionNotPermitted) as exc:
        raise PermissionDenied(exc.message) from exc


class NeedList(APIView):
    """Derived and declared needs you may see; POST declares one (own State; Secretariat any)."""

    @extend_schema(operation_id="v1_needs_list", responses={200: dict})
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        state = request.query_params.get("state")
        state_id = None
        if state:
            found = MemberState.objects.filter(iso3=state.upper()[:3]).first()
            state_id = found.pk if found else -1
        needs = selectors.needs_visible_to(user, member_state_id=state_id)[:LIMIT]
        return Response({"count": len(needs), "results": [serializers.need_data(n) for n in needs]})

    @extend_schema(request=serializers.PartnershipNeedInputSerializer, responses={201: dict})
    def post(self, request: Request) -> Response:
        form = serializers.PartnershipNeedInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        user = acting_user(request)
        own = permissions.focal_state_id(user)
        state = _state(d["member_state"], "member_state") or (
            MemberState.objects.filter(pk=own).first() if own is not None else None
        )
        if state is None:
            raise DomainError(_("Give the Member State."), field="member_state")
        need = _guard(
            lambda: services.need_declare(
                actor=user,
                member_state=state,
                support_type=d["support_type"],
                description=d["description"],
                needed_by=d["needed_by"],
            )
        )
        return Response({"key": f"declared:{need.pk}"}, status=status.HTTP_201_CREATED)


class OfferList(APIView):
    """Offers you may see (your own, and those made to your State); POST records one."""

    @extend_schema(
        operation_id="v1_offers_list", responses={200: serializers.OfferSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        offers = selectors.offers_visible_to(acting_user(request))[:LIMIT]
        data = serializers.OfferSerializer(offers, many=True).data
        return Response({"count": len(data), "results": data})

    @extend_schema(
        request=serializers.OfferInputSerializer, responses={201: serializers.OfferSerializer}
    )
    def post(self, request: Request) -> Response:
        form = serializers.OfferInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = dict(form.validated_data)
        user = acting_user(request)
        org = None
        if d["provider_organization"]:
            org = RegionalOrganization.objects.filter(code=d["provider_organization"]).first()
            if org is None:
                raise DomainError(
                    _("No such regional organization."), field="provider_organization"
                )
        provider = _state(d["provider_state"], "provider_state")
        own = permissions.focal_state_id(user)
        if provider is None and org is None and own is not None:
            provider = MemberState.objects.get(pk=own)
        enabler = None
        if d["enabler_capability"]:
            enabler = CapabilityType.objects.filter(code=d["enabler_capability"]).first()
            if enabler is None:
                raise DomainError(_("No such capability type."), field="enabler_capability")
        data = services.OfferInput(
            kind=d["kind"],
            support_type=d["support_type"],
            title=d["title"],
            available_from=d["available_from"],
            provider_state=provider,
            provider_organization=org,
            recipient_state=_state(d["recipient_state"], "recipient_state"),
            description=d["description"],
            items=[dict(i) for i in d["items"]],
            lease=d["lease"],
            lease_months=d["lease_months"],
            course=d["course"],
            capacity=d["capacity"],
            place=d["place"],
            language=d["language"],
            enabler_capability=enabler,
            enabler_personnel=d["enabler_personnel"],
            amount_usd=d["amount_usd"],
            commitment_area=d["commitment_area"],
            available_until=d["available_until"],
            announced_at=d["announced_at"],
            announced_on=d["announced_on"],
        )
        offer = _guard(lambda: services.offer_create(actor=user, data=data))
        return Response(serializers.OfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class OfferDetail(APIView):
    @extend_schema(responses={200: serializers.OfferSerializer})
    def get(self, request: Request, offer_id: str) -> Response:
        offer = selectors.access_offer(user=acting_user(request), offer_id=offer_id)
        return Response(serializers.OfferSerializer(offer).data)


class PartnershipList(APIView):
    """Partnerships your State is a party to (all for the Secretariat); POST proposes one."""

    @extend_schema(
        operation_id="v1_partnerships_list",
        responses={200: serializers.PartnershipSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = selectors.partnerships_visible_to(acting_user(request))[:LIMIT]
        data = serializers.PartnershipSerializer(rows, many=True).data
        return Response({"count": len(data), "results": data})

    @extend_schema(
        request=serializers.PartnershipProposeInputSerializer,
        responses={201: serializers.PartnershipSerializer},
    )
    def post(self, request: Request) -> Response:
        user = acting_user(request)
        if not permissions.may_propose(user):
            raise PermissionDenied(_("Only the Secretariat proposes partnerships."))
        form = serializers.PartnershipProposeInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        need = selectors.access_need(user=user, key=d["need"])
        offer = selectors.access_offer(user=user, offer_id=d["offer"])
        partnership = _guard(
            lambda: services.partnership_propose(
                actor=user,
                offer=offer,
                need=need,
                start_on=d["start_on"],
                end_on=d["end_on"],
                provider_brings=d["provider_brings"],
                recipient_brings=d["recipient_brings"],
            )
        )
        return Response(
            serializers.PartnershipSerializer(partnership).data, status=status.HTTP_201_CREATED
        )


class PartnershipDetail(APIView):
    @extend_schema(responses={200: serializers.PartnershipSerializer})
    def get(self, request: Request, partnership_id: str) -> Response:
        p = selectors.access_partnership(user=acting_user(request), partnership_id=partnership_id)
        return Response(serializers.PartnershipSerializer(p).data)


class PartnershipAccept(APIView):
    @extend_schema(
        request=serializers.PartnershipAcceptInputSerializer,
        responses={200: serializers.PartnershipSerializer},
    )
    def post(self, request: Request, partnership_id: str) -> Response:
        user = acting_user(request)
        p = selectors.access_partnership(user=user, partnership_id=partnership_id)
        form = serializers.PartnershipAcceptInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        p = _guard(
            lambda: services.partnership_accept(
                actor=user, partnership=p, party=d["party"], expected_version=d["version"]
            )
        )
        return Response(serializers.PartnershipSerializer(p).data)


class PartnershipMove(APIView):
    @extend_schema(
        request=serializers.PartnershipMoveInputSerializer,
        responses={200: serializers.PartnershipSerializer},
    )
    def post(self, request: Request, partnership_id: str) -> Response:
        user = acting_user(request)
        p = selectors.access_partnership(user=user, partnership_id=partnership_id)
        form = serializers.PartnershipMoveInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        p = _guard(
            lambda: services.partnership_move(
                actor=user,
                partnership=p,
                move=d["move"],
                note=d["note"],
                ladder_move=d["ladder_move"],
                expected_version=d["version"],
            )
        )
        return Response(serializers.PartnershipSerializer(p).data)


class TppCourseList(APIView):
    """TPP courses your State funds, trains at, hosts or sends trainees to; POST (Secretariat)."""

    @extend_schema(operation_id="v1_tpp_courses_list", responses={200: dict})
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        courses = selectors.tpp_courses_visible_to(user)[:LIMIT]
        data = [
            serializers.course_data(c, selectors.course_trainees_for(user=user, course=c))
            for c in courses
        ]
        return Response({"count": len(data), "results": data})

    @extend_schema(request=serializers.TppCourseInputSerializer, responses={201: dict})
    def post(self, request: Request) -> Response:
        user = acting_user(request)
        if not permissions.is_secretariat(user):
            raise PermissionDenied(_("The Secretariat runs the Triangular Partnership Programme."))
        form = serializers.TppCourseInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        trainees = []
        for n, row in enumerate(d["trainees"], start=1):
            pledge = None
            if row["pledge"]:
                pledge = Pledge.objects.filter(pk=row["pledge"]).first()
                if pledge is None:
                    raise DomainError(
                        _("Row %(n)s: no such pledge.") % {"n": n}, field=f"trainees.{n}"
                    )
            trainees.append(
                services.TraineesInput(
                    member_state=_state(row["member_state"], f"trainees.{n}", required=True),  # type: ignore[arg-type]
                    men=row["men"],
                    women=row["women"],
                    pledge=pledge,
                )
            )
        data = services.CourseInput(
            project=d["project"],
            title=d["title"],
            start_on=d["start_on"],
            end_on=d["end_on"],
            place=d["place"],
            host_state=_state(d["host_state"], "host_state"),
            language=d["language"],
            funding_states=_states(d["funding_states"], "funding_states"),
            trainer_states=_states(d["trainer_states"], "trainer_states"),
            trainees=trainees,
        )
        course = _guard(lambda: services.tpp_course_create(actor=user, data=data))
        return Response(
            serializers.course_data(
                course, selectors.course_trainees_for(user=user, course=course)
            ),
            status=status.HTTP_201_CREATED,
        )


class TppCourseDetail(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request: Request, course_id: str) -> Response:
        user = acting_user(request)
        course = selectors.access_tpp_course(user=user, course_id=course_id)
        return Response(
            serializers.course_data(course, selectors.course_trainees_for(user=user, course=course))
        )


class JointPledgePartners(APIView):
    """PUT a pledge's partners and shares (Secretariat or the lead State); [] ends the joint."""

    @extend_schema(request=serializers.JointPledgeInputSerializer, responses={200: dict})
    def put(self, request: Request, pledge_id: str) -> Response:
        user = acting_user(request)
        pledge = access_pledge(user=user, pledge_id=pledge_id)
        form = serializers.JointPledgeInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if len(form.validated_data["partners"]) > 20:
            raise DomainError(_("A joint pledge has at most 20 partners."), field="partners")
        shares = []
        for n, row in enumerate(form.validated_data["partners"], start=1):
            org = None
            if row["regional_organization"]:
                org = RegionalOrganization.objects.filter(code=row["regional_organization"]).first()
                if org is None:
                    raise DomainError(
                        _("Partner %(n)s: no such regional organization.") % {"n": n},
                        field=f"partners.{n}",
                    )
            shares.append(
                services.ShareInput(
                    member_state=_state(row["member_state"], f"partners.{n}"),
                    regional_organization=org,
                    personnel=row["personnel"],
                    women=row["women"],
                    equipment=[dict(e) for e in row["equipment"]],
                    contribution=row["contribution"],
                )
            )
        rows = _guard(
            lambda: services.joint_pledge_shares_set(actor=user, pledge=pledge, shares=shares)
        )
        return Response(
            {
                "pledge": str(pledge.pk),
                "partners": [
                    {
                        "partner": r.partner_label,
                        "personnel": r.personnel,
                        "women": r.women,
                        "equipment": r.equipment,
                        "contribution": r.contribution,
                    }
                    for r in rows
                ],
            }
        )
