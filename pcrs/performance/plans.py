"""The improvement plan's life cycle as one table: (from, to) -> who may make the move and
whether a note is required. Applied only by services.improvement_plan_move under a row lock."""

from __future__ import annotations

from dataclasses import dataclass

from pcrs.performance.models import PlanStatus as S

STATE, SECRETARIAT = "state", "secretariat"


@dataclass(frozen=True)
class Move:
    by: str
    needs_note: bool = False


MOVES: dict[tuple[str, str], Move] = {
    (S.OPEN, S.IN_PROGRESS): Move(STATE),
    (S.IN_PROGRESS, S.REVIEW): Move(STATE, needs_note=True),
    (S.REVIEW, S.IN_PROGRESS): Move(SECRETARIAT, needs_note=True),
    (S.REVIEW, S.CLOSED): Move(SECRETARIAT, needs_note=True),
    (S.OPEN, S.ESCALATED): Move(SECRETARIAT, needs_note=True),
    (S.IN_PROGRESS, S.ESCALATED): Move(SECRETARIAT, needs_note=True),
    (S.REVIEW, S.ESCALATED): Move(SECRETARIAT, needs_note=True),
}


def moves_open_to(*, status: str, is_state: bool, is_secretariat: bool) -> list[str]:
    """The statuses a user may move a plan to from `status` (for the page's buttons)."""
    return [
        to
        for (origin, to), move in MOVES.items()
        if origin == status
        and ((move.by == STATE and is_state) or (move.by == SECRETARIAT and is_secretariat))
    ]
