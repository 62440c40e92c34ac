"""Force-generation tunables: due dates of the case steps, run limits, State caps.

A deployment may override any key with ``PCRS_GENERATION = {"ANSWER_DAYS": 21}`` in its
settings; unknown keys are refused so that a typo does not pass silently.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS: dict[str, int] = {
    # Days each step of a generation case may take before it shows as overdue.
    "NOTE_VERBALE_DAYS": 14,  # shortlisted -> note verbale sent
    "ANSWER_DAYS": 30,  # default answer deadline of a note verbale
    "RECONNAISSANCE_DAYS": 45,  # accepted -> reconnaissance visit
    "PRE_DEPLOYMENT_DAYS": 60,  # reconnaissance -> pre-deployment visit
    "MOU_DAYS": 45,  # pre-deployment visit -> MOU agreed
    "DEPLOYMENT_DAYS": 60,  # MOU -> deployed
    # Runs: the largest time limit a user may ask for, the default, and the solver threads
    # (1 keeps "same input + seed = same plan" true; ADR 0070).
    "MAX_TIME_LIMIT_SECONDS": 120,
    "DEFAULT_TIME_LIMIT_SECONDS": 10,
    "THREADS": 1,
    # A running run whose worker has not written a heartbeat for this long is failed.
    "HEARTBEAT_SECONDS": 2,
    "STALE_AFTER_SECONDS": 30,
    # A State's cap without a StateCap row: this share of its current deployments, at least
    # the minimum (personnel it could add in one round of generation).
    "DEFAULT_CAP_PERCENT": 25,
    "DEFAULT_CAP_MINIMUM": 1000,
    # The what-if's default deadline (days from today).
    "WHAT_IF_DEADLINE_DAYS": 60,
}


def generation_settings() -> dict[str, int]:
    """DEFAULTS overlaid with settings.PCRS_GENERATION."""
    overrides: dict[str, Any] = getattr(settings, "PCRS_GENERATION", {}) or {}
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        raise ImproperlyConfigured(
            f"PCRS_GENERATION has unknown keys {sorted(unknown)}; known: {sorted(DEFAULTS)}."
        )
    merged = dict(DEFAULTS)
    for key, value in overrides.items():
        if not isinstance(value, int) or value < 0:
            raise ImproperlyConfigured(f"PCRS_GENERATION[{key!r}] must be a whole number >= 0.")
        merged[key] = value
    return merged


def setting(key: str) -> int:
    return generation_settings()[key]
