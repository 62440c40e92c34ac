"""Small helpers shared by every domain's API views."""

from __future__ import annotations

from typing import cast

from rest_framework.request import Request

from pcrs.accounts.models import User


def acting_user(request: Request) -> User:
    """The authenticated user of an API request (views deny anonymous users before this)."""
    return cast(User, request.user)
