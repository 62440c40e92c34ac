"""Writes to users: every change of identity, role, State or mission binding, rights (staff,
superuser, groups, permissions), activity and password is audited, whoever makes it (the admin
site calls these)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from pcrs.accounts.models import User
from pcrs.accounts.tokens import tokens_revoke_all
from pcrs.core.audit import audit_record, diff, snapshot

AUDITED_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "member_state",
    "mission",
    "is_active",
    "is_staff",
    "is_superuser",
    "language",
)


def user_rights(user: User) -> dict[str, list[str]]:
    """The database-held rights of a user (groups and permissions), for the trail."""
    if user.pk is None:
        return {"groups": [], "user_permissions": []}
    return {
        "groups": sorted(str(g) for g in user.groups.all()),
        "user_permissions": sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in user.user_permissions.select_related("content_type")
        ),
    }


def user_before(user: User) -> dict[str, Any]:
    """What the stored row says now (call before saving a changed `user`)."""
    if user.pk is None:
        return {}
    stored = User.objects.filter(pk=user.pk).first()
    if stored is None:
        return {}
    return {**snapshot(stored, AUDITED_FIELDS), "password": stored.password}


@transaction.atomic
def user_save(*, actor: Any, user: User, before: dict[str, Any]) -> User:
    """Save `user` (its fields already changed) and audit what changed against `before`."""
    created = not before
    user.full_clean()
    user.save()
    after = snapshot(user, AUDITED_FIELDS)
    changes = diff({k: v for k, v in before.items() if k != "password"}, after)
    if created:
        audit_record(actor=actor, action="user.create", target=user, changes=changes)
        return user
    if changes:
        audit_record(actor=actor, action="user.update", target=user, changes=changes)
    if before.get("password") != user.password:
        user_password_changed(actor=actor, user=user)
    if before.get("is_active") and not user.is_active:
        tokens_revoke_all(actor=actor, user=user, reason="user deactivated")
    return user


@transaction.atomic
def user_rights_changed(*, actor: Any, user: User, before: dict[str, list[str]]) -> None:
    """Audit a change of the user's groups or permissions (saved by the caller)."""
    changes = diff(before, user_rights(user))
    if changes:
        audit_record(actor=actor, action="user.rights", target=user, changes=changes)


@transaction.atomic
def user_password_changed(*, actor: Any, user: User) -> None:
    """Audit a password change (never the password) and revoke the user's tokens."""
    audit_record(actor=actor, action="user.password_change", target=user)
    tokens_revoke_all(actor=actor, user=user, reason="password changed")


@transaction.atomic
def user_delete(*, actor: Any, user: User) -> None:
    audit_record(
        actor=actor,
        action="user.delete",
        target=user,
        changes=[
            {"field": name, "old": value, "new": None}
            for name, value in snapshot(user, AUDITED_FIELDS).items()
        ],
    )
    user.delete()


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """The user chose `language` with the switch: pages and e-mails to them follow it."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": f"Unknown language: {language!r}."})
    if user.language == language:
        return user
    before = user_before(user)
    user.language = language
    return user_save(actor=user, user=user, before=before)
