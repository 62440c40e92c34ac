"""Export columns of the generation lists (pcrs.core.exports): the cases the user sees
(selectors.cases_visible_to: the Secretariat all, a State its own once the note verbale went),
and the runs (the Secretariat's)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from pcrs.core.exports import Column

CASE_COLUMNS: tuple[Column, ...] = (
    Column(_("Case id"), lambda c: str(c.pk)),
    Column(_("Mission"), lambda c: c.requirement.mission.acronym),
    Column(_("Capability type"), lambda c: c.requirement.capability_type.name),
    Column(_("Member State"), lambda c: c.member_state.iso3),
    Column(_("Officers"), lambda c: c.officers),
    Column(_("Step"), lambda c: c.get_state_display()),
    Column(_("Due"), lambda c: c.due_on),
    Column(_("Note verbale"), lambda c: c.nv_reference),
    Column(_("Note verbale date"), lambda c: c.nv_date),
    Column(_("Answer deadline"), lambda c: c.answer_deadline),
)


def _gap_percent(run: Any) -> Any:
    return round(run.gap * 100) if run.gap is not None else ""


# The runs list of the generation page (the Secretariat's): the latest runs, as the page lists.
RUN_COLUMNS: tuple[Column, ...] = (
    Column(_("Run id"), lambda r: str(r.pk)),
    Column(_("Started"), lambda r: r.created_at),
    Column(_("Missions"), lambda r: ", ".join(r.mission_codes) or pgettext("all missions", "all")),
    Column(_("Status"), lambda r: r.get_status_display()),
    Column(_("Objective"), lambda r: round(r.objective, 1) if r.objective is not None else ""),
    Column(_("Gap to bound %"), _gap_percent),
    Column(_("By"), lambda r: r.created_by.username if r.created_by else ""),
)
