"""The pledge list's export columns (CSV and XLSX through pcrs.core.exports).

The caller passes only what the user may see (selectors decide, with the page's filters); the
columns are declared once here, for both formats. Every text cell is neutralised against
spreadsheet formula injection by pcrs.core.exports.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column

PLEDGE_COLUMNS: tuple[Column, ...] = (
    Column("id", lambda p: str(p.pk)),
    Column("member_state_iso3", lambda p: p.member_state.iso3),
    Column("member_state", lambda p: p.member_state.name),
    Column("title", lambda p: p.title),
    Column("capability_type", lambda p: p.capability_type.name),
    Column("kind", lambda p: p.kind),
    Column("personnel", lambda p: p.personnel),
    Column("women", lambda p: p.women),
    Column("languages", lambda p: p.languages),
    Column("available_from", lambda p: p.available_from),
    Column("notice_to_move_days", lambda p: p.notice_to_move_days),
    Column("status", lambda p: p.status),
    Column("readiness_level", lambda p: p.readiness_level),
    Column("self_sustainment", lambda p: p.self_sustainment),
    Column("caveat_regions", lambda p: p.caveat_regions),
    Column("restricted_tasks", lambda p: p.restricted_tasks),
    Column("synthetic_demo_data", lambda p: p.is_synthetic),
    Column("submitted_at", lambda p: p.submitted_at),
    Column("updated_at", lambda p: p.updated_at),
)
# The headings are the stable machine names scripts read (kept from the first CSV export).
EXPORT_NAME = "pledges"
EXPORT_TITLE = _("Pledges")

# The capability catalogue (every user's page; retired entries only for those who edit it).
CATALOGUE_COLUMNS: tuple[Column, ...] = (
    Column(_("Code"), lambda c: c.code),
    Column(_("Category"), lambda c: c.get_category_display()),
    Column(_("Type"), lambda c: c.name),
    Column(_("Typical size"), lambda c: c.typical_size),
    Column(
        _("Typical major equipment"),
        lambda c: "; ".join(
            f"{line['quantity']} \u00d7 {line['item']}" for line in c.typical_equipment
        ),
    ),
    Column(_("Critical enabler"), lambda c: c.is_critical_enabler),
    Column(_("In use"), lambda c: c.is_active),
)
