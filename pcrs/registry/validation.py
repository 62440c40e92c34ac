"""Checks on pledge content that span fields or need reference data (languages, regions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

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
    """ISO 639-1 codes, without repeats; every unknown code is named in one message."""
    cleaned: list[str] = []
    unknown: list[str] = []
    for value in values:
        code = normalise_language(value) if isinstance(value, str) else None
        if code is None:
            unknown.append(repr(value))
        elif code not in cleaned:
            cleaned.append(code)
    if unknown:
        raise ValidationError(
            {
                field: ngettext(
                    "Unknown language code %(codes)s (use ISO 639).",
                    "Unknown language codes %(codes)s (use ISO 639).",
                    len(unknown),
                )
                % {"codes": ", ".join(unknown)}
            }
        )
    return cleaned


def _clean_choices(values: Iterable[str], choices: type, field: str) -> list[str]:
    allowed = {str(value) for value in choices.values}  # type: ignore[attr-defined]
    cleaned: list[str] = []
    for value in values:
        if value not in allowed:
            raise ValidationError(
                {
                    field: gettext("Unknown value %(value)s; expected one of %(allowed)s.")
                    % {"value": repr(value), "allowed": ", ".join(sorted(allowed))}
                }
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
                    "caveat_regions": gettext(
                        "Unknown region %(value)s; expected one of %(allowed)s."
                    )
                    % {"value": repr(value), "allowed": ", ".join(sorted(M49_REGIONS))}
                }
            )
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


# Dates a pledge can sensibly carry: none before the first UN peacekeeping operation's era,
# none more than ten years ahead (a typo such as 9999-12-01 is refused, not stored).
EARLIEST_DATE = dt.date(1945, 1, 1)
YEARS_AHEAD = 10
# The largest id a database integer column holds (PostgreSQL integer; SQLite overflows above
# 2**63): larger ids sent by a client are refused before they reach a query.
MAX_ID = 2_147_483_647


def latest_date(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def date_in_range(value: dt.date, *, field: str, label: str | Promise) -> dict[str, str]:
    """{} when `value` lies in 1945..today+10 years, else the error naming the field."""
    latest = latest_date()
    if EARLIEST_DATE <= value <= latest:
        return {}
    return {
        field: gettext(
            "%(label)s must lie between %(earliest)s and %(latest)s; %(value)s does not."
        )
        % {"label": label, "earliest": EARLIEST_DATE, "latest": latest, "value": value}
    }


def date_validator(label: str | Promise) -> Any:
    """A form/serializer validator for the same range, so that every error shows at once."""

    def check(value: dt.date) -> None:
        errors = date_in_range(value, field="date", label=label)
        if errors:
            raise ValidationError(errors["date"])

    return check
