"""POST /api/v1/auth/token/ {"username", "password"} -> {"token", "expires_at"}: a new token
per log-in. DELETE /api/v1/auth/token/ revokes the token the request is made with."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from pcrs.accounts.models import ApiToken
from pcrs.accounts.throttle import TOO_MANY, client_address, login_failed, login_refused
from pcrs.accounts.tokens import token_issue, token_revoke
from pcrs.api.authentication import BearerTokenAuthentication


class TokenThrottle(SimpleRateThrottle):
    """Token requests per client address: the address our trusted proxies saw, never one the
    client wrote in a header (pcrs.accounts.throttle.client_address)."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.method != "POST":
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request) or "-"}


class TokenUsernameThrottle(SimpleRateThrottle):
    """Token requests per user name, whatever address they come from."""

    scope = "token_username"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.method != "POST":
            return None
        data = request.data if isinstance(request.data, dict) else {}
        username = str(data.get("username", ""))[:150].strip().lower()
        return self.cache_format % {"scope": self.scope, "ident": username or "-"}


class TokenRequestSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (public: this is how one logs in)."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle, TokenUsernameThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {"token": serializers.CharField(), "expires_at": serializers.DateTimeField()},
            )
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        username = form.validated_data["username"]
        if login_refused(request._request, username):
            raise Throttled(detail=TOO_MANY)
        # Passing the request lets django-axes count failures and lock the account out.
        user = authenticate(
            request._request, username=username, password=form.validated_data["password"]
        )
        if user is None or not user.is_active:
            login_failed(request._request, username)
            return Response(
                {"detail": "Unable to log in with the provided credentials."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, key = token_issue(user=user)  # type: ignore[arg-type]
        return Response({"token": key, "expires_at": token.expires_at})

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Token revoked")})
    def delete(self, request: Request) -> Response:
        """Revoke the token this request is authenticated with."""
        if not isinstance(request.auth, ApiToken):
            raise NotAuthenticated("Send the token to revoke as `Authorization: Bearer <token>`.")
        token_revoke(actor=request.user, token=request.auth, reason="revoked by its owner (API)")
        return Response(status=status.HTTP_204_NO_CONTENT)
