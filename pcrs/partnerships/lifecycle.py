"""The partnership life cycle as one table: each move, from which statuses, to which, who may
make it, and what it needs. `services.partnership_move` applies it under a row lock.

    proposed --agree (both parties accepted)--> agreed --start_delivery--> delivering
    delivering --complete--> completed;  proposed | agreed | delivering --cancel--> cancelled
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcrs.core.errors import DomainError
from pcrs.partnerships.models import PartnershipStatus as S


class Party(enum.StrEnum):
    SECRETARIAT = "Secretariat"
    PROVIDER = "provider"
    RECIPIENT = "recipient"


@dataclass(frozen=True)
class Transition:
    label: str | Promise
    sources: frozenset[str]
    target: str
    who: frozenset[Party]
    needs_note: bool = False


_ALL = frozenset(Party)
TRANSITIONS: dict[str, Transition] = {
    # Applied by partnership_accept once both parties have accepted; nobody calls it directly.
    "agree": Transition(
        gettext_lazy("Agree (both parties accepted)"),
        frozenset({S.PROPOSED}),
        S.AGREED,
        frozenset(),
    ),
    "start_delivery": Transition(
        gettext_lazy("Start delivery"),
        frozenset({S.AGREED}),
        S.DELIVERING,
        frozenset({Party.SECRETARIAT, Party.PROVIDER}),
    ),
    "complete": Transition(
        gettext_lazy("Record as delivered and completed"),
        frozenset({S.DELIVERING}),
        S.COMPLETED,
        frozenset({Party.SECRETARIAT}),
    ),
    "cancel": Transition(
        gettext_lazy("Cancel"),
        frozenset({S.PROPOSED, S.AGREED, S.DELIVERING}),
        S.CANCELLED,
        _ALL,
        needs_note=True,
    ),
}


class TransitionNotAllowed(DomainError):
    """The move does not apply to the partnership's current status."""


class TransitionNotPermitted(DomainError):
    """The actor may not make this move (403 at the edge)."""


def check(name: str, *, status: str, who: set[Party]) -> Transition:
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise TransitionNotAllowed(_("Unknown move %(name)r.") % {"name": name}, field="move")
    if not (spec.who & who):
        allowed = ", ".join(sorted(w.value for w in spec.who)) or "nobody directly"
        raise TransitionNotPermitted(f"{spec.label}: only {allowed} may do this.", field="move")
    if status not in spec.sources:
        raise TransitionNotAllowed(
            f"A {S(status).label.lower()} partnership cannot be moved to "
            f"{S(spec.target).label.lower()}.",
            field="move",
        )
    return spec
