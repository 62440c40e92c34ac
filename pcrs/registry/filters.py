"""Filters for pledge lists; they only ever narrow the user's visible set."""

from __future__ import annotations

import django_filters

from pcrs.registry.models import Pledge, PledgeKind, PledgeStatus, ReadinessLevel


class PledgeFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=PledgeStatus.choices)
    kind = django_filters.ChoiceFilter(choices=PledgeKind.choices)
    capability_type = django_filters.CharFilter(field_name="capability_type__code")
    category = django_filters.CharFilter(field_name="capability_type__category")
    member_state = django_filters.CharFilter(field_name="member_state__iso3", lookup_expr="iexact")
    region = django_filters.CharFilter(field_name="member_state__region")
    readiness_level = django_filters.MultipleChoiceFilter(choices=ReadinessLevel.choices)
    available_by = django_filters.DateFilter(field_name="available_from", lookup_expr="lte")
    language = django_filters.CharFilter(method="filter_language")

    class Meta:
        model = Pledge
        fields = ["status", "kind", "capability_type", "member_state", "readiness_level"]

    def filter_language(self, queryset, name, value):  # type: ignore[no-untyped-def]
        # JSON containment is not portable to SQLite; a quoted substring match is exact enough
        # for two-letter codes stored as a JSON list.
        return queryset.filter(languages__icontains=f'"{value.strip().lower()}"')
