"""The generation case list's export columns (pcrs.core.exports): the cases the user sees
(selectors.cases_visible_to: the Secretariat all, a State its own once the note verbale went)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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
