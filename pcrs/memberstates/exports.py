"""Export columns of the Member States list and the regional organizations list
(pcrs.core.exports): reference data every logged-in user reads, the page's rows and filters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column

STATE_COLUMNS: tuple[Column, ...] = (
    Column(_("Name"), lambda s: s.name),
    Column(_("ISO3"), lambda s: s.iso3),
    Column(_("ISO2"), lambda s: s.iso2),
    Column(_("M49"), lambda s: s.m49),
    Column(_("Region"), lambda s: s.region),
    Column(_("Sub-region (intermediate)"), lambda s: s.intermediate_region or s.subregion),
    Column(_("Working languages"), lambda s: list(s.working_languages)),
    Column(_("Organizations"), lambda s: [o.code for o in s.organizations.all()]),
)

ORGANIZATION_COLUMNS: tuple[Column, ...] = (
    Column(_("Code"), lambda o: o.code),
    Column(_("Name"), lambda o: o.name),
    Column(_("UN Member States"), lambda o: o.member_count),
    Column(_("Other members"), lambda o: o.non_un_members),
    Column(_("As of"), lambda o: o.as_of),
    Column(_("Note"), lambda o: o.note),
)
