"""Reads from the registry. Visibility of pledges is decided here and nowhere else.

- The Secretariat sees every pledge.
- A focal point sees its own State's pledges, and nothing of any other State's: a pledge of
  another State answers exactly like a pledge that does not exist.
- Everybody else (observers, mission planners) sees aggregates only, with small groups
  suppressed so that no single State's pledge can be read off a total.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.core.audit import audit_history
from pcrs.core.models import AuditEvent
from pcrs.registry.models import (
    CapabilityType,
    Pledge,
    PledgeAnnotation,
    PledgePartner,
    PledgeStatus,
)

# A published aggregate cell must draw on at least this many States, or it is suppressed.
MIN_STATES_PER_CELL = 3


def pledges_visible_to(user: User | Any) -> QuerySet[Pledge]:
    """Every pledge this user may read in detail (none for observers and planners)."""
    base = Pledge.objects.select_related("member_state", "capability_type")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    if user.has_right(Right.PLEDGE_VIEW_ALL):
        return base
    if user.has_right(Right.PLEDGE_VIEW_OWN) and user.member_state_id is not None:
        # A joint (co-deployment) pledge is seen by each partner State's focal point too.
        shared = PledgePartner.objects.filter(member_state_id=user.member_state_id)
        return base.filter(
            Q(member_state_id=user.member_state_id) | Q(pk__in=shared.values("pledge_id"))
        )
    return base.none()


def access_pledge(*, user: User | Any, pledge_id: Any) -> Pledge:
    """The pledge if this user may see it; the same 404 for "does not exist" and "not yours"."""
    try:
        key = uuid.UUID(str(pledge_id))
    except (TypeError, ValueError, AttributeError):
        raise Http404("No pledge matches the given query.") from None
    pledge = pledges_visible_to(user).filter(pk=key).first()
    if pledge is None:
        raise Http404("No pledge matches the given query.")
    return pledge


def pledge_annotations_for(*, user: User, pledge: Pledge) -> QuerySet[PledgeAnnotation]:
    """Secretariat notes: all for the Secretariat, only the shared ones for the State."""
    notes = pledge.annotations.select_related("author")
    if user.has_right(Right.PLEDGE_VIEW_ALL):
        return notes
    return notes.filter(shared_with_state=True)


def pledge_history_for(*, user: User, pledge: Pledge) -> list[AuditEvent]:
    """The pledge's audit trail; a State does not see the Secretariat's private notes."""
    events = list(audit_history(pledge))
    if user.has_right(Right.PLEDGE_VIEW_ALL):
        return events
    return [
        e for e in events if not (e.action == "pledge.annotate" and e.note == "Secretariat only")
    ]


def capability_types(*, include_inactive: bool = False) -> QuerySet[CapabilityType]:
    qs = CapabilityType.objects.all()
    return qs if include_inactive else qs.filter(is_active=True)


@dataclass(frozen=True)
class AggregateCell:
    group: str
    capability_type: str
    pledges: int | None
    personnel: int | None
    women: int | None
    states: int | None

    @property
    def suppressed(self) -> bool:
        return self.pledges is None


GROUPINGS = {
    "region": "member_state__region",
    "subregion": "member_state__subregion",
    "level": "readiness_level",
    "status": "status",
}


def pledge_aggregates(*, user: User, group_by: str = "region") -> list[AggregateCell]:
    """Live pledges counted by `group_by` x capability type.

    Cells drawing on fewer than MIN_STATES_PER_CELL States are suppressed for everyone but
    the Secretariat; a focal point's own State is never singled out either.
    """
    if not user.has_right(Right.AGGREGATES_VIEW):
        raise Http404("No aggregates for this user.")
    if group_by not in GROUPINGS:
        raise Http404("Unknown grouping.")
    key = GROUPINGS[group_by]
    rows = (
        Pledge.objects.live()
        .values(key, "capability_type__name")
        .annotate(
            pledges=Count("id"),
            personnel=Sum("personnel"),
            women=Sum("women"),
            states=Count("member_state", distinct=True),
        )
        .order_by(key, "capability_type__name")
    )
    full_detail = user.has_right(Right.PLEDGE_VIEW_ALL)
    cells: list[AggregateCell] = []
    for row in rows:
        visible = full_detail or row["states"] >= MIN_STATES_PER_CELL
        cells.append(
            AggregateCell(
                group=str(row[key] or "-"),
                capability_type=row["capability_type__name"],
                pledges=row["pledges"] if visible else None,
                personnel=row["personnel"] if visible else None,
                women=row["women"] if visible else None,
                states=row["states"] if visible else None,
            )
        )
    return cells


def pledge_totals(*, user: User) -> dict[str, Any]:
    """Headline figures: system-wide for all who see aggregates, own State for focal points."""
    live = Pledge.objects.live()
    totals: dict[str, Any] = live.aggregate(
        pledges=Count("id"),
        personnel=Sum("personnel"),
        women=Sum("women"),
        states=Count("member_state", distinct=True),
    )
    by_status: dict[str, int] = defaultdict(int)
    if user.has_right(Right.PLEDGE_VIEW_OWN) and user.member_state_id:
        own = Pledge.objects.filter(member_state_id=user.member_state_id)
        for row in own.values("status").annotate(n=Count("id")):
            by_status[row["status"]] = row["n"]
        totals["own_by_status"] = dict(by_status)
    totals["critical_enabler_pledges"] = live.filter(
        capability_type__is_critical_enabler=True
    ).count()
    totals["submitted_waiting"] = (
        Pledge.objects.filter(status=PledgeStatus.SUBMITTED).count()
        if user.has_right(Right.PLEDGE_VIEW_ALL)
        else None
    )
    return totals


def pledge_search(*, user: User, query: str) -> QuerySet[Pledge]:
    """Free-text search, within what the user may see (never across States)."""
    query = query.strip()
    qs = pledges_visible_to(user)
    if not query:
        return qs
    return qs.filter(
        Q(title__icontains=query)
        | Q(capability_type__name__icontains=query)
        | Q(member_state__name__icontains=query)
        | Q(member_state__iso3__iexact=query)
    )
