"""Who may do what in partnerships (this app's rights; pcrs.accounts.rights is not changed).

- Proposing a partnership, moving it on, recording TPP courses and joint-pledge shares, seeing
  every State's needs and support picture: the Secretariat (force generation, administrators).
- Declaring a need, making an offer, accepting a partnership: a focal point, for its own State
  only (the Secretariat may record an offer for a State or a regional organization, and accepts
  on behalf of a regional organization, which has no focal point).
- Everybody else (observers, mission planners): protected aggregates only.
"""

from __future__ import annotations

from typing import Any


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_secretariat(user: Any) -> bool:
    return _active(user) and bool(user.is_secretariat)


def focal_state_id(user: Any) -> int | None:
    """The State a focal point speaks for, or None."""
    if _active(user) and user.is_focal_point and user.member_state_id is not None:
        return int(user.member_state_id)
    return None


def may_propose(user: Any) -> bool:
    return is_secretariat(user)


def may_offer(user: Any) -> bool:
    return is_secretariat(user) or focal_state_id(user) is not None


def may_see_state(user: Any, member_state_id: int) -> bool:
    """A State's needs and whole support picture: the Secretariat and that State's focal point."""
    return is_secretariat(user) or focal_state_id(user) == member_state_id
