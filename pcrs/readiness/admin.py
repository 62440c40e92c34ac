"""Admin: the Secretariat administrator edits the dated policy and the SUR catalogue here.

Ladder records and evidence are read-only in the admin: they change through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pcrs.readiness.models import (
    LevelChange,
    ReadinessPolicy,
    ReadinessRecord,
    UnitRequirement,
    Visit,
)


@admin.register(ReadinessPolicy)
class ReadinessPolicyAdmin(admin.ModelAdmin[ReadinessPolicy]):
    list_display = (
        "effective_from",
        "first_renewal_months",
        "renewal_interval_months",
        "aav_validity_months",
        "verification_validity_months",
        "reminder_days",
        "rdl_deploy_within_days",
    )


@admin.register(UnitRequirement)
class UnitRequirementAdmin(admin.ModelAdmin[UnitRequirement]):
    list_display = ("reference", "title", "capability_type", "issued_on", "is_current")
    list_filter = ("is_current", "capability_type")
    search_fields = ("reference", "title")


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReadinessRecord)
class ReadinessRecordAdmin(ReadOnlyAdmin):
    list_display = ("pledge", "state", "accepted_on", "renewal_due", "aav_valid_until")
    list_filter = ("state",)


@admin.register(LevelChange)
class LevelChangeAdmin(ReadOnlyAdmin):
    list_display = ("pledge", "on", "move", "from_state", "to_state", "actor")
    list_filter = ("move", "to_state")


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ("pledge", "purpose", "start_date", "end_date", "successful", "valid_until")
    list_filter = ("purpose", "successful")
