"""Member States API: read-only reference data for every authenticated user."""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets

from pcrs.memberstates import selectors
from pcrs.memberstates.filters import MemberStateFilter
from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.memberstates.serializers import MemberStateSerializer, RegionalOrganizationSerializer


class MemberStateViewSet(viewsets.ReadOnlyModelViewSet[MemberState]):
    """The 193 UN Member States. Filter by region, subregion, organization code, or q (name or
    code); look one up by ISO 3166 alpha-3 code, in any case."""

    serializer_class = MemberStateSerializer
    filterset_class = MemberStateFilter
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"

    def get_queryset(self) -> Any:
        return selectors.member_state_queryset()

    def get_object(self) -> MemberState:
        return selectors.member_state_get(iso3=self.kwargs["iso3"])


class RegionalOrganizationViewSet(viewsets.ReadOnlyModelViewSet[RegionalOrganization]):
    """Regional organizations with the ISO 3166 alpha-3 codes of their UN Member States."""

    serializer_class = RegionalOrganizationSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_-]{1,16}"

    def get_queryset(self) -> Any:
        return selectors.regional_organization_list()

    def get_object(self) -> RegionalOrganization:
        return selectors.regional_organization_get(code=self.kwargs["code"])
