"""Secretariat administrators manage users (role, State or mission binding) in the admin site."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from pcrs.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "role", "member_state", "mission", "is_active"]
    list_filter = ["role", "is_active", "member_state__region"]
    search_fields = ["username", "first_name", "last_name", "email", "member_state__iso3"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("PCRS role", {"fields": ("role", "member_state", "mission")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("PCRS role", {"fields": ("role", "member_state", "mission")}),
    )
