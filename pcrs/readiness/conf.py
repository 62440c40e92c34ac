"""Readiness tunables: seed defaults for the dated ReadinessPolicy table.

The periods that decide renewal and expiry are data (ReadinessPolicy rows, editable by the
Secretariat administrator in the admin, each with an effective date). These defaults only seed
the first row and stand in when no row exists yet. A deployment may override any key with

    PCRS_READINESS = {"AAV_VALIDITY_MONTHS": 24}

in its settings; unknown keys are refused so that a typo does not pass silently.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS: dict[str, int] = {
    # PCRS Guidelines: renew 12 months after acceptance, then every 6 months.
    "FIRST_RENEWAL_MONTHS": 12,
    "RENEWAL_INTERVAL_MONTHS": 6,
    # Not published by the UN: an assumption, documented in docs/adr/0020.
    "AAV_VALIDITY_MONTHS": 36,
    "VERIFICATION_VALIDITY_MONTHS": 12,
    # Reminders go out this many days before a due or expiry date.
    "REMINDER_DAYS": 30,
    # The RDL commitment: deploy within this many days of a UN request.
    "RDL_DEPLOY_WITHIN_DAYS": 60,
}


def readiness_settings() -> dict[str, int]:
    """DEFAULTS overlaid with settings.PCRS_READINESS."""
    overrides: dict[str, Any] = getattr(settings, "PCRS_READINESS", {}) or {}
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        raise ImproperlyConfigured(
            f"PCRS_READINESS has unknown keys {sorted(unknown)}; known: {sorted(DEFAULTS)}."
        )
    merged = dict(DEFAULTS)
    for key, value in overrides.items():
        if not isinstance(value, int) or value < 0:
            raise ImproperlyConfigured(f"PCRS_READINESS[{key!r}] must be a whole number >= 0.")
        merged[key] = value
    return merged
