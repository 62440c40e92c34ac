"""Reads of the published statistics, and who sees which figures.

- The Secretariat sees live figures, every cell.
- Everybody else with the aggregates right (observers, planners, focal points) sees the latest
  publication only: protected cells, dated "as of" (ADR 0050).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from django.core.cache import cache
from django.http import Http404

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.registry.models import CapabilityType
from pcrs.statistics import disclosure
from pcrs.statistics.models import Publication
from pcrs.statistics.releases import release_model
from pcrs.statistics.tables import GROUPINGS, LiveCell, live_layout, live_table


@dataclass(frozen=True)
class AggregateCell:
    group: str
    capability_type: str
    pledges: int | None
    personnel: int | None
    women: int | None
    states: int | None
    suppressed: bool


@dataclass(frozen=True)
class Aggregates:
    """One table as shown to one user: `as_of` None means live figures."""

    cells: list[AggregateCell]
    totals: dict[str, AggregateCell]
    as_of: dt.date | None
    live: bool

    @property
    def available(self) -> bool:
        return self.live or self.as_of is not None


def sees_live(user: User) -> bool:
    return user.has_right(Right.PLEDGE_VIEW_ALL)


def latest_publication() -> Publication | None:
    return Publication.objects.order_by("-as_of").first()


def _live(group_by: str) -> Aggregates:
    cells, totals = live_table(group_by)

    def cell(group: str, capability_type: str, figures: LiveCell) -> AggregateCell:
        pledges, personnel, women, states = figures
        return AggregateCell(group, capability_type, pledges, personnel, women, states, False)

    return Aggregates(
        cells=[cell(*c) for c in cells],
        totals={name: cell(name, "", figures) for name, figures in totals.items()},
        as_of=None,
        live=True,
    )


def pledge_aggregates(*, user: User, group_by: str = "region") -> Aggregates:
    """Pledges counted by `group_by` x capability type: live for the Secretariat, the latest
    protected publication for everyone else with the aggregates right."""
    if not user.has_right(Right.AGGREGATES_VIEW):
        raise Http404("No aggregates for this user.")
    if group_by not in GROUPINGS:
        raise Http404("Unknown grouping.")
    if sees_live(user):
        return _live(group_by)
    publication = latest_publication()
    if publication is None:
        return Aggregates(cells=[], totals={}, as_of=None, live=False)

    def shown(row: object) -> AggregateCell:
        return AggregateCell(
            row.group, row.capability_type, row.pledges, row.personnel,  # type: ignore[attr-defined]
            row.women, row.states, row.suppressed,  # type: ignore[attr-defined]
        )  # fmt: skip

    rows = publication.cells.all()
    return Aggregates(
        cells=[shown(r) for r in rows if r.grouping == group_by],
        totals={r.group: shown(r) for r in rows if r.grouping == disclosure.TOTAL},
        as_of=publication.as_of,
        live=False,
    )


LEVEL_2_OR_ABOVE = ("2", "3", "rdl")


def published_level2_count(capability_type_id: int) -> int | None:
    """Live pledges of the type at Level 2 or above as of the latest publication, when its
    published cells determine that sum (so it says nothing they do not); None otherwise."""
    publication = latest_publication()
    name = CapabilityType.objects.filter(pk=capability_type_id).values_list("name", flat=True)
    if publication is None or not name:
        return None
    key = f"pcrs:statistics:level2:{publication.pk}:{capability_type_id}"
    cached = cache.get(key, "missing")
    if cached != "missing":
        return cast(int | None, cached)
    model = release_model(publication, live_layout())
    keys = [("level", level, name[0]) for level in LEVEL_2_OR_ABOVE]
    if not all(k in model.cells for k in keys):
        return None
    count = disclosure.determined_sum(model, keys, "pledges")
    cache.set(key, count, 60 * 60)
    return count
