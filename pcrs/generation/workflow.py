"""The generation case as a table: every move, from which states, to which, by whom, needing what.

Read CASE_MOVES top to bottom to know the whole process, from a shortlisted proposal to a unit
deployed. One service (services.case_move) applies a move under a row lock; nothing else
changes a case's state (ADR 0071).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcrs.core.errors import DomainError
from pcrs.generation.models import CaseState, GenerationCase, PreDeploymentResult


class Who(StrEnum):
    SECRETARIAT = "the Secretariat"
    STATE = "the State's focal point"
    SYSTEM = "the deadline sweep"


# The words shown to people (the enum values above stay as they are: they are recorded).
WHO_LABELS = {
    Who.SECRETARIAT: gettext_lazy("the Secretariat"),
    Who.STATE: gettext_lazy("the State's focal point"),
    Who.SYSTEM: gettext_lazy("the deadline sweep"),
}


class CaseMoveNotAllowed(DomainError):
    """The case is not in a state this move starts from (closed, already answered...)."""


class CaseMoveNotPermitted(DomainError):
    """This actor may not make this move (403 in the API)."""


# A check returns what is missing, in words, for the move's fields.
Check = Callable[[GenerationCase, dict[str, Any], dt.date], dict[str, str]]


def _needs(*names: str) -> Check:
    def check(case: GenerationCase, data: dict[str, Any], today: dt.date) -> dict[str, str]:
        return {n: _("This field is required for this step.") for n in names if not data.get(n)}

    return check


def deadline_after_note(
    case: GenerationCase, data: dict[str, Any], today: dt.date
) -> dict[str, str]:
    nv_date, deadline = data.get("nv_date"), data.get("answer_deadline")
    if nv_date and deadline and deadline <= nv_date:
        return {
            "answer_deadline": _("The answer deadline must come after the note verbale's date.")
        }
    return {}


def deadline_passed(case: GenerationCase, data: dict[str, Any], today: dt.date) -> dict[str, str]:
    if case.answer_deadline is None or case.answer_deadline >= today:
        return {
            "state": _("The answer deadline (%(deadline)s) has not passed yet.")
            % {"deadline": case.answer_deadline}
        }
    return {}


def visit_passed(case: GenerationCase, data: dict[str, Any], today: dt.date) -> dict[str, str]:
    if case.pre_deployment_result == PreDeploymentResult.NOT_READY:
        return {"state": _("The pre-deployment visit found the unit not ready: no MOU.")}
    if case.military_skills_passed is False:
        return {"state": _("The military skills check was not passed: no MOU.")}
    return {}


@dataclass(frozen=True)
class CaseMove:
    label: str | Promise
    sources: frozenset[str]
    target: str
    who: frozenset[Who]
    checks: tuple[Check, ...] = ()
    # Case fields the move records, from the form / API payload.
    fields: tuple[str, ...] = ()
    # Setting (conf.py) giving days to the next step's due date; "" = no due date after it.
    next_due: str = ""
    # Whom to notify: "state" (the pledging State's focal points), "secretariat", both.
    notify: tuple[str, ...] = ()


_S, _F, _SYS = Who.SECRETARIAT, Who.STATE, Who.SYSTEM
C = CaseState
OPEN_STATES = frozenset(
    {
        C.SHORTLISTED,
        C.NOTE_VERBALE_SENT,
        C.ACCEPTED,
        C.RECONNAISSANCE,
        C.PRE_DEPLOYMENT,
        C.MOU_AGREED,
    }
)

CASE_MOVES: dict[str, CaseMove] = {
    "send_note_verbale": CaseMove(
        gettext_lazy("Send the note verbale"),
        frozenset({C.SHORTLISTED}),
        C.NOTE_VERBALE_SENT,
        frozenset({_S}),
        (_needs("nv_reference", "nv_date", "answer_deadline"), deadline_after_note),
        fields=("nv_reference", "nv_date", "answer_deadline"),
        notify=("state",),
    ),
    "accept": CaseMove(
        gettext_lazy("Accept the request"),
        frozenset({C.NOTE_VERBALE_SENT}),
        C.ACCEPTED,
        frozenset({_F, _S}),
        next_due="RECONNAISSANCE_DAYS",
        notify=("state", "secretariat"),
    ),
    "decline": CaseMove(
        gettext_lazy("Decline the request"),
        frozenset({C.NOTE_VERBALE_SENT}),
        C.DECLINED,
        frozenset({_F, _S}),
        (_needs("decline_reason"),),
        fields=("decline_reason",),
        notify=("state", "secretariat"),
    ),
    "no_answer": CaseMove(
        gettext_lazy("Record no answer by the deadline"),
        frozenset({C.NOTE_VERBALE_SENT}),
        C.NO_ANSWER,
        frozenset({_S, _SYS}),
        (deadline_passed,),
        notify=("state", "secretariat"),
    ),
    "reconnaissance": CaseMove(
        gettext_lazy("Record the reconnaissance visit"),
        frozenset({C.ACCEPTED}),
        C.RECONNAISSANCE,
        frozenset({_S}),
        (_needs("reconnaissance_on"),),
        fields=("reconnaissance_on",),
        next_due="PRE_DEPLOYMENT_DAYS",
        notify=("state",),
    ),
    "pre_deployment_visit": CaseMove(
        gettext_lazy("Record the pre-deployment visit"),
        frozenset({C.RECONNAISSANCE}),
        C.PRE_DEPLOYMENT,
        frozenset({_S}),
        (_needs("pre_deployment_on", "pre_deployment_result"),),
        fields=("pre_deployment_on", "pre_deployment_result", "military_skills_passed"),
        next_due="MOU_DAYS",
        notify=("state",),
    ),
    "agree_mou": CaseMove(
        gettext_lazy("Record the MOU agreed"),
        frozenset({C.PRE_DEPLOYMENT}),
        C.MOU_AGREED,
        frozenset({_S}),
        (_needs("mou_on", "lift", "self_sufficiency_days"), visit_passed),
        fields=("mou_on", "lift", "self_sufficiency_days"),
        next_due="DEPLOYMENT_DAYS",
        notify=("state",),
    ),
    "deploy": CaseMove(
        gettext_lazy("Record the unit deployed"),
        frozenset({C.MOU_AGREED}),
        C.DEPLOYED,
        frozenset({_S}),
        (_needs("deployed_on"),),
        fields=("deployed_on",),
        notify=("state", "secretariat"),
    ),
    "close": CaseMove(
        gettext_lazy("Close the case"),
        OPEN_STATES,
        C.CLOSED,
        frozenset({_S}),
        (_needs("close_reason"),),
        fields=("close_reason",),
        notify=("state",),
    ),
}

# Where the next step's due date comes from when a case arrives in a state.
DUE_AFTER_SHORTLIST = "NOTE_VERBALE_DAYS"


def state_label(state: str) -> str:
    return str(dict(CaseState.choices).get(state, state))


def check_case_move(
    name: str, *, who: Who, case: GenerationCase, data: dict[str, Any], today: dt.date
) -> CaseMove:
    """The move, or the typed error that says why not (permission, state, missing fields)."""
    move = CASE_MOVES.get(name)
    if move is None:
        raise CaseMoveNotAllowed(_("Unknown case step %(name)r.") % {"name": name}, field="move")
    if who not in move.who:
        allowed = _(" or ").join(sorted(str(WHO_LABELS[w]) for w in move.who))
        raise CaseMoveNotPermitted(
            _("%(move)s: only %(allowed)s can do this.") % {"move": move.label, "allowed": allowed}
        )
    if case.state not in move.sources:
        if case.state in (C.CLOSED, C.DEPLOYED, C.DECLINED, C.NO_ANSWER):
            raise CaseMoveNotAllowed(
                _("This case is %(state)s: nothing can be recorded on it any more.")
                % {"state": state_label(case.state).lower()},
                field="move",
            )
        raise CaseMoveNotAllowed(
            _("%(move)s: the case is %(state)s, so this step does not apply now.")
            % {"move": move.label, "state": state_label(case.state).lower()},
            field="move",
        )
    errors: dict[str, str] = {}
    for check in move.checks:
        errors.update(check(case, data, today))
    if errors:
        raise ValidationError(errors)
    return move
