"""Who may open which report (the rights are in pcrs.accounts.rights, ADR 0141-0142).

- The requirements paper is addressed to every Member State: the Secretariat, focal points,
  observers and mission planners open it.
- The briefing pack (protected aggregates): the Secretariat, focal points and observers; the
  Secretariat alone may add its annex of unprotected figures (pcrs.reports.selectors).
- Anonymous users: nothing (deny by default).
"""

from __future__ import annotations

from typing import Any

from pcrs.accounts.rights import Right


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_open_paper(user: Any) -> bool:
    return _active(user) and user.has_right(Right.REPORT_PAPER_VIEW)


def may_open_briefing(user: Any) -> bool:
    return _active(user) and user.has_right(Right.REPORT_BRIEFING_VIEW)
