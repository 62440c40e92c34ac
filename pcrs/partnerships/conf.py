"""Thresholds of the contributor profile, overridable by the setting PCRS_PARTNERSHIPS."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # "Emerging": first contributed within this many years...
    "EMERGING_RECENT_YEARS": 5,
    # ...or averages at most this many personnel a month over the last 12 months...
    "EMERGING_SMALL_BASE": 300,
    # ...and grew by at least this percentage against the 12 months before.
    "EMERGING_GROWTH_PERCENT": 20,
}


def setting(name: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "PCRS_PARTNERSHIPS", {})}[name]
