"""Admin: a Secretariat administrator looks things up here; nothing is written here.

Every write to missions data is attributed and audited in the same transaction by a service
(pcrs.missions.services), so every model is read-only in the admin (no add, change or
delete): an admin save would bypass both the checks of the service and the audit trail.
Where the writes happen instead:

- missions, contributions, deployment locations, fatalities: the importers
  (`import_contributions`, the upload page /missions/contributions/upload/,
  `import_fatalities`, `load_demo`);
- a mission's status over the source, a new mission: /missions/<acronym>/status/,
  /missions/new/ and POST /api/v1/missions/<acronym>/status/;
- ceilings: POST /api/v1/missions/<acronym>/ceilings/;
- gender targets: /missions/gender-targets/ and /api/v1/gender-targets/;
- requirements: the mission page and /api/v1/requirements/;
- deployed contingents and their replacements: the mission page and /api/v1/contingents/.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from pcrs.missions.models import (
    Ceiling,
    Contribution,
    ContributionImport,
    DeployedContingent,
    DeploymentLocation,
    Fatality,
    FatalityImport,
    GenderTarget,
    Mission,
    MissionStatusCorrection,
    Requirement,
)


class AuditedReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Read-only: writes to this model go through an audited service, never the admin."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CeilingInline(admin.TabularInline[Ceiling, Mission]):
    model = Ceiling
    extra = 0
    fields = ("category", "authorized", "effective_from", "resolution", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Mission)
class MissionAdmin(AuditedReadOnlyAdmin):
    """Missions come from the DPPADPOSS-PKO import (audited as mission.import)."""

    list_display = (
        "acronym",
        "name",
        "kind",
        "host_name",
        "is_active",
        "start_date",
        "end_date",
        "hq_coordinate_status",
    )
    list_filter = ("is_active", "kind", "hq_coordinate_status", "lead_department")
    search_fields = ("acronym", "name", "host_name", "hq_location")
    inlines = [CeilingInline]


@admin.register(Ceiling)
class CeilingAdmin(AuditedReadOnlyAdmin):
    """Ceilings are recorded by services.ceiling_create (audited as ceiling.create)."""

    list_display = ("mission", "category", "authorized", "effective_from", "resolution")
    list_filter = ("category", "mission__is_active")
    search_fields = ("mission__acronym", "resolution", "note")
    list_select_related = ("mission",)
    date_hierarchy = "effective_from"


@admin.register(ContributionImport)
class ContributionImportAdmin(AuditedReadOnlyAdmin):
    """Accepted imports of monthly contribution files, with the report each produced."""

    list_display = (
        "file_name",
        "imported_at",
        "imported_by",
        "rows_read",
        "rows_imported",
        "rows_skipped",
        "records_written",
    )
    search_fields = ("file_name", "sha256")
    readonly_fields = ("report_text",)
    exclude = ("report",)

    @admin.display(description="Report")
    def report_text(self, obj: ContributionImport) -> str:
        return format_html(
            "<pre style='white-space: pre-wrap'>{}</pre>",
            json.dumps(obj.report, indent=2, ensure_ascii=False, default=str),
        )


@admin.register(Contribution)
class ContributionAdmin(AuditedReadOnlyAdmin):
    """One State's personnel of one type in one mission at a month's end (imported)."""

    list_display = (
        "month",
        "mission",
        "member_state",
        "personnel_type",
        "male",
        "female",
        "total",
        "gender_mismatch",
    )
    list_filter = ("personnel_type", "gender_mismatch", "mission__is_active")
    search_fields = ("mission__acronym", "member_state__iso3", "member_state__name")
    list_select_related = ("mission", "member_state")
    date_hierarchy = "month"
    # Hundreds of thousands of rows: no COUNT(*) over the whole table on every page.
    show_full_result_count = False


@admin.register(DeploymentLocation)
class DeploymentLocationAdmin(AuditedReadOnlyAdmin):
    """Geo-PKO locations (imported by services.locations_import)."""

    list_display = ("mission", "year", "name", "country", "troops", "hq_level")
    list_filter = ("year", "has_police", "has_medical", "has_aviation", "has_observers")
    search_fields = ("mission__acronym", "name", "country")
    list_select_related = ("mission",)


@admin.register(DeployedContingent)
class DeployedContingentAdmin(AuditedReadOnlyAdmin):
    """Recorded by services.contingent_create and contingent_replacement_set (audited)."""

    list_display = (
        "mission",
        "member_state",
        "designation",
        "capability_type",
        "personnel",
        "women",
        "rotation_months",
        "next_rotation_on",
        "has_replacement",
        "status",
        "is_synthetic",
    )
    list_filter = ("status", "rotation_months", "is_synthetic", "mission", "capability_type")
    search_fields = (
        "designation",
        "mission__acronym",
        "member_state__iso3",
        "member_state__name",
        "location",
    )
    list_select_related = ("mission", "member_state", "capability_type", "replacement_pledge")
    date_hierarchy = "next_rotation_on"

    @admin.display(boolean=True, description="Replacement")
    def has_replacement(self, obj: DeployedContingent) -> bool:
        return obj.has_replacement


@admin.register(Requirement)
class RequirementAdmin(AuditedReadOnlyAdmin):
    """Written by the requirement services (planners and the Secretariat, audited)."""

    list_display = (
        "mission",
        "capability_type",
        "title",
        "units",
        "personnel",
        "priority",
        "status",
        "required_by",
        "opened_on",
    )
    list_filter = ("status", "priority", "mission", "capability_type", "is_synthetic")
    search_fields = ("title", "mission__acronym", "capability_type__name", "location")
    list_select_related = ("mission", "capability_type")


@admin.register(GenderTarget)
class GenderTargetAdmin(AuditedReadOnlyAdmin):
    """Set through services.gender_target_set (page /missions/gender-targets/, audited)."""

    list_display = ("year", "category", "target_percent", "is_interpolated", "source")
    list_filter = ("category", "is_interpolated", "year")
    search_fields = ("source",)
    ordering = ("year", "category")


@admin.register(MissionStatusCorrection)
class MissionStatusCorrectionAdmin(AuditedReadOnlyAdmin):
    """Written by mission_status_correct (audited as mission.status_correct)."""

    list_display = ("mission", "is_active", "end_date", "resolution", "recorded_by", "updated_at")
    search_fields = ("mission__acronym", "resolution", "source")


@admin.register(FatalityImport)
class FatalityImportAdmin(AuditedReadOnlyAdmin):
    list_display = ("file_name", "imported_at", "imported_by", "source_updated", "records_written")


@admin.register(Fatality)
class FatalityAdmin(AuditedReadOnlyAdmin):
    list_display = (
        "casualty_id",
        "incident_date",
        "mission_acronym",
        "nationality",
        "personnel_type",
        "incident_type",
    )
    list_filter = ("incident_type", "personnel_type")
    search_fields = ("casualty_id", "mission_acronym", "nationality", "iso3")
