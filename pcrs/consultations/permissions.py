"""Who may do what in consultations (rights of this app; pcrs.accounts.rights is not changed).

- Recording a meeting, its invitees, minutes, decisions and action items, and publishing its
  public summary: the Secretariat (force-generation officers and administrators), who convene
  triangular consultations.
- A meeting's non-public records (agenda, documents, minutes, decisions, action items, the
  invitee list): its participants, i.e. the Secretariat and the focal points of invited States.
- A published public summary: every signed-in user.
- An action item's follow-up: its owner (the owning State's focal points; the Secretariat for an
  office) and the Secretariat, as the table in followup.py says.
"""

from __future__ import annotations

from typing import Any


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_secretariat(user: Any) -> bool:
    return _active(user) and bool(user.is_secretariat)


def may_record(user: Any) -> bool:
    """Record and edit meetings: the Secretariat."""
    return is_secretariat(user)


def focal_state_id(user: Any) -> int | None:
    """The State a focal point speaks for, or None."""
    if _active(user) and user.is_focal_point and user.member_state_id is not None:
        return int(user.member_state_id)
    return None
