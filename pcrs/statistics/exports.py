"""The overview's table exported: exactly the cells the user's page shows.

Outside the Secretariat these are the cells of the latest release (selectors.pledge_aggregates
decides), and a suppressed cell is exported as "suppressed" in every figure column: the
export never holds a figure the page withholds (ADR 0050, ADR 0130).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column


def _figure(name: str) -> Any:
    def read(row: tuple[str, Any, str]) -> Any:
        cell = row[1]
        return gettext("suppressed") if cell.suppressed else getattr(cell, name)

    return read


def columns(group_label: str) -> tuple[Column, ...]:
    return (
        Column(group_label, lambda row: row[0]),
        Column(_("Capability type"), lambda row: row[1].capability_type),
        Column(_("Pledges"), _figure("pledges")),
        Column(_("Personnel"), _figure("personnel")),
        Column(_("Women"), _figure("women")),
        Column(_("States"), _figure("states")),
        Column(_("As of"), lambda row: row[2]),
    )
