"""Secretariat administrators manage users (role, State or mission binding) in the admin site."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from pcrs.accounts.models import ApiToken, User
from pcrs.accounts.tokens import token_revoke


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens can be seen (never their keys: only a hash is stored) and revoked, never made
    here: a token is issued only to the user who logs in (POST /api/v1/auth/token/)."""

    list_display = ["prefix", "user", "created", "expires_at", "last_used", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "prefix"]
    fields = readonly_fields = (
        "prefix",
        "user",
        "created",
        "expires_at",
        "last_used",
        "revoked_at",
    )
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token_revoke(actor=request.user, token=token, reason="revoked in the admin site")
