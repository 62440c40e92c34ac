"""Sessions end after an idle period (SESSION_IDLE_TIMEOUT seconds), not only at their age.

The last-seen stamp is written at most once a minute (ACTIVITY_RESOLUTION): writing it on
every request made every page view a database write and commit (the session row), which cost
more than most pages' reads under load. A session therefore ends between
SESSION_IDLE_TIMEOUT - 60 s and SESSION_IDLE_TIMEOUT after the last request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

_LAST_SEEN = "pcrs_last_seen"
# Seconds between two writes of the last-seen stamp (and so of the session row).
ACTIVITY_RESOLUTION = 60


class IdleSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last_seen = request.session.get(_LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            elif last_seen is None or now - last_seen >= ACTIVITY_RESOLUTION:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page and API response (static files aside): pages
    and the API show States' confidential pledges to the signed-in user, and no browser,
    proxy or shared cache may keep a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        return response
