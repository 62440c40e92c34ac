"""Force-generation API: the same rights as the pages (Secretariat runs; a State answers).

404 for a run or case the caller may not see; 403 for a step the caller's role may not take;
400 naming the field; 409 when the case changed under you.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcrs.api.base import acting_user
from pcrs.generation import permissions, selectors, services, workflow
from pcrs.generation.adapter import RunRequest
from pcrs.generation.conf import setting
from pcrs.generation.serializers import (
    AnswerInputSerializer,
    CaseCreateInputSerializer,
    CaseMoveInputSerializer,
    RunInputSerializer,
    RunStartedSerializer,
    WhatIfInputSerializer,
    case_data,
    run_data,
    what_if_data,
)
from pcrs.registry.models import CapabilityType


def _secretariat(request: Request) -> None:
    if not permissions.is_secretariat(acting_user(request)):
        raise PermissionDenied(_("Only the Secretariat can run force generation."))


class RunListView(APIView):
    """Start a run: {"missions": ["MINUSCA"], "time_limit": 10} -> 202 {"id", "status"}."""

    @extend_schema(request=RunInputSerializer, responses={202: RunStartedSerializer})
    def post(self, request: Request) -> Response:
        _secretariat(request)
        form = RunInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        run = services.run_start(
            actor=acting_user(request),
            request=RunRequest(
                missions=tuple(data["missions"]),
                requirements=tuple(data["requirements"]),
                horizon_days=data.get("horizon_days"),
                min_level=data.get("min_level", "2"),
                time_limit=data.get("time_limit", setting("DEFAULT_TIME_LIMIT_SECONDS")),
                seed=data.get("seed", 0),
                weights=data["weights"],
            ),
        )
        run.refresh_from_db()
        return Response({"id": str(run.pk), "status": run.status}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(operation_id="generation_runs_list", responses={200: dict})
    def get(self, request: Request) -> Response:
        services.runs_reap_stale()
        runs = selectors.runs_visible_to(acting_user(request))[:50]
        return Response(
            [
                {"id": str(r.pk), "status": r.status, "created_at": r.created_at, "gap": r.gap}
                for r in runs
            ]
        )


class RunDetailView(APIView):
    """A run: status, progress, objective, bound, gap, assignments with explanations."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request, run_id: str) -> Response:
        services.runs_reap_stale()
        run = selectors.access_run(user=acting_user(request), id=run_id)
        return Response(run_data(run))


class WhatIfView(APIView):
    """What can arrive by when for a list of needs; changes nothing."""

    @extend_schema(request=WhatIfInputSerializer, responses={200: dict})
    def post(self, request: Request) -> Response:
        _secretariat(request)
        form = WhatIfInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        codes = [n["capability_type"] for n in data["needs"]]
        types = {c.code: c for c in CapabilityType.objects.filter(code__in=codes)}
        unknown = [i for i, code in enumerate(codes) if code not in types]
        if unknown:
            raise ValidationError(
                {
                    f"needs[{i}].capability_type": [
                        _("Unknown capability type %(code)r.") % {"code": codes[i]}
                    ]
                    for i in unknown
                }
            )
        days = data.get("deadline_days") or setting("WHAT_IF_DEADLINE_DAYS")
        today = timezone.localdate()
        lines = selectors.what_if(
            needs=[(types[n["capability_type"]], n["units"]) for n in data["needs"]],
            deadline_days=days,
            today=today,
        )
        return Response(what_if_data(lines, today + dt.timedelta(days=days)))


def _outreach_data(lines: list[selectors.OutreachLine]) -> list[dict[str, Any]]:
    return [
        {
            "state": line.state,
            "state_name": line.state_name,
            "pledges": [
                {
                    "pledge": str(p.pk),
                    "label": selectors.pledge_label(p),
                    "readiness_level": p.readiness_level,
                    "lacks": lacks,
                }
                for p, lacks in line.pledges
            ],
        }
        for line in lines
    ]


class OutreachView(APIView):
    """Targeted outreach for a requirement (Secretariat): the States with pledges that fit now,
    and those whose pledges nearly fit, with what each lacks (level, date, language,
    equipment): the input to partnerships and capacity building."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request, requirement_id: int) -> Response:
        requirement = selectors.access_requirement_candidates(
            user=acting_user(request), id=requirement_id
        )
        fits, near = selectors.outreach_lists(requirement, today=timezone.localdate())
        return Response(
            {
                "requirement": requirement.pk,
                "mission": requirement.mission.acronym,
                "capability_type": requirement.capability_type.code,
                "fit_now": _outreach_data(fits),
                "nearly_fit": _outreach_data(near),
            }
        )


class CaseListView(APIView):
    """Cases the caller may see: all for the Secretariat, its own State's for a focal point.

    POST (Secretariat): accept a run's proposal for outreach,
    {"run": RUN_ID, "requirement": ID, "pledge": PLEDGE_ID} -> 201 with the case.
    """

    @extend_schema(request=CaseCreateInputSerializer, responses={201: dict})
    def post(self, request: Request) -> Response:
        _secretariat(request)
        form = CaseCreateInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        run = selectors.access_run(user=acting_user(request), id=data["run"])
        assignment = run.assignments.filter(
            requirement_id=data["requirement"], pledge_id=data["pledge"]
        ).first()
        if assignment is None:
            raise ValidationError(
                {"pledge": [_("This pledge is not proposed for it in this run.")]}
            )
        case = services.case_create(
            actor=acting_user(request),
            run=run,
            requirement=assignment.requirement,
            pledge=assignment.pledge,
            officers=data.get("officers"),
        )
        return Response(case_data(case, user=acting_user(request)), status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="generation_cases_list", responses={200: dict})
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        return Response([case_data(c, user=user) for c in selectors.cases_visible_to(user)[:200]])


def _move(request: Request, case_id: str, move: str, payload: dict[str, Any]) -> Response:
    user = acting_user(request)
    case = selectors.access_case(user=user, id=case_id)
    try:
        case = services.case_move(
            actor=user,
            case=case,
            move=move,
            data=payload,
            note=payload.get("note", ""),
            expected_version=payload.get("version"),
        )
    except workflow.CaseMoveNotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    return Response(case_data(case, user=user))


class CaseDetailView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request: Request, case_id: str) -> Response:
        user = acting_user(request)
        return Response(case_data(selectors.access_case(user=user, id=case_id), user=user))


class CaseMoveView(APIView):
    """A Secretariat step: {"move": "send_note_verbale", "nv_reference": ..., ...}."""

    @extend_schema(request=CaseMoveInputSerializer, responses={200: dict})
    def post(self, request: Request, case_id: str) -> Response:
        form = CaseMoveInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        return _move(request, case_id, data.pop("move"), data)


class CaseAnswerView(APIView):
    """The State's answer: {"answer": "accept"} or {"answer": "decline", "reason": "..."}."""

    @extend_schema(request=AnswerInputSerializer, responses={200: dict})
    def post(self, request: Request, case_id: str) -> Response:
        form = AnswerInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        payload: dict[str, Any] = {"decline_reason": data["reason"], "version": data.get("version")}
        return _move(request, case_id, data["answer"], payload)
