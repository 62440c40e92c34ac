"""The unit evaluation list's export columns (pcrs.core.exports): the evaluations the user
sees (selectors.evaluations_visible_to), each with its normalised score."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column

EVALUATION_COLUMNS: tuple[Column, ...] = (
    Column(_("Date"), lambda row: row[0].evaluated_on),
    Column(_("Member State"), lambda row: row[0].member_state.iso3),
    Column(_("Mission"), lambda row: row[0].mission.acronym),
    Column(_("Unit"), lambda row: row[0].unit_designation),
    Column(_("Capability type"), lambda row: row[0].capability_type.name),
    Column(_("Kind"), lambda row: row[0].get_kind_display()),
    Column(_("Evaluator"), lambda row: row[0].get_evaluator_role_display()),
    Column(_("Score (0-1)"), lambda row: None if row[1] is None else round(row[1], 4)),
)
