"""Admin: read-mostly. Codes, regions and memberships come from the data files; an
administrator may correct names and languages, through the audited services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.memberstates.services import (
    MEMBER_STATE_EDITABLE,
    ORGANIZATION_EDITABLE,
    member_state_update,
    regional_organization_update,
)


class _NoAddNoDelete:
    """Rows come from the data files (python manage.py load_member_states)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MemberState)
class MemberStateAdmin(_NoAddNoDelete, admin.ModelAdmin[MemberState]):
    list_display = ["name", "iso3", "iso2", "m49", "region", "subregion", "un_member_since"]
    list_filter = ["region", "subregion", "organizations"]
    search_fields = ["name", "official_name", "iso3", "iso2", "m49"]
    readonly_fields = [
        "iso3",
        "iso2",
        "m49",
        "official_name",
        "region",
        "subregion",
        "intermediate_region",
        "organization_codes",
    ]
    fields = [
        "iso3",
        "iso2",
        "m49",
        "official_name",
        *MEMBER_STATE_EDITABLE,
        "region",
        "subregion",
        "intermediate_region",
        "organization_codes",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MemberState]:
        return super().get_queryset(request).prefetch_related("organizations")

    @admin.display(description="Organizations")
    def organization_codes(self, obj: MemberState) -> str:
        return ", ".join(org.code for org in obj.organizations.all())

    def save_model(
        self, request: HttpRequest, obj: MemberState, form: ModelForm[MemberState], change: bool
    ) -> None:
        original = MemberState.objects.get(pk=obj.pk)
        member_state_update(
            actor=request.user,
            member_state=original,
            data={name: form.cleaned_data[name] for name in form.changed_data},
        )


@admin.register(RegionalOrganization)
class RegionalOrganizationAdmin(_NoAddNoDelete, admin.ModelAdmin[RegionalOrganization]):
    list_display = ["code", "name", "as_of"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "member_codes"]
    fields = ["code", *ORGANIZATION_EDITABLE, "member_codes"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RegionalOrganization]:
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description="UN Member States")
    def member_codes(self, obj: RegionalOrganization) -> str:
        return " ".join(sorted(state.iso3 for state in obj.members.all()))

    def save_model(
        self,
        request: HttpRequest,
        obj: RegionalOrganization,
        form: ModelForm[RegionalOrganization],
        change: bool,
    ) -> None:
        original = RegionalOrganization.objects.get(pk=obj.pk)
        regional_organization_update(
            actor=request.user,
            organization=original,
            data={name: form.cleaned_data[name] for name in form.changed_data},
        )
