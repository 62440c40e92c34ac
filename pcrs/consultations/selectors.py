"""Reads of consultations, and who may see what (rules in permissions.py).

- A meeting's non-public records: its participants only (the Secretariat, focal points of the
  invited States). Others signed in see a meeting only once its public summary is published,
  and then only that summary.
- Everything else is the same 404, byte for byte, whether the record is missing or not yours.
- Action items: the participants of their meeting; a State's own open items for its home page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from pcrs.consultations import permissions
from pcrs.consultations.documents import snapshot_for
from pcrs.consultations.models import (
    OPEN_STATUSES,
    ActionItem,
    CouncilMembership,
    Invitee,
    Meeting,
    Notification,
)
from pcrs.core.lookups import visible_one
from pcrs.missions.models import Mission

NOT_FOUND = "No consultation matches the given query."
ITEM_NOT_FOUND = "No action item matches the given query."


def _invited(state_id: int) -> Exists:
    return Exists(Invitee.objects.filter(meeting=OuterRef("pk"), member_state_id=state_id))


def participant_meetings(user: Any) -> QuerySet[Meeting]:
    """Meetings whose non-public records this user may read."""
    base = Meeting.objects.select_related("mission")
    if permissions.is_secretariat(user):
        return base
    state_id = permissions.focal_state_id(user)
    if state_id is not None:
        return base.filter(_invited(state_id))
    return base.none()


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Meetings this user may see at all: as a participant, or by their published summary."""
    base = Meeting.objects.select_related("mission")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    if permissions.is_secretariat(user):
        return base
    published = Q(summary_published_at__isnull=False)
    state_id = permissions.focal_state_id(user)
    if state_id is not None:
        return base.filter(published | Q(_invited(state_id)))
    return base.filter(published)


def is_participant(user: Any, meeting: Meeting) -> bool:
    return participant_meetings(user).filter(pk=meeting.pk).exists()


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    participant: bool  # may read the non-public records
    full_documents: bool  # sees the gap snapshot beyond aggregates (Secretariat)


def access_meeting(*, user: Any, meeting_id: Any) -> MeetingView:
    """The meeting and how much of it the user may read; the same 404 for missing and hidden."""
    meeting = visible_one(meetings_visible_to(user), meeting_id, NOT_FOUND)
    return MeetingView(
        meeting=meeting,
        participant=is_participant(user, meeting),
        full_documents=permissions.is_secretariat(user),
    )


def meeting_documents(view: MeetingView) -> dict[str, Any]:
    """The gap report snapshot as this viewer may see it (aggregates outside the Secretariat)."""
    if not view.participant:
        return {}
    return snapshot_for(view.meeting.gap_snapshot, full=view.full_documents)


def action_items_visible_to(user: Any) -> QuerySet[ActionItem]:
    base = ActionItem.objects.select_related("meeting__mission", "owner_state", "decision")
    if permissions.is_secretariat(user):
        return base
    state_id = permissions.focal_state_id(user)
    if state_id is not None:
        return base.filter(
            Exists(Invitee.objects.filter(meeting=OuterRef("meeting_id"), member_state_id=state_id))
        )
    return base.none()


def access_action_item(*, user: Any, item_id: Any) -> ActionItem:
    return visible_one(action_items_visible_to(user), item_id, ITEM_NOT_FOUND)


def state_open_action_items(user: Any) -> QuerySet[ActionItem]:
    """The open items the focal point's own State owns, overdue first."""
    state_id = permissions.focal_state_id(user)
    if state_id is None:
        return ActionItem.objects.none()
    return (
        action_items_visible_to(user)
        .filter(owner_state_id=state_id, status__in=OPEN_STATUSES)
        .order_by("overdue_since", "due_on")
    )


def mission_consultations(*, user: Any, mission: Mission) -> QuerySet[Meeting]:
    return meetings_visible_to(user).filter(mission=mission)


def council_members(*, year: int) -> QuerySet[CouncilMembership]:
    return CouncilMembership.objects.filter(year=year).select_related("member_state")


def unread_notifications(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user, read_at__isnull=True)
