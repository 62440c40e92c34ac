"""Ranges every stored value must fit, as reusable checks for forms, serializers and query strings.

A value outside them is the user's mistake and gets a 400 naming the field, never the
database's OverflowError ("Python int too large to convert to SQLite INTEGER") or DataError
("integer out of range"). The constants also go into the OpenAPI document (`minimum`/`maximum`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcrs.core.errors import DomainError

# PostgreSQL's integer and bigint; SQLite stores 64-bit integers.
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Dates a user may type: wide enough for history and plans, narrow enough to do arithmetic on
# (9999-12-01 plus a renewal interval overflows Python's date).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
OUT_OF_RANGE = gettext_lazy(
    "A value in the request is outside the range that can be stored; nothing was changed."
)


def int_validators(minimum: int = INT32_MIN, maximum: int = INT32_MAX) -> list[Any]:
    """Django validators for an integer field (forms and model fields)."""
    return [MinValueValidator(minimum), MaxValueValidator(maximum)]


def date_validators() -> list[Any]:
    return [MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)]


def bounded_int(raw: Any, *, field: str, minimum: int = INT32_MIN, maximum: int = INT32_MAX) -> int:
    """`raw` (a query-string or JSON value) as an int within [minimum, maximum], or DomainError."""
    not_whole = _("%(field)s must be a whole number.") % {"field": field}
    if isinstance(raw, bool):
        raise DomainError(not_whole, field=field)
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise DomainError(not_whole, field=field) from None
    if not minimum <= value <= maximum:
        raise DomainError(
            _("%(field)s must be between %(minimum)s and %(maximum)s.")
            % {"field": field, "minimum": minimum, "maximum": maximum},
            field=field,
        )
    return value


def bounded_date(raw: Any, *, field: str) -> dt.date:
    """`raw` (ISO 8601 text or a date) as a date within the sane range, or DomainError."""
    if isinstance(raw, dt.date):
        value = raw
    else:
        try:
            value = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise DomainError(
                _("%(field)s must be a date (YYYY-MM-DD).") % {"field": field}, field=field
            ) from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise DomainError(
            _("%(field)s must be between %(minimum)s and %(maximum)s.")
            % {
                "field": field,
                "minimum": EARLIEST_DATE.isoformat(),
                "maximum": LATEST_DATE.isoformat(),
            },
            field=field,
        )
    return value
