"""Reads. Member States and regional organizations are reference data any user may read;
pledge information is deliberately absent here (the registry owns its visibility)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from pcrs.memberstates.filters import MemberStateFilter
from pcrs.memberstates.models import MemberState, RegionalOrganization


def member_state_queryset() -> QuerySet[MemberState]:
    return MemberState.objects.prefetch_related(
        Prefetch("organizations", queryset=RegionalOrganization.objects.only("id", "code"))
    )


def member_state_list(*, filters: Mapping[str, Any] | None = None) -> MemberStateFilter:
    """The filter set over all Member States: `.qs` the matching States, `.form` the inputs
    and their errors (an invalid filter is reported and ignored)."""
    return MemberStateFilter(filters, queryset=member_state_queryset())


def member_state_get(*, iso3: str) -> MemberState:
    """A Member State by ISO 3166 alpha-3 code, case-insensitively; Http404 when unknown."""
    state = member_state_queryset().filter(iso3__iexact=iso3.strip()).first()
    if state is None:
        raise Http404("No Member State with that code.")
    return state


def regional_organization_list() -> QuerySet[RegionalOrganization]:
    return (
        RegionalOrganization.objects.annotate(member_count=Count("members"))
        .order_by("code")
        .prefetch_related(
            Prefetch("members", queryset=MemberState.objects.only("id", "iso3", "name"))
        )
    )


def regional_organization_get(*, code: str) -> RegionalOrganization:
    """A regional organization by code, case-insensitively; Http404 when unknown."""
    organization = regional_organization_list().filter(code__iexact=code.strip()).first()
    if organization is None:
        raise Http404("No regional organization with that code.")
    return organization
