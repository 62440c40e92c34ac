"""Who may see and change what in missions. Object rules live here; views, the API and the
services all ask these functions, so that pages and API cannot disagree.

- Mission data published by the UN (missions, ceilings, mission-level strength, requirements,
  critical-capability counts) is open to every signed-in user.
- Contingent-level detail (one State in one mission): the Secretariat, the planners of that
  mission, and the focal point of that State (its own contingents only). Observers see totals.
- Requirements: planners edit their own mission's, the Secretariat every mission's.
- Deployed contingents (adding one, naming its replacement): the Secretariat only. A
  deployment follows a note verbale and an MOU that the Secretariat negotiates, and a
  replacement names a State's pledge, which only the Secretariat may see; the mission's
  planners read their mission's contingents.
- Gender targets and ceilings: the Secretariat.
"""

from __future__ import annotations

from typing import Any

from pcrs.accounts.rights import Right
from pcrs.missions.models import Mission


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sees_all_states(user: Any) -> bool:
    """The Secretariat: every State's contingents and contribution history."""
    return _active(user) and user.has_right(Right.PLEDGE_VIEW_ALL)


def may_edit_mission(user: Any, mission: Mission) -> bool:
    """Requirements of this mission."""
    if not _active(user):
        return False
    if user.has_right(Right.MISSION_EDIT_ALL):
        return True
    return bool(user.has_right(Right.MISSION_EDIT_OWN) and user.mission_id == mission.pk)


def may_edit_reference_data(user: Any) -> bool:
    """Ceilings and gender targets: the Secretariat."""
    return _active(user) and user.has_right(Right.MISSION_EDIT_ALL)


def may_record_contingents(user: Any) -> bool:
    """Add deployed contingents and identify their replacements: the Secretariat."""
    return _active(user) and user.has_right(Right.MISSION_EDIT_ALL)


def may_import(user: Any) -> bool:
    return _active(user) and user.has_right(Right.DATA_IMPORT)


def may_see_state_history(user: Any, member_state_id: int) -> bool:
    """A State's contribution history: the Secretariat, and that State's focal point."""
    if sees_all_states(user):
        return True
    return bool(_active(user) and user.is_focal_point and user.member_state_id == member_state_id)
