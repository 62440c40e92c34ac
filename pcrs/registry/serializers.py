"""API representations of the catalogue and of pledges; writes go through services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission
from pcrs.registry.models import (
    CapabilityType,
    Lease,
    Pledge,
    PledgeAnnotation,
    RankBand,
)
from pcrs.registry.services import EquipmentLine, OrganizationLine, PledgeInput


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


class PledgePartnerSerializer(serializers.Serializer[Any]):
    """One partner's share of a joint (co-deployment) pledge."""

    partner = serializers.CharField(source="partner_label", read_only=True)
    personnel = serializers.IntegerField(read_only=True)
    women = serializers.IntegerField(read_only=True)
    equipment = serializers.JSONField(read_only=True)
    contribution = serializers.CharField(read_only=True)


class PledgeSerializer(serializers.ModelSerializer[Pledge]):
    """A pledge as its State and the Secretariat read it."""

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
            "capability_type",
            "title",
            "personnel",
            "women",
            "ranks",
            "organization",
            "equipment",
            "self_sustainment",
            "languages",
            "caveat_missions",
            "caveat_regions",
            "restricted_tasks",
            "caveat_notes",
            "available_from",
            "notice_to_move_days",
            "contact_name",
            "contact_email",
            "contact_phone",
            "status",
            "readiness_level",
            "is_synthetic",
            "submitted_at",
            "withdrawn_at",
            "created_at",
            "updated_at",
            "version",
            "partners",
        ]
        read_only_fields = fields


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
        child=serializers.CharField(max_length=60), required=False, default=list, max_length=50
    )
    organization = OrganizationLineSerializer(many=True, required=False, default=list)
    equipment = EquipmentLineSerializer(many=True, required=False, default=list)
    self_sustainment = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=40
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3), required=False, default=list, max_length=20
    )
    caveat_missions = serializers.SlugRelatedField(
        many=True, slug_field="acronym", queryset=Mission.objects.all(), required=False
    )
    caveat_regions = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=10
    )
    restricted_tasks = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=20
    )
    caveat_notes = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    available_from = serializers.DateField()
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
        data = self.validated_data
        return PledgeInput(
            capability_type=data["capability_type"],
            title=data["title"],
            personnel=data["personnel"],
            women=data["women"],
            ranks=data["ranks"],
            organization=[OrganizationLine(**line) for line in data["organization"]],
            equipment=[EquipmentLine(**line) for line in data["equipment"]],
            self_sustainment=data["self_sustainment"],
            languages=data["languages"],
            caveat_missions=list(data.get("caveat_missions", [])),
            caveat_regions=data["caveat_regions"],
            restricted_tasks=data["restricted_tasks"],
            caveat_notes=data["caveat_notes"],
            available_from=data["available_from"],
            notice_to_move_days=data["notice_to_move_days"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
        )


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


class AggregateCellSerializer(serializers.Serializer[Any]):
    group = serializers.CharField()
    capability_type = serializers.CharField()
    pledges = serializers.IntegerField(allow_null=True)
    personnel = serializers.IntegerField(allow_null=True)
    women = serializers.IntegerField(allow_null=True)
    states = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()
