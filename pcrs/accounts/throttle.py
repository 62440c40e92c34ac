"""Who is knocking, and how often: the client address and the log-in rate limits.

The address is REMOTE_ADDR unless `PCRS_TRUSTED_PROXIES` (default 0: none, as in the demo) says
how many reverse proxies of ours stand in front; then it is the X-Forwarded-For entry the
outermost of them appended. Entries to its left are whatever the client typed and are never
read; the `Forwarded` header is never read either.

Log-in attempts are limited per address and per user name (the page and the token endpoint
alike); django-axes also locks an account after repeated failures.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, or None when the request has none (test requests)."""
    remote = _ip(request.META.get("REMOTE_ADDR"))
    proxies = int(getattr(settings, "PCRS_TRUSTED_PROXIES", 0))
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < proxies:  # fewer hops than proxies: a request that bypassed them
        return remote
    return _ip(chain[-proxies]) or remote


def _ip(value: object) -> str | None:
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        return None


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int
    seconds: int


def login_limits() -> tuple[Limit, Limit]:
    return (
        Limit("address", settings.PCRS_LOGIN_ATTEMPTS_PER_ADDRESS, settings.PCRS_LOGIN_WINDOW),
        Limit("username", settings.PCRS_LOGIN_ATTEMPTS_PER_USERNAME, settings.PCRS_LOGIN_WINDOW),
    )


def _key(limit: Limit, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"pcrs:login:{limit.scope}:{digest}"


def _recent(limit: Limit, value: str, now: float) -> list[float]:
    return [t for t in cache.get(_key(limit, value), []) if t > now - limit.seconds]


def login_refused(request: HttpRequest, username: str) -> bool:
    """Whether this address or this user name has used up its failed log-ins in the window:
    then the attempt is refused without checking the password."""
    now = time.time()
    values = (client_address(request) or "-", username)
    return any(
        len(_recent(limit, value, now)) >= limit.attempts
        for limit, value in zip(login_limits(), values, strict=True)
    )


def login_failed(request: HttpRequest, username: str) -> None:
    """Count one failed log-in against this address and this user name."""
    now = time.time()
    for limit, value in zip(
        login_limits(), (client_address(request) or "-", username), strict=True
    ):
        cache.set(_key(limit, value), [*_recent(limit, value, now), now], limit.seconds)


TOO_MANY = gettext_lazy(
    "Too many log-in attempts from here or for this user name. Wait a few minutes."
)
