"""Export columns of the gender parity overview (pcrs.core.exports): the page's two lists of
one month, from the same month table, so narrowed the same way. The States list has one row per
State and category the page shows (every State to the Secretariat, its own to a focal point,
none to others); the colour counts keep "fewer than 3" where the page suppresses a count."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column
from pcrs.gender.selectors import CATEGORIES, Cell, MonthTable


def state_rows(table: MonthTable) -> Iterator[tuple[Any, Cell]]:
    """(State, cell) for every State and category the page's table shows, in page order."""
    for state, cells in table.rows:
        for category in CATEGORIES:
            if category in cells:
                yield state, cells[category]


STATE_COLUMNS: tuple[Column, ...] = (
    Column(_("Month"), lambda row: row[1].month),
    Column(_("State"), lambda row: row[0].name),
    Column(_("ISO3"), lambda row: row[0].iso3),
    Column(_("Category"), lambda row: row[1].category_label),
    Column(_("Women"), lambda row: row[1].women),
    Column(_("Total"), lambda row: row[1].total),
    Column(_("Women %"), lambda row: row[1].share),
    Column(_("Target %"), lambda row: row[1].target.percent if row[1].target else ""),
    Column(_("Status"), lambda row: row[1].status_label),
)


def _count(value: int | None) -> Any:
    return gettext("fewer than 3") if value is None else value


COUNT_COLUMNS: tuple[Column, ...] = (
    Column(_("Category"), lambda row: row[0]),
    Column(_("Meets target"), lambda row: _count(row[1][0])),
    Column(_("Below target"), lambda row: _count(row[1][1])),
    Column(_("No women"), lambda row: _count(row[1][2])),
)
