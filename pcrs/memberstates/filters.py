"""One filter definition for the Member State pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.memberstates.reference import INTERMEDIATE_REGIONS, REGIONS, SUBREGIONS


class MemberStateFilter(django_filters.FilterSet):  # type: ignore[misc]
    region = django_filters.ChoiceFilter(choices=[(r, r) for r in REGIONS], label=_("Region"))
    subregion = django_filters.ChoiceFilter(
        choices=[(s, s) for s in SUBREGIONS], label=_("Sub-region")
    )
    intermediate_region = django_filters.ChoiceFilter(
        choices=[(i, i) for i in INTERMEDIATE_REGIONS], label=_("Intermediate region")
    )
    organization = django_filters.ModelChoiceFilter(
        field_name="organizations",
        to_field_name="code",
        queryset=RegionalOrganization.objects.all(),
        label=_("Organization"),
        help_text=_("Regional organization code, for example AU, EU, NATO."),
    )
    q = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        label=_("Search"),
        help_text=_("Part of the name, or an ISO 3166 alpha-2/alpha-3 or M49 code."),
    )

    class Meta:
        model = MemberState
        fields = ["region", "subregion", "intermediate_region", "organization", "q"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Organization codes are upper case; accept ?organization=au as well.
        if data is not None and data.get("organization"):
            data = data.copy()
            data["organization"] = data["organization"].strip().upper()
        super().__init__(data, *args, **kwargs)

    def filter_search(
        self, queryset: QuerySet[MemberState], name: str, value: str
    ) -> QuerySet[MemberState]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(official_name__icontains=value)
            | Q(iso3__iexact=value)
            | Q(iso2__iexact=value)
            | Q(m49=value)
        )
