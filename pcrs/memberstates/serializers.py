from __future__ import annotations

from rest_framework import serializers

from pcrs.memberstates.models import MemberState, RegionalOrganization


class MemberStateSerializer(serializers.ModelSerializer[MemberState]):
    official_languages = serializers.ListField(
        child=serializers.CharField(), help_text="ISO 639-1 codes (ISO 639-3 where none)."
    )
    working_languages = serializers.ListField(
        child=serializers.CharField(), help_text="UN languages: en and/or fr, plus es/ar/ru/zh."
    )
    organizations: serializers.SlugRelatedField[RegionalOrganization] = (
        serializers.SlugRelatedField(
            many=True,
            read_only=True,
            slug_field="code",
            help_text="Codes of the regional organizations the State belongs to.",
        )
    )

    class Meta:
        model = MemberState
        fields = [
            "iso3",
            "iso2",
            "m49",
            "name",
            "official_name",
            "region",
            "subregion",
            "intermediate_region",
            "official_languages",
            "working_languages",
            "un_member_since",
            "organizations",
        ]
        read_only_fields = fields


class RegionalOrganizationSerializer(serializers.ModelSerializer[RegionalOrganization]):
    members: serializers.SlugRelatedField[MemberState] = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="iso3",
        help_text="ISO 3166 alpha-3 codes of the member UN Member States.",
    )
    member_count = serializers.IntegerField(
        read_only=True, help_text="How many UN Member States are members."
    )

    class Meta:
        model = RegionalOrganization
        fields = ["code", "name", "member_count", "members", "non_un_members", "as_of", "note"]
        read_only_fields = fields
