"""API shapes of missions data. Serializers validate input; services write."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pcrs.missions.models import (
    Ceiling,
    CeilingCategory,
    DeployedContingent,
    Mission,
    Priority,
    Requirement,
    RequirementStatus,
)
from pcrs.registry.models import CapabilityType, SelfSustainment


class MissionSerializer(serializers.ModelSerializer[Mission]):
    host_country: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )

    class Meta:
        model = Mission
        fields = [
            "acronym",
            "name",
            "kind",
            "host_country",
            "host_name",
            "host_codes",
            "is_active",
            "start_date",
            "end_date",
            "hq_location",
            "hq_latitude",
            "hq_longitude",
            "hq_coordinate_status",
            "data_notes",
        ]


class CeilingSerializer(serializers.ModelSerializer[Ceiling]):
    mission: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="acronym", read_only=True
    )

    class Meta:
        model = Ceiling
        fields = ["id", "mission", "category", "authorized", "effective_from", "resolution", "note"]


class CeilingInputSerializer(serializers.Serializer[Any]):
    category = serializers.ChoiceField(choices=CeilingCategory.choices)
    authorized = serializers.IntegerField(min_value=0, max_value=100_000)
    effective_from = serializers.DateField()
    resolution = serializers.CharField(max_length=120)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ContingentSerializer(serializers.ModelSerializer[DeployedContingent]):
    mission: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="acronym", read_only=True
    )
    member_state: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
    capability_type: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    has_replacement = serializers.BooleanField(read_only=True)

    class Meta:
        model = DeployedContingent
        fields = [
            "id",
            "mission",
            "member_state",
            "capability_type",
            "designation",
            "personnel",
            "women",
            "deployed_on",
            "rotation_months",
            "next_rotation_on",
            "location",
            "status",
            "has_replacement",
            "is_synthetic",
            "source_note",
        ]


class RequiredEquipmentSerializer(serializers.Serializer[Any]):
    """A line of major equipment a requirement expects (no lease: that is the pledge's offer)."""

    item = serializers.CharField(max_length=120)
    quantity = serializers.IntegerField(min_value=1, max_value=10000)


class RequirementSerializer(serializers.ModelSerializer[Requirement]):
    mission: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="acronym", read_only=True
    )
    capability_type = serializers.SlugRelatedField(
        slug_field="code", queryset=CapabilityType.objects.filter(is_active=True)
    )
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.HIGH)
    languages = serializers.ListField(
        child=serializers.RegexField(r"^[a-z]{2,3}$"), required=False, max_length=10
    )
    major_equipment = RequiredEquipmentSerializer(many=True, required=False)
    self_sustainment = serializers.ListField(
        child=serializers.ChoiceField(choices=SelfSustainment.choices), required=False
    )
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Requirement
        fields = [
            "id",
            "mission",
            "capability_type",
            "title",
            "units",
            "personnel",
            "required_by",
            "priority",
            "location",
            "languages",
            "min_women_percent",
            "major_equipment",
            "self_sustainment",
            "notes",
            "status",
            "opened_on",
            "closed_on",
            "is_synthetic",
            "version",
        ]
        read_only_fields = ["status", "opened_on", "closed_on", "is_synthetic"]


class RequirementCreateSerializer(RequirementSerializer):
    mission = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="acronym", queryset=Mission.objects.all()
    )


class RequirementStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=RequirementStatus.choices)
    version = serializers.IntegerField(required=False)
