"""The readiness work queue as one exported table: each row says which list it is on.

The queue is the Secretariat's (selectors.work_queue requires the right); the rows are read
lazily, list by list, so the export streams (pcrs.core.exports).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from pcrs.core.exports import CHUNK_SIZE, Column
from pcrs.readiness import ladder
from pcrs.registry.models import Pledge

# (list key, its label, the date that orders it)
QUEUE_LISTS: tuple[tuple[str, Any, Any], ...] = (
    ("changes_to_decide", _("Change to decide"), lambda item: item.requested_at),
    ("to_acknowledge", _("Submitted, to acknowledge"), lambda item: item.submitted_at),
    (
        "to_decide",
        _("Acknowledged, to accept or return"),
        lambda item: getattr(getattr(item, "readiness", None), "acknowledged_on", None),
    ),
    ("aav_to_record", _("Level 2 evidence to record"), lambda item: item.accepted_on),
    ("verification_to_record", _("RDL verification to record"), lambda item: item.level_3_on),
    ("overdue", _("Renewal overdue"), lambda item: item.renewal_due),
)


def _pledge(item: Any) -> Pledge:
    return item if isinstance(item, Pledge) else item.pledge


def queue_rows(queue: dict[str, Any]) -> Iterator[tuple[str, Pledge, dt.date | None]]:
    """(list label, pledge, date) for every item of every list of the queue, in page order."""
    for key, label, when in QUEUE_LISTS:
        for item in queue[key].iterator(chunk_size=CHUNK_SIZE):
            yield str(label), _pledge(item), when(item)
    for days, records in queue["expiring"]:
        label = str(_("Renewal due within %(days)s days") % {"days": days})
        for record in records.iterator(chunk_size=CHUNK_SIZE):
            yield label, record.pledge, record.renewal_due


QUEUE_COLUMNS: tuple[Column, ...] = (
    Column(_("List"), lambda row: row[0]),
    Column(_("Pledge id"), lambda row: str(row[1].pk)),
    Column(_("Member State"), lambda row: row[1].member_state.iso3),
    Column(_("Pledge"), lambda row: row[1].title or row[1].capability_type.name),
    Column(_("Capability type"), lambda row: row[1].capability_type.name),
    Column(_("Status"), lambda row: row[1].get_status_display()),
    Column(_("Level"), lambda row: row[1].get_readiness_level_display()),
    Column(_("Date"), lambda row: row[2]),
)


# "My pledges by level" (a focal point's own State's pledges): one table, each row says its
# level, with the next step and what blocks it, as the page shows them.


def _blocks(row: Any) -> str:
    items = [str(b) for b in row.blockers]
    items += [f"{f.domain} ({str(f.result).lower()}): {f.findings}" for f in row.findings]
    return "; ".join(items)


MINE_COLUMNS: tuple[Column, ...] = (
    Column(_("Level"), lambda g: g[0]),
    Column(_("Pledge id"), lambda g: str(g[1].pledge.pk)),
    Column(_("Member State"), lambda g: g[1].pledge.member_state.iso3),
    Column(_("Pledge"), lambda g: g[1].pledge.title or g[1].pledge.capability_type.name),
    Column(_("Capability"), lambda g: g[1].pledge.capability_type.name),
    Column(_("Personnel"), lambda g: g[1].pledge.personnel),
    Column(_("Renewal due"), lambda g: g[1].renewal_due),
    Column(_("Next step"), lambda g: g[1].next_label),
    Column(_("By"), lambda g: g[1].next_who),
    Column(_("What blocks it"), lambda g: _blocks(g[1])),
)


def mine_rows(groups: Iterable[tuple[str, str, list[Any]]]) -> Iterator[tuple[str, Any]]:
    """(level label, pledge row) for every row of every group, in page order."""
    for _state, label, rows in groups:
        for row in rows:
            yield label, row


# The Secretariat's overview: every cell (level x capability type x region) and the monthly
# flow, the page's two lists of rows (the pivots are sums of the cells).

OVERVIEW_DETAIL_COLUMNS: tuple[Column, ...] = (
    Column(_("Level"), lambda row: ladder.state_label(row["ladder_state"])),
    Column(_("Capability type"), lambda row: row["capability_type__name"]),
    Column(_("Region"), lambda row: row["member_state__region"]),
    Column(_("Pledges"), lambda row: row["pledges"]),
    Column(_("Personnel"), lambda row: row["personnel"]),
)

OVERVIEW_FLOW_COLUMNS: tuple[Column, ...] = (
    Column(_("Month"), lambda row: row[0].strftime("%Y-%m")),
    Column(_("Moved up a level"), lambda row: row[1]["up"]),
    Column(_("Dropped a level (expiry)"), lambda row: row[1]["down"]),
    Column(_("Lapsed"), lambda row: row[1]["lapsed"]),
)
