"""API representations of the catalogue and of pledges; writes go through services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission
from pcrs.registry import validation
from pcrs.registry.models import (
    CapabilityType,
    ChangeStatus,
    Lease,
    Pledge,
    PledgeAnnotation,
    PledgeChangeRequest,
    RankBand,
)
from pcrs.registry.selectors import PENDING_CHANGE_REQUESTS
from pcrs.registry.services import (
    LIST_LIMITS,
    PLEDGE_FIELDS,
    EquipmentLine,
    OrganizationLine,
    PledgeInput,
)


class CapabilityTypeSerializer(serializers.ModelSerializer[CapabilityType]):
    class Meta:
        model = CapabilityType
        fields = [
            "code",
            "name",
            "category",
            "description",
            "typical_size",
            "typical_equipment",
            "aav_domains",
            "is_critical_enabler",
            "is_active",
        ]
        read_only_fields = ["code", "category", "aav_domains", "is_critical_enabler"]


class OrganizationLineSerializer(serializers.Serializer[Any]):
    rank_band = serializers.ChoiceField(choices=RankBand.choices)
    men = serializers.IntegerField(min_value=0, max_value=5000)
    women = serializers.IntegerField(min_value=0, max_value=5000)


class EquipmentLineSerializer(serializers.Serializer[Any]):
    item = serializers.CharField(max_length=120)
    quantity = serializers.IntegerField(min_value=1, max_value=10000)
    lease = serializers.ChoiceField(choices=Lease.choices, default=Lease.WET)


class ChangeRequestSerializer(serializers.ModelSerializer[PledgeChangeRequest]):
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    # Levels as plain codes ("", "1", "2", "3", "rdl"): the pledge's readiness_level enum.
    base_level = serializers.CharField(read_only=True)
    resulting_level = serializers.CharField(read_only=True)

    class Meta:
        model = PledgeChangeRequest
        fields = [
            "id",
            "status",
            "changes",
            "base_level",
            "requested_by",
            "requested_at",
            "decided_at",
            "reason",
            "resulting_level",
        ]
        read_only_fields = fields


class PledgePartnerSerializer(serializers.Serializer[Any]):
    """One partner's share of a joint (co-deployment) pledge."""

    partner = serializers.CharField(source="partner_label", read_only=True)
    personnel = serializers.IntegerField(read_only=True)
    women = serializers.IntegerField(read_only=True)
    equipment = serializers.JSONField(read_only=True)
    contribution = serializers.CharField(read_only=True)


class PledgeSerializer(serializers.ModelSerializer[Pledge]):
    """A pledge as its State and the Secretariat read it: its verified figures, and beside
    them the material change pending the Secretariat's decision, if any."""

    change_request = serializers.SerializerMethodField()

    @extend_schema_field(ChangeRequestSerializer(allow_null=True))
    def get_change_request(self, pledge: Pledge) -> dict[str, Any] | None:
        # A list prefetches the pending requests (selectors.with_pending_change_requests);
        # a single pledge asks for its own.
        prefetched = getattr(pledge, PENDING_CHANGE_REQUESTS, None)
        if prefetched is not None:
            pending = prefetched[0] if prefetched else None
        else:
            pending = (
                pledge.change_requests.filter(status=ChangeStatus.PENDING)
                .select_related("requested_by")
                .first()
            )
        return ChangeRequestSerializer(pending).data if pending else None

    member_state = serializers.CharField(source="member_state.iso3", read_only=True)
    capability_type = serializers.CharField(source="capability_type.code", read_only=True)
    organization = OrganizationLineSerializer(many=True, read_only=True)
    equipment = EquipmentLineSerializer(many=True, read_only=True)
    caveat_missions = serializers.SlugRelatedField[Mission](
        many=True, slug_field="acronym", read_only=True
    )
    partners = PledgePartnerSerializer(many=True, read_only=True)

    class Meta:
        model = Pledge
        fields = [
            "id",
            "member_state",
            "kind",
            *PLEDGE_FIELDS,
            "status",
            "readiness_level",
            "is_synthetic",
            "submitted_at",
            "withdrawn_at",
            "created_at",
            "updated_at",
            "version",
            "change_request",
            "partners",
        ]
        read_only_fields = fields


def _limit(name: str) -> dict[str, Any]:
    """The list limit of `name` (services.LIST_LIMITS), with a message naming it."""
    limit = LIST_LIMITS[name]
    return {"max_length": limit, "error_messages": {"max_length": f"At most {limit} entries."}}


class PledgeWriteSerializer(serializers.Serializer[Any]):
    """What a client sends to create or replace a pledge's content."""

    member_state = serializers.SlugRelatedField(
        slug_field="iso3",
        queryset=MemberState.objects.all(),
        required=False,
        help_text="ISO3 of the pledging State; the Secretariat only (focal points pledge "
        "for their own State).",
    )
    capability_type = serializers.SlugRelatedField(
        slug_field="code", queryset=CapabilityType.objects.filter(is_active=True)
    )
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    personnel = serializers.IntegerField(min_value=1, max_value=5000)
    women = serializers.IntegerField(min_value=0, max_value=5000, default=0)
    ranks = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list, **_limit("ranks")
    )
    organization = serializers.ListField(
        child=OrganizationLineSerializer(), required=False, default=list, **_limit("organization")
    )
    equipment = serializers.ListField(
        child=EquipmentLineSerializer(), required=False, default=list, **_limit("equipment")
    )
    self_sustainment = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        **_limit("self_sustainment"),
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3),
        required=False,
        default=list,
        **_limit("languages"),
    )
    caveat_missions = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all()),
        required=False,
        default=list,
        **_limit("caveat_missions"),
    )
    caveat_regions = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        **_limit("caveat_regions"),
    )
    restricted_tasks = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        **_limit("restricted_tasks"),
    )
    caveat_notes = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"max_length": "At most 4000 characters."},
    )
    available_from = serializers.DateField(
        validators=[validation.date_validator("The availability date")]
    )
    notice_to_move_days = serializers.IntegerField(min_value=0, max_value=730, default=90)
    contact_name = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    version = serializers.IntegerField(
        required=False, help_text="The version you read; a stale version is refused with 409."
    )

    def to_input(self) -> PledgeInput:
        """The service's input: every PledgeInput field, by name (services.PLEDGE_FIELDS)."""
        data = dict(self.validated_data)
        data["organization"] = [OrganizationLine(**line) for line in data["organization"]]
        data["equipment"] = [EquipmentLine(**line) for line in data["equipment"]]
        data["caveat_missions"] = list(data.get("caveat_missions", []))
        return PledgeInput(**{name: data[name] for name in PLEDGE_FIELDS})


class PledgeActionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(required=False)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AnnotationSerializer(serializers.ModelSerializer[PledgeAnnotation]):
    author = serializers.CharField(source="author.username", read_only=True)

    class Meta:
        model = PledgeAnnotation
        fields = ["id", "author", "text", "shared_with_state", "created_at"]
        read_only_fields = ["id", "author", "created_at"]
        extra_kwargs = {"text": {"max_length": 4000}}


class HistoryEventSerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.username", default=None)
    action = serializers.CharField()
    changes = serializers.JSONField()
    note = serializers.CharField()
