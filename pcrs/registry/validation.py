"""Checks on pledge content that span fields or need reference data (languages, regions)."""

from __future__ import annotations

from collections.abc import Iterable

import pycountry
from django.core.exceptions import ValidationError

from pcrs.registry.models import RestrictedTask, SelfSustainment

M49_REGIONS = frozenset({"Africa", "Americas", "Asia", "Europe", "Oceania"})


def normalise_language(code: str) -> str | None:
    """ISO 639-1 code for a two- or three-letter language code, or None when unknown."""
    code = code.strip().lower()
    if not code:
        return None
    language = (
        pycountry.languages.get(alpha_2=code)
        if len(code) == 2
        else pycountry.languages.get(alpha_3=code)
    )
    if language is None:
        return None
    return getattr(language, "alpha_2", language.alpha_3)


def clean_languages(values: Iterable[str], *, field: str = "languages") -> list[str]:
    cleaned: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ValidationError({field: f"{value!r} is not a language code."})
        code = normalise_language(value)
        if code is None:
            raise ValidationError({field: f"Unknown language code {value!r} (use ISO 639)."})
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def _clean_choices(values: Iterable[str], choices: type, field: str) -> list[str]:
    allowed = {str(value) for value in choices.values}  # type: ignore[attr-defined]
    cleaned: list[str] = []
    for value in values:
        if value not in allowed:
            raise ValidationError(
                {field: f"Unknown value {value!r}; expected one of {', '.join(sorted(allowed))}."}
            )
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


def clean_self_sustainment(values: Iterable[str]) -> list[str]:
    return _clean_choices(values, SelfSustainment, "self_sustainment")


def clean_restricted_tasks(values: Iterable[str]) -> list[str]:
    return _clean_choices(values, RestrictedTask, "restricted_tasks")


def clean_caveat_regions(values: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        if value not in M49_REGIONS:
            raise ValidationError(
                {
                    "caveat_regions": f"Unknown region {value!r}; expected one of "
                    f"{', '.join(sorted(M49_REGIONS))}."
                }
            )
        if value not in cleaned:
            cleaned.append(value)
    return cleaned
