"""The follow-up of an action item as a table: every allowed move and who may make it.

One service (services.action_item_move) applies a move under a row lock and refuses anything
this table does not allow, with a typed error.

    open -start-> in_progress -complete-> done -reopen-> open
    open -complete-> done;  open | in_progress -cancel-> cancelled
Overdue is not a status: the sweep flags open items past their due date (overdue_since).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from pcrs.consultations.models import FollowUp
from pcrs.core.errors import DomainError


class Who(StrEnum):
    OWNER = "the owner"
    SECRETARIAT = "the Secretariat"


# The words shown to people (the enum values above stay as they are).
WHO_LABELS = {
    Who.OWNER: gettext_lazy("the owner"),
    Who.SECRETARIAT: gettext_lazy("the Secretariat"),
}


class MoveNotAllowed(DomainError):
    """The move does not start from the item's current status."""


class MoveNotPermitted(DomainError):
    """The actor may see the item but not make this move."""


@dataclass(frozen=True)
class Move:
    label: str | Promise
    sources: frozenset[str]
    target: str
    who: frozenset[Who]
    needs_note: str | Promise = ""  # what the note must say, when one is required


_O, _S = Who.OWNER, Who.SECRETARIAT
F = FollowUp

MOVES: dict[str, Move] = {
    "start": Move(
        pgettext_lazy("action item move", "Start"),
        frozenset({F.OPEN}),
        F.IN_PROGRESS,
        frozenset({_O, _S}),
    ),
    "complete": Move(
        gettext_lazy("Mark done"),
        frozenset({F.OPEN, F.IN_PROGRESS}),
        F.DONE,
        frozenset({_O, _S}),
        needs_note=gettext_lazy("what was done"),
    ),
    "cancel": Move(
        gettext_lazy("Cancel"),
        frozenset({F.OPEN, F.IN_PROGRESS}),
        F.CANCELLED,
        frozenset({_S}),
        needs_note=gettext_lazy("why it is cancelled"),
    ),
    "reopen": Move(
        gettext_lazy("Reopen"),
        frozenset({F.DONE, F.CANCELLED}),
        F.OPEN,
        frozenset({_S}),
        needs_note=gettext_lazy("why it is reopened"),
    ),
}


def check_move(name: str, *, who: frozenset[Who], status: str, note: str) -> Move:
    """The Move, or the typed error saying why `who` cannot make it from `status`."""
    move = MOVES.get(name)
    if move is None:
        raise MoveNotAllowed(_("Unknown follow-up move %(name)r.") % {"name": name}, field="move")
    if not who & move.who:
        allowed = _(" or ").join(sorted(str(WHO_LABELS[w]) for w in move.who))
        raise MoveNotPermitted(
            _("%(move)s: only %(allowed)s can do this.") % {"move": move.label, "allowed": allowed}
        )
    if status not in move.sources:
        sources = ", ".join(str(FollowUp(s).label) for s in sorted(move.sources))
        raise MoveNotAllowed(
            _(
                "%(move)s: the action item is %(status)s; only an item that is %(sources)s can "
                "be moved so."
            )
            % {"move": move.label, "status": FollowUp(status).label, "sources": sources},
            field="move",
        )
    if move.needs_note and not note.strip():
        raise DomainError(
            _("%(label)s: say %(note)s.") % {"label": move.label, "note": move.needs_note},
            field="note",
        )
    return move


def moves_for(*, who: frozenset[Who], status: str) -> list[tuple[str, Move]]:
    """The moves this actor may offer on an item in this status (buttons)."""
    return [(n, m) for n, m in MOVES.items() if who & m.who and status in m.sources]
