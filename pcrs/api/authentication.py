"""Bearer tokens for the API: `Authorization: Bearer <token>` (pcrs.accounts.tokens)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from pcrs.accounts.tokens import token_authenticate

KEYWORD = "Bearer"


class BearerTokenAuthentication(BaseAuthentication):
    """Revoked, expired, unknown tokens, tokens of deactivated users and tokens issued
    before a password change all get the same 401."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send `Authorization: Bearer <token>`.")
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        found = token_authenticate(key)
        if found is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked token.")
        return found

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the scheme: `Authorization: Bearer <token>`."""

    target_class = "pcrs.api.authentication.BearerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=KEYWORD
        )
