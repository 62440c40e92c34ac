"""Checks production runs at start-up: what makes a SECRET_KEY unfit (ADR 0051)."""

from __future__ import annotations

MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 5
# Keys that have been in this repository, its docs or Django's templates: public, so unfit.
KNOWN_KEYS = frozenset({"insecure-demo-key-do-not-use-in-production", "changeme", "secret"})
KNOWN_PREFIXES = ("insecure-", "django-insecure-")


def secret_key_refusal(key: str | None) -> str | None:
    """Why `key` must not sign production sessions and tokens, or None when it may."""
    if not key:
        return "Set SECRET_KEY in the environment for production."
    if key in KNOWN_KEYS or key.lower().startswith(KNOWN_PREFIXES) or "demo" in key.lower():
        return "SECRET_KEY is a demo or published key: generate a new one for production."
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_CHARACTERS:
        return (
            f"SECRET_KEY is too short or too plain: use at least {MIN_SECRET_KEY_LENGTH} random "
            "characters (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    return None
