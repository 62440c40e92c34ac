"""Who may see and change performance records (read from pcrs.accounts.rights; no new
rights there). An evaluation is seen by the evaluated State's focal points and by the
Secretariat, and by nobody else: the same 404 for the rest (selectors)."""

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


def may_record(user: Any) -> bool:
    """Evaluations, appraisal counts, decisions and standards: the Secretariat enters what the
    Force and Police Commanders report."""
    return _active(user) and user.has_right(Right.MISSION_EDIT_ALL)
