"""CSV export of pledges. The caller passes only what the user may see (selectors decide)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from pcrs.registry.models import Pledge

COLUMNS = (
    "id",
    "member_state_iso3",
    "member_state",
    "title",
    "capability_type",
    "kind",
    "personnel",
    "women",
    "languages",
    "available_from",
    "notice_to_move_days",
    "status",
    "readiness_level",
    "self_sustainment",
    "caveat_regions",
    "restricted_tasks",
    "synthetic_demo_data",
    "submitted_at",
    "updated_at",
)

# A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """Neutralise spreadsheet formula injection in free-text cells."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def pledge_row(pledge: Pledge) -> list[Any]:
    return [
        str(pledge.pk),
        pledge.member_state.iso3,
        pledge.member_state.name,
        _safe(pledge.title),
        pledge.capability_type.name,
        pledge.kind,
        pledge.personnel,
        pledge.women,
        " ".join(pledge.languages),
        pledge.available_from.isoformat(),
        pledge.notice_to_move_days,
        pledge.status,
        pledge.readiness_level,
        " ".join(pledge.self_sustainment),
        " ".join(pledge.caveat_regions),
        " ".join(pledge.restricted_tasks),
        "yes" if pledge.is_synthetic else "no",
        pledge.submitted_at.isoformat() if pledge.submitted_at else "",
        pledge.updated_at.isoformat(),
    ]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv output."""

    def write(self, value: str) -> str:
        return value


def pledges_csv(pledges: Iterable[Pledge]) -> Iterator[str]:
    """The CSV lines (header first) for these pledges, ready to stream."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for pledge in pledges:
        yield writer.writerow(pledge_row(pledge))
