"""Missions API: missions, ceilings, contingents, requirements and gaps.

Rights as on the pages (pcrs.missions.permissions): public mission data for every signed-in
user; contingent detail for the Secretariat, the mission's planners and the State's own focal
point; requirements written by the mission's planners and the Secretariat; observers get
aggregates only.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcrs.accounts.rights import Right
from pcrs.api.base import acting_user
from pcrs.missions import gaps, permissions, selectors, services
from pcrs.missions.models import (
    Ceiling,
    DeployedContingent,
    GenderTarget,
    Mission,
    Requirement,
)
from pcrs.missions.serializers import (
    CeilingInputSerializer,
    CeilingSerializer,
    ContingentInputSerializer,
    ContingentSerializer,
    GenderTargetInputSerializer,
    GenderTargetPatchSerializer,
    GenderTargetSerializer,
    MissionSerializer,
    MissionStatusInputSerializer,
    ReplacementInputSerializer,
    RequirementCreateSerializer,
    RequirementSerializer,
    RequirementStatusSerializer,
)


def _horizon(request: Request) -> int:
    try:
        return max(1, min(int(request.query_params.get("horizon", 180)), 730))
    except ValueError:
        return gaps.DEFAULT_ROTATION_HORIZON_DAYS


class MissionViewSet(viewsets.ReadOnlyModelViewSet[Mission]):
    """Missions (public UN data). Filter with ?active=1 and ?kind=peacekeeping|political."""

    serializer_class = MissionSerializer
    lookup_field = "acronym"
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> Any:
        qs = selectors.missions_list()
        if self.request.query_params.get("active") == "1":
            qs = qs.filter(is_active=True)
        kind = self.request.query_params.get("kind")
        if kind:
            qs = qs.filter(kind=kind)
        return qs

    def get_object(self) -> Mission:
        return selectors.access_mission(user=self.request.user, acronym=self.kwargs["acronym"])

    @extend_schema(request=CeilingInputSerializer, responses=CeilingSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def ceilings(self, request: Request, acronym: str) -> Response:
        """The mission's ceilings, newest first; POST records a new one (Secretariat)."""
        mission = self.get_object()
        if request.method == "POST":
            if not permissions.may_edit_reference_data(request.user):
                raise PermissionDenied(_("Only the Secretariat can record ceilings."))
            form = CeilingInputSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            ceiling = services.ceiling_create(
                actor=request.user,  # type: ignore[arg-type]
                mission=mission,
                **form.validated_data,
            )
            return Response(CeilingSerializer(ceiling).data, status=status.HTTP_201_CREATED)
        qs = Ceiling.objects.filter(mission=mission).order_by("category", "-effective_from")
        return Response(CeilingSerializer(qs, many=True).data)

    @action(detail=True, methods=["get"])
    def strength(self, request: Request, acronym: str) -> Response:
        """Monthly strength by personnel type and women's share (UN monthly reports)."""
        mission = self.get_object()
        history = selectors.mission_strength_history(mission=mission)
        history.pop("table", None)
        as_of = selectors.contributions_as_of()
        strength = selectors.mission_strengths([mission], as_of=as_of)[mission.pk]
        history.update(
            {
                "data_as_of": as_of,
                "data_as_of_text": selectors.as_of_text(as_of),
                "strength_at_data_as_of": strength.personnel,
                "no_strength_reason": strength.reason or None,
            }
        )
        return Response(history)

    @extend_schema(request=MissionStatusInputSerializer, responses=MissionSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def status_correction(self, request: Request, acronym: str) -> Response:
        """Record the Secretariat's word on the mission's status over the source file."""
        mission = self.get_object()
        if not permissions.may_edit_reference_data(request.user):
            raise PermissionDenied(_("Only the Secretariat can correct a mission's status."))
        form = MissionStatusInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.mission_status_correct(
            actor=request.user,  # type: ignore[arg-type]
            mission=mission,
            **form.validated_data,
        )
        mission = selectors.access_mission(user=request.user, acronym=mission.acronym)
        return Response(MissionSerializer(mission).data)

    @extend_schema(parameters=[OpenApiParameter("horizon", int, description="days, default 180")])
    @action(detail=True, methods=["get"])
    def gaps(self, request: Request, acronym: str) -> Response:
        """Computed gaps: unfilled requirements, rotations due, ceilings, gender status.
        Contingent-level lines only for users who may see those contingents."""
        mission = self.get_object()
        today = timezone.localdate()
        horizon = _horizon(request)
        visible = selectors.contingents_visible_to(request.user).filter(
            mission=mission, status="deployed"
        )
        everyone = mission.contingents.filter(status="deployed").select_related("capability_type")
        return Response(
            {
                "mission": mission.acronym,
                "date": today,
                # The demo's deployed contingents derive from the latest UN monthly report.
                "contributions_as_of": selectors.contributions_as_of(),
                "unfilled_requirements": [
                    {
                        "requirement": row.requirement.pk,
                        "capability_type": row.requirement.capability_type.code,
                        "priority": row.requirement.priority,
                        "units": row.requirement.units,
                        "personnel": row.requirement.personnel,
                        "required_by": row.requirement.required_by,
                        "days_open": row.days_open,
                        "pledges_level2_now": row.pledges_level2_now,
                    }
                    for row in gaps.unfilled_requirements(
                        today=today,
                        mission=mission,
                        show_small_counts=acting_user(request).has_right(Right.PLEDGE_VIEW_ALL),
                    )
                ],
                "ceilings": [
                    {
                        "category": c.category,
                        "authorized": c.authorized,
                        "deployed": c.deployed,
                        "headroom": c.headroom,
                        "percent_of_ceiling": c.percent_of_ceiling,
                        "resolution": c.resolution,
                        "effective_from": c.effective_from,
                    }
                    for c in gaps.ceiling_gaps(mission=mission, today=today)
                ],
                "rotation_horizon_days": horizon,
                "rotations_due_count": len(
                    gaps.rotations_due(everyone, today=today, horizon_days=horizon)
                ),
                "rotations_due": [
                    {
                        "contingent": r.contingent.pk,
                        "member_state": r.contingent.member_state.iso3,
                        "next_rotation_on": r.contingent.next_rotation_on,
                        "days_until": r.days_until,
                    }
                    for r in gaps.rotations_due(visible, today=today, horizon_days=horizon)
                ],
                "gender_summary": gaps.gender_summary(
                    gaps.gender_statuses(everyone, year=today.year)
                ),
                "gender": [
                    {
                        "contingent": g.contingent.pk,
                        "member_state": g.contingent.member_state.iso3,
                        "share_percent": g.share_percent,
                        "target_percent": g.target_percent,
                        "status": g.status,
                        "label": g.label,
                    }
                    for g in gaps.gender_statuses(visible, year=today.year)
                ],
            }
        )


class ContingentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[DeployedContingent],
):
    """Deployed contingents this user may see. Filter with ?mission=ACRONYM.
    POST records one, POST .../replacement/ names its relief (Secretariat)."""

    serializer_class = ContingentSerializer

    @extend_schema(request=ContingentInputSerializer, responses=ContingentSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not permissions.may_record_contingents(request.user):
            raise PermissionDenied(_("Only the Secretariat can record deployed contingents."))
        form = ContingentInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        contingent = services.contingent_create(
            actor=request.user,  # type: ignore[arg-type]
            data=services.ContingentInput(**form.validated_data),
        )
        return Response(ContingentSerializer(contingent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReplacementInputSerializer, responses=ContingentSerializer)
    @action(detail=True, methods=["post"])
    def replacement(self, request: Request, pk: str) -> Response:
        """Name the pledge (or describe the unit) relieving this contingent; empty clears it."""
        contingent = self.get_object()
        if not permissions.may_record_contingents(request.user):
            raise PermissionDenied(_("Only the Secretariat can identify replacements."))
        form = ReplacementInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        updated = services.contingent_replacement_set(
            actor=request.user,  # type: ignore[arg-type]
            contingent=contingent,
            pledge=form.validated_data["pledge"],
            note=form.validated_data["note"],
        )
        return Response(ContingentSerializer(updated).data)

    def get_queryset(self) -> Any:
        qs = selectors.contingents_visible_to(self.request.user)
        mission = self.request.query_params.get("mission")
        if mission:
            qs = qs.filter(mission__acronym=mission)
        return qs.order_by("mission__acronym", "next_rotation_on", "pk")

    def get_object(self) -> DeployedContingent:
        return selectors.access_contingent(user=self.request.user, contingent_id=self.kwargs["pk"])


class RequirementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Requirement],
):
    """Mission requirements: read by all; written by the mission's planners and the Secretariat."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> Any:
        return RequirementCreateSerializer if self.action == "create" else RequirementSerializer

    def get_queryset(self) -> Any:
        qs = selectors.requirements_visible_to(self.request.user)
        mission = self.request.query_params.get("mission")
        if mission:
            qs = qs.filter(mission__acronym=mission)
        status_filter = self.request.query_params.get("status")
        if status_filter:
            qs = qs.filter(status=status_filter)
        return qs.order_by("mission__acronym", "required_by", "pk")

    def get_object(self) -> Requirement:
        return selectors.access_requirement(
            user=self.request.user, requirement_id=self.kwargs["pk"]
        )

    @staticmethod
    def _input(data: dict[str, Any], base: Requirement | None = None) -> services.RequirementInput:
        def pick(name: str, default: Any) -> Any:
            if name in data:
                return data[name]
            return getattr(base, name) if base is not None else default

        return services.RequirementInput(
            capability_type=pick("capability_type", None),
            personnel=pick("personnel", None),
            required_by=pick("required_by", None),
            units=pick("units", 1),
            title=pick("title", ""),
            priority=pick("priority", "high"),
            location=pick("location", ""),
            languages=list(pick("languages", [])),
            min_women_percent=pick("min_women_percent", 0),
            major_equipment=[dict(x) for x in pick("major_equipment", [])],
            self_sustainment=list(pick("self_sustainment", [])),
            notes=pick("notes", ""),
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = RequirementCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        mission = form.validated_data["mission"]
        if not permissions.may_edit_mission(request.user, mission):
            raise PermissionDenied(
                _("Only this mission's planners or the Secretariat can add requirements.")
            )
        requirement = services.requirement_create(
            actor=request.user,  # type: ignore[arg-type]
            mission=mission,
            data=self._input(form.validated_data),
        )
        return Response(RequirementSerializer(requirement).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        requirement = self.get_object()
        if not permissions.may_edit_mission(request.user, requirement.mission):
            raise PermissionDenied(
                _("Only this mission's planners or the Secretariat can change requirements.")
            )
        form = RequirementSerializer(requirement, data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        updated = services.requirement_update(
            actor=request.user,  # type: ignore[arg-type]
            requirement=requirement,
            data=self._input(form.validated_data, base=requirement),
            expected_version=form.validated_data.get("version"),
        )
        return Response(RequirementSerializer(updated).data)

    @extend_schema(request=RequirementStatusSerializer, responses=RequirementSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str) -> Response:
        requirement = self.get_object()
        if not permissions.may_edit_mission(request.user, requirement.mission):
            raise PermissionDenied(
                _("Only this mission's planners or the Secretariat can change requirements.")
            )
        form = RequirementStatusSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        updated = services.requirement_status_set(
            actor=request.user,  # type: ignore[arg-type]
            requirement=requirement,
            status=form.validated_data["status"],
            expected_version=form.validated_data.get("version"),
        )
        return Response(RequirementSerializer(updated).data)


class CriticalCapabilitiesView(APIView):
    """The system-wide critical capability requirements report, by capability type."""

    @extend_schema(responses=None)
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        return Response(
            {
                "date": today,
                "capabilities": [
                    {
                        "capability_type": line.capability_type.code,
                        "name": line.capability_type.name,
                        "open_requirements": len(line.requirements),
                        "critical": line.critical,
                        "units": line.units,
                        "personnel": line.personnel,
                        "missions": line.missions,
                        "longest_open_days": line.longest_open_days,
                        "pledges_level2_now": line.pledges_level2_now,
                        "requirements": [
                            {
                                "id": r.requirement.pk,
                                "mission": r.requirement.mission.acronym,
                                "priority": r.requirement.priority,
                                "days_open": r.days_open,
                                "pledges_level2_now": r.pledges_level2_now,
                            }
                            for r in line.requirements
                        ],
                    }
                    for line in gaps.critical_capability_report(
                        today=today,
                        show_small_counts=acting_user(request).has_right(Right.PLEDGE_VIEW_ALL),
                    )
                ],
            }
        )


class GenderTargetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[GenderTarget],
):
    """Uniformed Gender Parity Strategy targets (public); the Secretariat sets them.
    Filter with ?year= and ?category=. POST sets the target of a (category, year), creating
    or replacing it; PATCH changes one row's target_percent and source."""

    serializer_class = GenderTargetSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        qs = GenderTarget.objects.order_by("year", "category")
        year = self.request.query_params.get("year", "")
        if year.isdigit():
            qs = qs.filter(year=int(year))
        category = self.request.query_params.get("category")
        if category:
            qs = qs.filter(category=category)
        return qs

    def _ensure_may_edit(self, request: Request) -> None:
        if not permissions.may_edit_reference_data(request.user):
            raise PermissionDenied(_("Only the Secretariat can change gender targets."))

    @extend_schema(request=GenderTargetInputSerializer, responses=GenderTargetSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._ensure_may_edit(request)
        form = GenderTargetInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        target = services.gender_target_set(
            actor=request.user,  # type: ignore[arg-type]
            **form.validated_data,
        )
        return Response(GenderTargetSerializer(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GenderTargetPatchSerializer, responses=GenderTargetSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._ensure_may_edit(request)
        target = self.get_object()
        form = GenderTargetPatchSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        updated = services.gender_target_set(
            actor=request.user,  # type: ignore[arg-type]
            category=target.category,
            year=target.year,
            **form.validated_data,
        )
        return Response(GenderTargetSerializer(updated).data)


class FatalitiesView(APIView):
    """Peacekeeper fatalities by year and type of incident (?mission=ACRONYM or ?state=ISO3).
    Protected aggregates for all but the Secretariat: cells drawing on fewer than three
    contributing States are null; ?state= only for the Secretariat and that State's focal point."""

    @extend_schema(
        parameters=[
            OpenApiParameter("mission", str, description="mission acronym"),
            OpenApiParameter("state", str, description="ISO 3166 alpha-3 of a contributor"),
        ],
        responses=None,
    )
    def get(self, request: Request) -> Response:
        mission = state = None
        if request.query_params.get("mission"):
            mission = selectors.access_mission(
                user=request.user, acronym=request.query_params["mission"]
            )
        elif request.query_params.get("state"):
            state = selectors.access_state_history(
                user=request.user, iso3=request.query_params["state"]
            )
        overview = selectors.fatalities_overview(
            user=request.user, mission=mission, member_state=state
        )
        overview.pop("table", None)
        return Response(overview)
