"""Bearer tokens for the API: `Authorization: Bearer <token>`, valid for a limited time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_is_expired(token: Token) -> bool:
    return timezone.now() - token.created > dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS)


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            raise exceptions.AuthenticationFailed("Token expired; request a new one.")
        return user, token
