"""What a locked-out user sees: a page for the browser, JSON for the API (django-axes hook)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

MESSAGE = _(
    "Too many failed log-ins: this account is locked for {minutes} minutes. "
    "Try again later or ask a Secretariat administrator to unlock it."
)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    message = str(MESSAGE).format(minutes=minutes)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)
