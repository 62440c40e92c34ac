"""API tokens: issue, check and revoke. The key is random, shown once, stored as SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pcrs.accounts.models import ApiToken, User
from pcrs.core import freshness
from pcrs.core.audit import audit_record
from pcrs.core.lookups import visible_one

PREFIX_LENGTH = 8


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint(user: User) -> str:
    """Changes whenever the password does (the same idea as Django's session auth hash)."""
    return hmac.new(
        settings.SECRET_KEY.encode(), user.password.encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def token_issue(*, user: User) -> tuple[ApiToken, str]:
    """A new token for `user`, who has just logged in. Returns it and its key (shown once)."""
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        key_hash=key_hash(key),
        prefix=key[:PREFIX_LENGTH],
        expires_at=timezone.now() + dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS),
        password_fingerprint=password_fingerprint(user),
    )
    token.full_clean()
    token.save()
    audit_record(actor=user, action="token.issue", target=token)
    return token, key


LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_authenticate(key: str) -> tuple[User, ApiToken] | None:
    """The user and token a key stands for, or None: unknown, revoked, expired, the user
    deactivated or its password changed since."""
    token = ApiToken.objects.live().select_related("user").filter(key_hash=key_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    if not hmac.compare_digest(token.password_fingerprint, password_fingerprint(token.user)):
        return None
    # Stamped at most once a minute: a write per API call would cost more than most reads.
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_RESOLUTION:
        with freshness.unchanged():  # a use stamp, not data a page shows (ADR 0065)
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user, token


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken, reason: str = "") -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="token.revoke", target=token, note=reason)
    return token


@transaction.atomic
def tokens_revoke_all(*, actor: Any, user: User, reason: str) -> int:
    """Revoke every live token of `user` (log-out, password change, deactivation)."""
    tokens = list(ApiToken.objects.live().filter(user=user).select_for_update())
    for token in tokens:
        token_revoke(actor=actor, token=token, reason=reason)
    return len(tokens)


def tokens_of(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def access_token(*, user: User, token_id: Any) -> ApiToken:
    """One of the user's own tokens; the same 404 for another's and for none."""
    return visible_one(
        ApiToken.objects.filter(user=user), token_id, "No token matches the given query."
    )
