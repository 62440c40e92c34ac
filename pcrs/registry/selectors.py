"""Reads from the registry. Visibility of pledges is decided here and nowhere else.

- The Secretariat sees every pledge.
- A focal point sees its own State's pledges, and nothing of any other State's: a pledge of
  another State answers exactly like a pledge that does not exist.
- Everybody else (observers, mission planners) sees aggregates only: the protected
  publications of pcrs.statistics (ADR 0050), never figures computed here.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.core.audit import audit_history
from pcrs.core.errors import NotVisible
from pcrs.core.models import AuditEvent
from pcrs.registry.models import (
    CapabilityType,
    ChangeStatus,
    Pledge,
    PledgeAnnotation,
    PledgeChangeRequest,
    PledgePartner,
    PledgeStatus,
)

# The threshold of States below which a figure is withheld. Pledge aggregates for
# non-Secretariat users are protected by pcrs.statistics (ADR 0050), not by this constant
# alone; other modules still use it for public data (deployments, fatalities).
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


# The attribute with_pending_change_requests() fills: the pending requests, newest first.
PENDING_CHANGE_REQUESTS = "pending_change_requests"


def with_pending_change_requests(pledges: QuerySet[Pledge]) -> QuerySet[Pledge]:
    """The pledges with their pending change requests prefetched (one query for a page)."""
    return pledges.prefetch_related(
        Prefetch(
            "change_requests",
            queryset=PledgeChangeRequest.objects.filter(status=ChangeStatus.PENDING).select_related(
                "requested_by"
            ),
            to_attr=PENDING_CHANGE_REQUESTS,
        )
    )


def access_pledge(*, user: User | Any, pledge_id: Any) -> Pledge:
    """The pledge if this user may see it; the same 404 for "does not exist" and "not yours"."""
    try:
        key = uuid.UUID(str(pledge_id))
    except (TypeError, ValueError, AttributeError):
        raise NotVisible() from None
    pledge = pledges_visible_to(user).filter(pk=key).first()
    if pledge is None:
        raise NotVisible()
    return pledge


def pledge_annotations_for(*, user: User, pledge: Pledge) -> QuerySet[PledgeAnnotation]:
    """Secretariat notes: all for the Secretariat, only the shared ones for the State."""
    notes = pledge.annotations.select_related("author")
    if user.has_right(Right.PLEDGE_VIEW_ALL):
        return notes
    return notes.filter(shared_with_state=True)


def _annotation_id(event: AuditEvent) -> int | None:
    for change in event.changes:
        if isinstance(change, dict) and change.get("annotation_id") is not None:
            return int(change["annotation_id"])
    return None


def pledge_history_for(*, user: User, pledge: Pledge) -> list[AuditEvent]:
    """The pledge's audit trail; a State does not see the Secretariat's private notes.

    Whether a note's entry is visible is the note's `shared_with_state` field (the audit row
    names the note); an entry that names no note is hidden from the State (deny by default).
    """
    events = list(audit_history(pledge))
    if user.has_right(Right.PLEDGE_VIEW_ALL):
        return events
    shared = set(pledge.annotations.filter(shared_with_state=True).values_list("pk", flat=True))
    return [e for e in events if e.action != "pledge.annotate" or _annotation_id(e) in shared]


def capability_types(*, include_inactive: bool = False) -> QuerySet[CapabilityType]:
    qs = CapabilityType.objects.all()
    return qs if include_inactive else qs.filter(is_active=True)


def pledge_totals(*, user: User) -> dict[str, Any]:
    """Headline figures: live and system-wide (shown to the Secretariat only), own State's for
    focal points."""
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
