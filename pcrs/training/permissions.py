"""Who may see and change training records. The rights table (pcrs.accounts.rights) is not
this app's; these functions read it.

- The Secretariat sees every centre and grants, renews and expires UN recognition (ITS).
- A Member State's focal point sees its own centres, courses, recognitions and deliveries,
  records its centres' courses and deliveries, and its own pledges' training.
- Everybody else (observers, planners, other States) sees counts only.
"""

from __future__ import annotations

from typing import Any

from pcrs.accounts.rights import Right


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sees_all(user: Any) -> bool:
    return _active(user) and user.has_right(Right.PLEDGE_VIEW_ALL)


def own_state_id(user: Any) -> int | None:
    if _active(user) and user.is_focal_point and user.member_state_id:
        return int(user.member_state_id)
    return None


def may_grant_recognition(user: Any) -> bool:
    """UN recognition is the Secretariat's (ITS) decision."""
    return _active(user) and user.has_right(Right.CATALOGUE_EDIT)


def may_edit_criteria(user: Any) -> bool:
    return may_grant_recognition(user)


def may_record_for_state(user: Any, member_state_id: int) -> bool:
    """Centres, courses and deliveries of a State; training of its pledges."""
    if not _active(user):
        return False
    if user.has_right(Right.CATALOGUE_EDIT):
        return True
    return own_state_id(user) == member_state_id and user.has_right(Right.PLEDGE_EDIT_OWN)
