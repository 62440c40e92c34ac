"""API shapes of the readiness ladder. Writes are parsed here and applied by services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pcrs.readiness import ladder
from pcrs.readiness.models import (
    AavDomain,
    DomainResult,
    LevelChange,
    RdlAgreement,
    SurAlignment,
    UnitRequirement,
    Visit,
    VisitDomainResult,
    VisitPurpose,
)
from pcrs.registry.change_control import facts_mismatch

# Limits of free text and integers, stated once so the OpenAPI document shows them.
NOTE_MAX = 4000
NOTE: dict[str, Any] = {
    "max_length": NOTE_MAX,
    "error_messages": {"max_length": f"At most {NOTE_MAX} characters."},
}
VERSION: dict[str, Any] = {"min_value": 1, "max_value": 2_147_483_647}


class DomainResultSerializer(serializers.ModelSerializer[VisitDomainResult]):
    class Meta:
        model = VisitDomainResult
        fields = ["domain", "result", "findings"]


class _Evidence:
    """What the evidence verified, and where the pledge no longer matches it (words)."""

    def get_mismatch(self, evidence: Any) -> list[str]:
        return facts_mismatch(evidence.verified, evidence.pledge)

    def get_matches_pledge(self, evidence: Any) -> bool:
        return not facts_mismatch(evidence.verified, evidence.pledge)


class VisitSerializer(_Evidence, serializers.ModelSerializer[Visit]):
    results = DomainResultSerializer(many=True, read_only=True)
    mismatch = serializers.SerializerMethodField()
    matches_pledge = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id",
            "purpose",
            "start_date",
            "end_date",
            "team",
            "successful",
            "summary",
            "valid_until",
            "candidates_presented",
            "candidates_passed",
            "verified",
            "matches_pledge",
            "mismatch",
            "results",
        ]


class SurAlignmentSerializer(_Evidence, serializers.ModelSerializer[SurAlignment]):
    sur = serializers.CharField(source="sur.reference")
    mismatch = serializers.SerializerMethodField()
    matches_pledge = serializers.SerializerMethodField()

    class Meta:
        model = SurAlignment
        fields = [
            "id",
            "sur",
            "agreed_on",
            "variations",
            "note",
            "verified",
            "matches_pledge",
            "mismatch",
        ]


class RdlAgreementSerializer(_Evidence, serializers.ModelSerializer[RdlAgreement]):
    mismatch = serializers.SerializerMethodField()
    matches_pledge = serializers.SerializerMethodField()

    class Meta:
        model = RdlAgreement
        fields = [
            "id",
            "signed_on",
            "deploy_within_days",
            "reference",
            "note",
            "verified",
            "matches_pledge",
            "mismatch",
        ]


class LevelChangeSerializer(serializers.ModelSerializer[LevelChange]):
    actor = serializers.SerializerMethodField()
    move_label = serializers.SerializerMethodField()

    class Meta:
        model = LevelChange
        fields = ["on", "move", "move_label", "from_state", "to_state", "actor", "note"]

    def get_move_label(self, change: LevelChange) -> str:
        return ladder.move_label(change.move)

    def get_actor(self, change: LevelChange) -> str:
        return change.actor.username if change.actor else "sweep"


class UnitRequirementSerializer(serializers.ModelSerializer[UnitRequirement]):
    capability_type = serializers.CharField(source="capability_type.code")

    class Meta:
        model = UnitRequirement
        fields = [
            "reference",
            "title",
            "capability_type",
            "issued_on",
            "personnel",
            "major_equipment",
            "requirements",
            "is_generic",
            "is_current",
        ]


def readiness_data(view: Any) -> dict[str, Any]:
    """selectors.PledgeReadiness as JSON."""
    record = view.record
    return {
        "pledge": str(view.pledge.pk),
        "state": record.state,
        "state_label": ladder.state_label(record.state),
        "readiness_level": view.pledge.readiness_level,
        "version": record.version,
        "dates": {
            name: getattr(record, name)
            for name in (
                "submitted_on",
                "acknowledged_on",
                "accepted_on",
                "level_2_on",
                "level_3_on",
                "rdl_on",
                "lapsed_on",
                "renewal_due",
                "last_renewed_on",
                "aav_valid_until",
                "verification_valid_until",
            )
        },
        "guidance": record.guidance,
        "next_step": {"move": view.next_move, "label": view.next_label, "by": view.next_who}
        if view.next_move
        else None,
        "blockers": view.blockers,
        "findings": [
            {
                "visit": f.visit.purpose,
                "visit_end": f.visit.end_date,
                "domain": f.domain,
                "result": f.result,
                "findings": f.findings,
            }
            for f in view.findings
        ],
        "moves": [
            {"move": m.name, "label": m.label, "possible": m.allowed, "missing": m.missing}
            for m in view.moves
        ],
        "aav_domains": view.domains,
        "visits": VisitSerializer(view.visits, many=True).data,
        "sur_alignments": SurAlignmentSerializer(view.alignments, many=True).data,
        "rdl_agreements": RdlAgreementSerializer(view.agreements, many=True).data,
        "timeline": LevelChangeSerializer(view.timeline, many=True).data,
    }


class MoveInputSerializer(serializers.Serializer[Any]):
    move = serializers.ChoiceField(choices=list(ladder.MOVES))
    version = serializers.IntegerField(required=False, allow_null=True, **VERSION)
    note = serializers.CharField(required=False, allow_blank=True, default="", **NOTE)


class RenewInputSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(required=False, allow_null=True, **VERSION)
    note = serializers.CharField(required=False, allow_blank=True, default="", **NOTE)


class DomainResultInputSerializer(serializers.Serializer[Any]):
    domain = serializers.ChoiceField(choices=AavDomain.choices)
    result = serializers.ChoiceField(choices=DomainResult.choices)
    findings = serializers.CharField(required=False, allow_blank=True, default="", **NOTE)


class VisitInputSerializer(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=VisitPurpose.choices)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    team = serializers.ListField(
        child=serializers.CharField(max_length=200),
        max_length=50,
        error_messages={"max_length": "Name at most 50 team members."},
    )
    successful = serializers.BooleanField()
    summary = serializers.CharField(required=False, allow_blank=True, default="", **NOTE)
    candidates_presented = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=5000
    )
    candidates_passed = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=5000
    )
    results = serializers.ListField(
        child=DomainResultInputSerializer(),
        required=False,
        default=list,
        max_length=len(AavDomain.values),
        error_messages={"max_length": f"At most {len(AavDomain.values)} domain results."},
    )
    version = serializers.IntegerField(required=False, allow_null=True, **VERSION)


class SurAlignmentInputSerializer(serializers.Serializer[Any]):
    sur = serializers.SlugRelatedField[UnitRequirement](
        slug_field="reference", queryset=UnitRequirement.objects.all()
    )
    agreed_on = serializers.DateField()
    variations = serializers.ListField(
        child=serializers.CharField(max_length=500),
        required=False,
        default=list,
        max_length=100,
        error_messages={"max_length": "At most 100 variations."},
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", **NOTE)
    version = serializers.IntegerField(required=False, allow_null=True, **VERSION)


class RdlAgreementInputSerializer(serializers.Serializer[Any]):
    signed_on = serializers.DateField()
    deploy_within_days = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=365
    )
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=80)
    note = serializers.CharField(required=False, allow_blank=True, default="", **NOTE)
    version = serializers.IntegerField(required=False, allow_null=True, **VERSION)
