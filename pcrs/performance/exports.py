"""Export columns of the performance lists (pcrs.core.exports): the evaluations the user sees
(selectors.evaluations_visible_to), each with its normalised score, and the standards."""

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


# The task-based standards page (the Secretariat's).
STANDARD_COLUMNS: tuple[Column, ...] = (
    Column(_("Unit type"), lambda s: s.capability_type.name),
    Column(_("Category"), lambda s: s.category),
    Column(_("Task"), lambda s: s.task),
    Column(_("Applied"), lambda s: s.is_active),
    Column(_("Source"), lambda s: s.source),
)
