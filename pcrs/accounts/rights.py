"""Which role may do what: one table, read by views, API permissions and templates.

Object-level rules (a focal point acts only on its own State's pledges) live in each
domain's selectors (`access_<entity>`); this table says which kinds of action a role has.
"""

from __future__ import annotations

from enum import StrEnum

from pcrs.accounts.models import Role


class Right(StrEnum):
    # Registry
    PLEDGE_VIEW_OWN = "pledge.view_own"
    PLEDGE_VIEW_ALL = "pledge.view_all"
    PLEDGE_EDIT_OWN = "pledge.edit_own"
    # The Secretariat's write right on any State's pledge (PLEDGE_VIEW_ALL only reads).
    PLEDGE_EDIT_ALL = "pledge.edit_all"
    PLEDGE_ANNOTATE = "pledge.annotate"
    AGGREGATES_VIEW = "aggregates.view"
    CATALOGUE_EDIT = "catalogue.edit"
    # Readiness
    READINESS_MANAGE = "readiness.manage"
    # Missions
    MISSION_EDIT_OWN = "mission.edit_own"
    MISSION_EDIT_ALL = "mission.edit_all"
    DATA_IMPORT = "data.import"
    # Reports (pcrs.reports): the requirements paper, the Council briefing pack
    REPORT_PAPER_VIEW = "report.paper_view"
    REPORT_BRIEFING_VIEW = "report.briefing_view"
    # Administration
    USERS_MANAGE = "users.manage"


_SECRETARIAT = frozenset(
    {
        Right.PLEDGE_VIEW_ALL,
        Right.PLEDGE_EDIT_ALL,
        Right.PLEDGE_ANNOTATE,
        Right.AGGREGATES_VIEW,
        Right.CATALOGUE_EDIT,
        Right.READINESS_MANAGE,
        Right.MISSION_EDIT_ALL,
        Right.DATA_IMPORT,
        Right.REPORT_PAPER_VIEW,
        Right.REPORT_BRIEFING_VIEW,
    }
)

ROLE_RIGHTS: dict[str, frozenset[Right]] = {
    Role.FOCAL_POINT: frozenset(
        {
            Right.PLEDGE_VIEW_OWN,
            Right.PLEDGE_EDIT_OWN,
            Right.AGGREGATES_VIEW,
            Right.REPORT_PAPER_VIEW,
            Right.REPORT_BRIEFING_VIEW,
        }
    ),
    Role.FORCE_GENERATION: _SECRETARIAT,
    Role.ADMINISTRATOR: _SECRETARIAT | {Right.USERS_MANAGE},
    Role.MISSION_PLANNER: frozenset(
        {Right.AGGREGATES_VIEW, Right.MISSION_EDIT_OWN, Right.REPORT_PAPER_VIEW}
    ),
    Role.OBSERVER: frozenset(
        {Right.AGGREGATES_VIEW, Right.REPORT_PAPER_VIEW, Right.REPORT_BRIEFING_VIEW}
    ),
}


def role_has_right(role: str, right: str) -> bool:
    return right in ROLE_RIGHTS.get(role, frozenset())
