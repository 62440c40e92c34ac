"""The training centre list's export columns (pcrs.core.exports): the centres the user sees."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column

CENTRE_COLUMNS: tuple[Column, ...] = (
    Column(_("Acronym"), lambda c: c.acronym),
    Column(_("Centre"), lambda c: c.name),
    Column(_("Member State"), lambda c: c.member_state.iso3),
    Column(_("Status"), lambda c: c.get_status_display()),
    Column(_("Established"), lambda c: c.established_on),
    Column(_("Synthetic demo data"), lambda c: c.is_synthetic),
)
