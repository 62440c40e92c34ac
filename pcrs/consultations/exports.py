"""Export columns of the meetings list and the action items list (pcrs.core.exports).

The rows are the page's: the meetings and action items the user may see, from the same
selectors and filters. A meeting's export has the columns the list shows (never its minutes).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import Column

MEETING_COLUMNS: tuple[Column, ...] = (
    Column(_("Date"), lambda m: m.date),
    Column(_("Mission"), lambda m: m.mission.acronym),
    Column(_("Type"), lambda m: m.get_kind_display()),
    Column(_("Chair"), lambda m: m.chair),
    Column(_("Public summary"), lambda m: gettext("published") if m.summary_is_public else ""),
)

ACTION_ITEM_COLUMNS: tuple[Column, ...] = (
    Column(_("Action"), lambda i: i.title),
    Column(_("Owner"), lambda i: i.owner_label),
    Column(_("Meeting"), lambda i: str(i.meeting)),
    Column(_("Due"), lambda i: i.due_on),
    Column(_("Status"), lambda i: i.get_status_display()),
    Column(_("Overdue since"), lambda i: i.overdue_since),
)
