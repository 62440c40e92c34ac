"""API shapes of missions data. Serializers validate input; services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from pcrs.core.bounds import INT32_MAX, date_validators
from pcrs.memberstates.models import MemberState
from pcrs.missions.limits import (
    EQUIPMENT_LINES_MAX,
    EQUIPMENT_QUANTITY_MAX,
    LANGUAGES_MAX,
    NOTES_MAX_CHARS,
)
from pcrs.missions.models import (
    ROTATION_PERIODS,
    Ceiling,
    CeilingCategory,
    DeployedContingent,
    GenderCategory,
    GenderTarget,
    Mission,
    MissionStatusCorrection,
    Priority,
    Requirement,
    RequirementStatus,
)
from pcrs.missions.services import GENDER_TARGET_FIRST_YEAR, GENDER_TARGET_LAST_YEAR
from pcrs.registry.models import CapabilityType, Pledge, SelfSustainment


class MissionStatusCorrectionSerializer(serializers.ModelSerializer[MissionStatusCorrection]):
    class Meta:
        model = MissionStatusCorrection
        fields = [
            "is_active",
            "start_date",
            "end_date",
            "resolution",
            "source",
            "note",
            "updated_at",
        ]


class MissionStatusInputSerializer(serializers.Serializer[Any]):
    is_active = serializers.BooleanField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    resolution = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    # A field named like Field.source: DRF takes it out of the class attributes.
    source = serializers.CharField(max_length=255)  # type: ignore[assignment]
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class MissionSerializer(serializers.ModelSerializer[Mission]):
    host_country: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True
    )
    status_correction = MissionStatusCorrectionSerializer(read_only=True, allow_null=True)

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
            "source_is_active",
            "source_end_date",
            "status_correction",
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
    effective_from = serializers.DateField(validators=date_validators())
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
    quantity = serializers.IntegerField(min_value=1, max_value=EQUIPMENT_QUANTITY_MAX)


class RequirementSerializer(serializers.ModelSerializer[Requirement]):
    mission: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="acronym", read_only=True
    )
    capability_type = serializers.SlugRelatedField(
        slug_field="code", queryset=CapabilityType.objects.filter(is_active=True)
    )
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.HIGH)
    languages = serializers.ListField(
        child=serializers.RegexField(r"^[a-z]{2,3}$"), required=False, max_length=LANGUAGES_MAX
    )
    # A ListField (not many=True) so that the schema states maxItems too.
    major_equipment = serializers.ListField(
        child=RequiredEquipmentSerializer(), required=False, max_length=EQUIPMENT_LINES_MAX
    )
    self_sustainment = serializers.ListField(
        child=serializers.ChoiceField(choices=SelfSustainment.choices),
        required=False,
        max_length=len(SelfSustainment.choices),
    )
    notes = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTES_MAX_CHARS, default=""
    )
    required_by = serializers.DateField(validators=date_validators())
    version = serializers.IntegerField(required=False, min_value=1, max_value=INT32_MAX)

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


class GenderTargetSerializer(serializers.ModelSerializer[GenderTarget]):
    class Meta:
        model = GenderTarget
        fields = ["id", "category", "year", "target_percent", "is_interpolated", "source"]
        read_only_fields = fields


class GenderTargetInputSerializer(serializers.Serializer[Any]):
    category = serializers.ChoiceField(choices=GenderCategory.choices)
    year = serializers.IntegerField(
        min_value=GENDER_TARGET_FIRST_YEAR, max_value=GENDER_TARGET_LAST_YEAR
    )
    target_percent = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0"), max_value=Decimal("100")
    )
    # DRF's metaclass takes declared fields off the class, so this does not shadow Field.source.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=255, required=False, allow_blank=True, default=""
    )


class GenderTargetPatchSerializer(serializers.Serializer[Any]):
    """A target's category and year identify it: only the figure and its source change."""

    target_percent = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0"), max_value=Decimal("100")
    )
    # DRF's metaclass takes declared fields off the class, so this does not shadow Field.source.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=255, required=False, allow_blank=True, default=""
    )


class ContingentInputSerializer(serializers.Serializer[Any]):
    mission = serializers.SlugRelatedField(slug_field="acronym", queryset=Mission.objects.all())
    member_state = serializers.SlugRelatedField(
        slug_field="iso3", queryset=MemberState.objects.all()
    )
    capability_type = serializers.SlugRelatedField(
        slug_field="code", queryset=CapabilityType.objects.filter(is_active=True)
    )
    designation = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )
    personnel = serializers.IntegerField(min_value=1, max_value=5000)
    women = serializers.IntegerField(min_value=0, max_value=5000, default=0)
    deployed_on = serializers.DateField(validators=date_validators())
    rotation_months = serializers.ChoiceField(choices=list(ROTATION_PERIODS), default=12)
    next_rotation_on = serializers.DateField(
        required=False, allow_null=True, default=None, validators=date_validators()
    )
    location = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class ReplacementInputSerializer(serializers.Serializer[Any]):
    pledge = serializers.PrimaryKeyRelatedField(
        queryset=Pledge.objects.all(), required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
