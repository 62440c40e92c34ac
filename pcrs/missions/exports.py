"""Export columns of the missions list and of the gaps dashboard's unfilled requirements.

Declared once for CSV and XLSX (pcrs.core.exports). The rows are those the page shows, built
by the same selectors; pledge counts outside the Secretariat are the published cells (ADR
0050), and a suppressed cell is exported as "suppressed", never as the live figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column


def _strength(row: dict[str, Any]) -> Any:
    strength = row["strength"]
    return strength.personnel if strength.personnel is not None else ""


MISSION_COLUMNS: tuple[Column, ...] = (
    Column(_("Mission"), lambda row: row["mission"].acronym),
    Column(_("Name"), lambda row: row["mission"].name),
    Column(_("Kind"), lambda row: row["mission"].get_kind_display()),
    Column(_("Host"), lambda row: row["mission"].host_name),
    Column(_("Start"), lambda row: row["mission"].start_date),
    Column(_("End"), lambda row: row["mission"].end_date),
    Column(pgettext_lazy("mission", "Active"), lambda row: row["mission"].is_active),
    Column(_("Strength"), _strength),
    Column(_("Strength: why none"), lambda row: row["strength"].reason),
)


def _count(value: int | None) -> Any:
    return gettext("suppressed") if value is None else value


GAP_COLUMNS: tuple[Column, ...] = (
    Column(_("Mission"), lambda row: row.requirement.mission.acronym),
    Column(_("Capability type"), lambda row: row.requirement.capability_type.name),
    Column(_("Requirement"), lambda row: row.requirement.title),
    Column(_("Priority"), lambda row: row.requirement.get_priority_display()),
    Column(_("Status"), lambda row: row.requirement.get_status_display()),
    Column(_("Units"), lambda row: row.requirement.units),
    Column(_("Personnel"), lambda row: row.requirement.personnel),
    Column(_("Opened on"), lambda row: row.requirement.opened_on),
    Column(_("Required by"), lambda row: row.requirement.required_by),
    Column(_("Days open"), lambda row: row.days_open),
    Column(_("Days to required date"), lambda row: row.days_to_required_by),
    Column(_("Pledges at Level 2 or above"), lambda row: _count(row.pledges_level2_now)),
)


# Fatalities (ADR 0083): the page's three tables, from the same overview. Outside the
# Secretariat (and a State's own focal point for its series) the overview holds protected
# aggregates only, so a suppressed cell is exported as "suppressed", and no series by type.


def _nth(field: str, i: int) -> Callable[[dict[str, Any]], Any]:
    """The i-th value of a row's list of figures (one column per series)."""
    return lambda row: row[field][i]


def fatality_year_columns(series: Iterable[str]) -> tuple[Column, ...]:
    """Year, one column per type of incident the overview shows (none when protected), total."""
    by_type = tuple(Column(key, _nth("cells", i)) for i, key in enumerate(series))
    return (
        Column(_("Year"), lambda row: row["year"]),
        *by_type,
        Column(_("Fatalities"), lambda row: _count(row["total"])),
    )


FATALITY_TYPE_COLUMNS: tuple[Column, ...] = (
    Column(_("Type of incident"), lambda row: row["incident_type"]),
    Column(_("Fatalities"), lambda row: _count(row["people"])),
)

FATALITY_MISSION_COLUMNS: tuple[Column, ...] = (
    Column(_("Mission"), lambda row: row["mission"]),
    Column(_("Fatalities"), lambda row: _count(row["people"])),
)


# A State's contribution history (the Secretariat and that State's focal point only): the page's
# three tables, from the same history.


def contribution_month_columns(series: Iterable[str]) -> tuple[Column, ...]:
    """Month, one column per personnel type the history holds, total, women's share."""
    by_type = tuple(Column(key, _nth("values", i)) for i, key in enumerate(series))
    return (
        Column(_("Month"), lambda row: row["month"]),
        *by_type,
        Column(_("Total"), lambda row: row["total"]),
        Column(_("Women %"), lambda row: row["women_share"]),
    )


def _women_percent(row: dict[str, Any]) -> Any:
    return round(100 * row["female"] / row["total"]) if row["total"] else ""


CONTRIBUTION_LATEST_COLUMNS: tuple[Column, ...] = (
    Column(_("Mission"), lambda row: row["mission__acronym"]),
    Column(_("Personnel type"), lambda row: row["personnel_type"]),
    Column(_("Men"), lambda row: row["male"]),
    Column(_("Women"), lambda row: row["female"]),
    Column(_("Total"), lambda row: row["total"]),
    Column(_("Women %"), _women_percent),
)

CONTRIBUTION_PEAK_COLUMNS: tuple[Column, ...] = (
    Column(_("Mission"), lambda row: row["mission__acronym"]),
    Column(_("Personnel type"), lambda row: row["personnel_type"]),
    Column(_("Peak in one month"), lambda row: row["peak"]),
)
