"""Readiness pages (thin: selectors read, services write)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def home_panel(request: HttpRequest) -> dict[str, Any] | None:
    return None


def pledge_readiness(request: HttpRequest, pledge_id: str) -> Any:  # replaced below
    raise NotImplementedError
