"""Who may do what in force generation.

- Runs, proposals, runners-up, outreach lists, what-ifs and metrics name pledges of many
  States: the Secretariat only (it sees every pledge and manages every mission's needs).
- A case: the Secretariat; and the focal point of the State it is addressed to, once the note
  verbale is sent (a shortlist is internal), and never who else was considered.
- Everyone else: nothing (the same 404 as for a case that does not exist).
"""

from __future__ import annotations

from typing import Any

from pcrs.accounts.rights import Right


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_secretariat(user: Any) -> bool:
    """Sees every pledge and edits every mission's requirements: the force-generation staff."""
    return bool(
        _active(user)
        and user.has_right(Right.PLEDGE_VIEW_ALL)
        and user.has_right(Right.MISSION_EDIT_ALL)
    )


def is_focal_point_of(user: Any, member_state_id: int) -> bool:
    return bool(
        _active(user)
        and user.has_right(Right.PLEDGE_EDIT_OWN)
        and user.member_state_id == member_state_id
    )
