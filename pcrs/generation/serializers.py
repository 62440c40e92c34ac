"""API shapes of force generation. Field names are contracts outside scripts use."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from pcrs.generation import selectors
from pcrs.generation.adapter import WEIGHT_NAMES
from pcrs.generation.conf import setting
from pcrs.generation.models import GenerationCase, GenerationRun
from pcrs.generation.workflow import CASE_MOVES


class RunInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    missions = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list, max_length=50
    )
    requirements = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=500
    )
    time_limit = serializers.FloatField(required=False, min_value=1)
    horizon_days = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=3650
    )
    min_level = serializers.ChoiceField(choices=["1", "2", "3", "rdl"], required=False)
    seed = serializers.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    weights = serializers.DictField(
        child=serializers.FloatField(min_value=0), required=False, default=dict
    )

    def validate_weights(self, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(WEIGHT_NAMES))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown weight(s) %(unknown)s; known: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(WEIGHT_NAMES)}
            )
        return value

    def validate_time_limit(self, value: float) -> float:
        limit = setting("MAX_TIME_LIMIT_SECONDS")
        if value > limit:
            raise serializers.ValidationError(_("At most %(limit)s seconds.") % {"limit": limit})
        return value


class RunStartedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.UUIDField()
    status = serializers.CharField()


class AssignmentSerializer(serializers.Serializer):  # type: ignore[type-arg]
    requirement = serializers.IntegerField()
    pledge = serializers.UUIDField()
    score = serializers.FloatField()
    locked = serializers.BooleanField()
    explanation = serializers.DictField()


def run_data(run: GenerationRun) -> dict[str, Any]:
    """The run as GET /api/v1/generation/runs/{id}/ gives it."""
    assignments = []
    for a in run.assignments.order_by("requirement_id", "-score", "pledge_id"):
        story = run.explanations.get(str(a.requirement_id), {})
        chosen = next(
            (c for c in story.get("chosen", []) if str(a.pledge_id) in c["pledges"]), None
        )
        assignments.append(
            {
                "requirement": a.requirement_id,
                "pledge": str(a.pledge_id),
                "score": a.score,
                "locked": a.locked,
                "explanation": {
                    "terms": chosen["terms"] if chosen else {},
                    "runners_up": story.get("runners_up", []),
                },
            }
        )
    unfilled = [
        {
            "requirement": int(rid),
            "units": story["units"],
            "filled": story["filled"],
            "reason": story["gap_reason"],
        }
        for rid, story in sorted(run.explanations.items(), key=lambda kv: int(kv[0]))
        if story["filled"] < story["units"]
    ]
    return {
        "id": str(run.pk),
        "status": run.status,
        "progress": run.progress,
        "objective": run.objective,
        "bound": run.bound,
        "gap": run.gap,
        "duration": run.duration,
        "parameters": run.parameters,
        "input_hash": run.input_hash,
        "engine_version": run.engine_version,
        "message": run.message,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "assignments": assignments,
        "unfilled": unfilled,
    }


class NeedSerializer(serializers.Serializer):  # type: ignore[type-arg]
    capability_type = serializers.SlugField(max_length=40)
    units = serializers.IntegerField(min_value=1, max_value=50)


class WhatIfInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    needs = NeedSerializer(many=True, allow_empty=False)
    deadline_days = serializers.IntegerField(required=False, min_value=1, max_value=730)


def what_if_data(lines: list[selectors.WhatIfLine], deadline: Any) -> dict[str, Any]:
    return {
        "deadline": deadline,
        "needs": [
            {
                "capability_type": line.capability_type,
                "units": line.units,
                "arriving": [
                    {
                        "pledge": str(a.pledge.pk),
                        "state": a.pledge.member_state.iso3,
                        "level": a.level,
                        "arrives_on": a.arrives_on,
                    }
                    for a in line.arrivals
                ],
                "unfilled": line.unfilled,
                "why": line.why,
            }
            for line in lines
        ],
    }


class CaseMoveInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    move = serializers.ChoiceField(choices=list(CASE_MOVES))
    version = serializers.IntegerField(required=False, min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    nv_reference = serializers.CharField(required=False, max_length=80)
    nv_date = serializers.DateField(required=False)
    answer_deadline = serializers.DateField(required=False)
    decline_reason = serializers.CharField(required=False, max_length=2000)
    reconnaissance_on = serializers.DateField(required=False)
    pre_deployment_on = serializers.DateField(required=False)
    pre_deployment_result = serializers.ChoiceField(
        choices=["ready", "conditional", "not_ready"], required=False
    )
    military_skills_passed = serializers.BooleanField(required=False, allow_null=True)
    mou_on = serializers.DateField(required=False)
    lift = serializers.ChoiceField(choices=["loa", "un"], required=False)
    self_sufficiency_days = serializers.IntegerField(required=False, min_value=0, max_value=365)
    deployed_on = serializers.DateField(required=False)
    close_reason = serializers.CharField(required=False, max_length=2000)


class AnswerInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    answer = serializers.ChoiceField(choices=["accept", "decline"])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField(required=False, min_value=1)


def case_data(case: GenerationCase, *, user: Any) -> dict[str, Any]:
    """A case as its viewer may see it: a State never sees the run or other candidates."""
    data: dict[str, Any] = {
        "id": str(case.pk),
        "state": case.state,
        "mission": case.requirement.mission.acronym,
        "requirement": case.requirement_id,
        "capability_type": case.requirement.capability_type.code,
        "member_state": case.member_state.iso3,
        "pledge": str(case.pledge_id),
        "officers": case.officers,
        "due_on": case.due_on,
        "overdue": case.is_overdue(),
        "nv_reference": case.nv_reference,
        "nv_date": case.nv_date,
        "answer_deadline": case.answer_deadline,
        "decline_reason": case.decline_reason,
        "version": case.version,
        "timeline": [
            {"move": e.move, "from": e.from_state, "to": e.to_state, "on": e.on, "note": e.note}
            for e in selectors.case_timeline(user=user, case=case)
        ],
    }
    if selectors.permissions.is_secretariat(user):
        data["run"] = str(case.run_id) if case.run_id else None
    return data


class CaseCreateInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    run = serializers.UUIDField()
    requirement = serializers.IntegerField(min_value=1)
    pledge = serializers.UUIDField()
    officers = serializers.IntegerField(required=False, min_value=1, max_value=5000)
