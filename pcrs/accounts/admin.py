"""Secretariat administrators manage users (role, State or mission binding) in the admin site."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from pcrs.accounts import services
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

    # Every change made here goes through the audited services (pcrs.accounts.services).
    def save_model(
        self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool
    ) -> None:
        services.user_save(actor=request.user, user=obj, before=services.user_before(obj))

    def save_related(
        self, request: HttpRequest, form: ModelForm[User], formsets: Any, change: bool
    ) -> None:
        before = services.user_rights(form.instance) if change else services.user_rights(User())
        super().save_related(request, form, formsets, change)
        services.user_rights_changed(actor=request.user, user=form.instance, before=before)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        services.user_delete(actor=request.user, user=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.user_delete(actor=request.user, user=user)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        user = self.get_object(request, id)
        before = user.password if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None and isinstance(response, HttpResponseRedirect):
            user.refresh_from_db()
            if user.password != before:
                services.user_password_changed(actor=request.user, user=user)
        return response


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

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token_revoke(actor=request.user, token=token, reason="revoked in the admin site")
