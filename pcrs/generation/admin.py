from django.contrib import admin

from pcrs.generation.models import HostExclusion, StateCap


@admin.register(StateCap)
class StateCapAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("member_state", "total", "note")
    search_fields = ("member_state__iso3", "member_state__name")


@admin.register(HostExclusion)
class HostExclusionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("mission", "member_state", "note")
