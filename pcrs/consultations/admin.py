from django.contrib import admin

from pcrs.consultations.models import CouncilMembership


@admin.register(CouncilMembership)
class CouncilMembershipAdmin(admin.ModelAdmin[CouncilMembership]):
    """Read-only: seats come from the UN dataset through import_council_membership."""

    list_display = ["year", "source_name", "kind", "member_state", "is_permanent"]
    list_filter = ["kind", "is_permanent", "year"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
