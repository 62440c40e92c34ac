"""The readiness ladder as a table: every allowed move, who may make it, the evidence it needs.

Read MOVES top to bottom to know the whole workflow. One service (services.readiness_move)
applies a move; it refuses anything this table does not allow, with a message naming exactly
what is missing.

    draft -submit-> submitted -acknowledge-> acknowledged -accept-> Level 1 -> 2 -> 3 -> RDL
                        ^                         | return (guidance)
                        +------- resubmit ---- returned
    Level 1..RDL -lapse (sweep)-> lapsed -reinstate-> Level 1
    Level 2..RDL -aav_expired (sweep)-> Level 1;  RDL -verification_expired (sweep)-> Level 3
    Level 2..RDL -reassess-> the highest level whose evidence still holds (a change accepted)
    Level 2..RDL -deploy-> deployed -repatriate-> the highest level its evidence still holds
    any live state -withdraw-> withdrawn

This table is also the one owner of the pledge's registry `status` and `readiness_level`:
each move says which status it leaves the pledge in, and the level follows from the target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.core.errors import DomainError, NotVisible
from pcrs.readiness.conf import readiness_settings
from pcrs.readiness.models import (
    LEVEL_STATES,
    STATE_RANK,
    AavDomain,
    LadderState,
    RdlAgreement,
    ReadinessPolicy,
    ReadinessRecord,
    SurAlignment,
    Visit,
    VisitPurpose,
)
from pcrs.registry.change_control import facts_mismatch
from pcrs.registry.models import CapabilityCategory, Pledge, PledgeKind, PledgeStatus


class Who(StrEnum):
    """Who may make a move. The State acts through its focal points; the sweep is the system."""

    STATE = "the pledging State's focal point"
    SECRETARIAT = "the Secretariat"
    SYSTEM = "the scheduled sweep"
    # A partner State's focal point on a joint pledge: it reads the ladder, it makes no move
    # (no move in MOVES names it; the lead State speaks for the unit, ADR 0112).
    PARTNER = "a partner State's focal point"


# Who, in the reader's language (the enum's values are English and stay as they are).
WHO_WORDS = {
    "the pledging State's focal point": _("the pledging State's focal point"),
    "the Secretariat": _("the Secretariat"),
    "the scheduled sweep": _("the scheduled sweep"),
}


def who_words(who: frozenset[Who]) -> str:
    """ "the Secretariat or the pledging State's focal point", translated."""
    return gettext(" or ").join(sorted(str(WHO_WORDS.get(w.value, w.value)) for w in who))


# ---------------------------------------------------------------------------------------------
# Errors: typed, each message shown to the user as is.


class MoveNotAllowed(DomainError):
    """The move does not start from the pledge's current state."""


class MoveNotPermitted(DomainError):
    """The actor's role may not make this move (visibility is checked before: 404)."""


class EvidenceMissing(DomainError):
    """The move is allowed but its evidence is incomplete; `missing` lists what is lacking."""

    def __init__(self, message: str, *, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


# ---------------------------------------------------------------------------------------------
# Periods in force on a date (dated ReadinessPolicy rows; settings seed the defaults).


@dataclass(frozen=True)
class Policy:
    effective_from: dt.date | None
    first_renewal_months: int
    renewal_interval_months: int
    aav_validity_months: int
    verification_validity_months: int
    reminder_days: int
    rdl_deploy_within_days: int


def default_policy() -> Policy:
    conf = readiness_settings()
    return Policy(
        effective_from=None,
        first_renewal_months=conf["FIRST_RENEWAL_MONTHS"],
        renewal_interval_months=conf["RENEWAL_INTERVAL_MONTHS"],
        aav_validity_months=conf["AAV_VALIDITY_MONTHS"],
        verification_validity_months=conf["VERIFICATION_VALIDITY_MONTHS"],
        reminder_days=conf["REMINDER_DAYS"],
        rdl_deploy_within_days=conf["RDL_DEPLOY_WITHIN_DAYS"],
    )


def policy_on(day: dt.date) -> Policy:
    """The policy in force on `day`: the latest row effective on or before it, else defaults."""
    row = ReadinessPolicy.objects.filter(effective_from__lte=day).first()
    if row is None:
        return default_policy()
    return Policy(
        effective_from=row.effective_from,
        first_renewal_months=row.first_renewal_months,
        renewal_interval_months=row.renewal_interval_months,
        aav_validity_months=row.aav_validity_months,
        verification_validity_months=row.verification_validity_months,
        reminder_days=row.reminder_days,
        rdl_deploy_within_days=row.rdl_deploy_within_days,
    )


# ---------------------------------------------------------------------------------------------
# Evidence checks: each returns what is missing (empty list = satisfied).


@dataclass
class MoveContext:
    pledge: Pledge
    record: ReadinessRecord
    today: dt.date
    note: str = ""
    policy: Policy = field(default_factory=default_policy)


EvidenceCheck = Callable[[MoveContext], list[str]]


def annexes_complete(ctx: MoveContext) -> list[str]:
    """Annexes B, C and D of a unit pledge; the ranks offered for individual officers."""
    pledge = ctx.pledge
    missing: list[str] = []
    if pledge.kind == PledgeKind.INDIVIDUAL:
        if not pledge.ranks:
            missing.append(gettext("the ranks offered are not listed"))
        return missing
    lines = list(pledge.organization.all())
    if not lines:
        missing.append(gettext("Annex B (Table of Organization) has no rank bands"))
    else:
        total = sum(line.men + line.women for line in lines)
        women = sum(line.women for line in lines)
        if total != pledge.personnel:
            missing.append(
                gettext(
                    "Annex B (Table of Organization) adds up to %(total)s, "
                    "not the %(personnel)s personnel pledged"
                )
                % {"total": total, "personnel": pledge.personnel}
            )
        if women != pledge.women:
            missing.append(
                gettext(
                    "Annex B (Table of Organization) counts %(women)s women, "
                    "not the %(pledged)s pledged"
                )
                % {"women": women, "pledged": pledge.women}
            )
    if not pledge.equipment.exists():
        missing.append(gettext("Annex C (major equipment) lists no items"))
    if not pledge.self_sustainment:
        missing.append(gettext("Annex D (self-sustainment) lists no capabilities"))
    return missing


def guidance_given(ctx: MoveContext) -> list[str]:
    if not ctx.note.strip():
        return [gettext("guidance for the State: what training or equipment is missing")]
    return []


# Level 2 evidence per capability category: units have their AAV (an FPU's includes the
# Assessment of Operational Capability, see AOC_CATEGORIES); individual police officers pass an
# Assessment for Mission Service by a UN selection team; individual military officers (staff
# officers, military observers) and justice and corrections personnel are nominated and vetted
# on documents. No equipment or movement-control domains apply to people.
LEVEL_2_EVIDENCE: dict[str, str] = {
    CapabilityCategory.MILITARY_UNIT: VisitPurpose.AAV,
    CapabilityCategory.POLICE_UNIT: VisitPurpose.AAV,
    CapabilityCategory.INDIVIDUAL_POLICE: VisitPurpose.AMS,
    CapabilityCategory.INDIVIDUAL_MILITARY: VisitPurpose.NOMINATION,
    CapabilityCategory.INDIVIDUAL_CIVILIAN: VisitPurpose.NOMINATION,
}
AOC_CATEGORIES = frozenset({CapabilityCategory.POLICE_UNIT})


def level_2_purpose(pledge: Pledge) -> str:
    return LEVEL_2_EVIDENCE.get(pledge.capability_type.category, VisitPurpose.AAV)


def _valid_visit(ctx: MoveContext, purpose: str) -> Visit | None:
    """The latest successful, unexpired visit of `purpose` that still matches the pledge."""
    for visit in ctx.pledge.visits.filter(
        purpose=purpose, successful=True, valid_until__gte=ctx.today
    ).order_by("-valid_until"):
        if not facts_mismatch(visit.verified, ctx.pledge):
            return visit
    return None


def _visit_missing(ctx: MoveContext, purpose: str, name: str) -> list[str]:
    if _valid_visit(ctx, purpose) is not None:
        return []
    visits = ctx.pledge.visits.filter(purpose=purpose)
    current = visits.filter(successful=True, valid_until__gte=ctx.today).first()
    if current is not None:
        where = "; ".join(facts_mismatch(current.verified, ctx.pledge))
        return [
            gettext(
                "a successful %(name)s that matches the pledge: the one of "
                "%(date)s no longer does (%(where)s)"
            )
            % {"name": name, "date": f"{current.end_date:%Y-%m-%d}", "where": where}
        ]
    last_good = visits.filter(successful=True).order_by("-valid_until").first()
    if last_good is not None and last_good.valid_until is not None:
        return [
            gettext("a successful %(name)s: the last one expired on %(date)s")
            % {"name": name, "date": f"{last_good.valid_until:%Y-%m-%d}"}
        ]
    last = visits.order_by("-end_date").first()
    if last is not None:
        return [
            gettext("a successful %(name)s: the last one (%(date)s) was not successful")
            % {"name": name, "date": f"{last.end_date:%Y-%m-%d}"}
        ]
    return [gettext("a successful %(name)s: none recorded") % {"name": name}]


def aav_valid(ctx: MoveContext) -> list[str]:
    """The Level 2 evidence of the pledge's category (AAV, AMS, or nomination and vetting)."""
    purpose = level_2_purpose(ctx.pledge)
    return _visit_missing(ctx, purpose, str(VisitPurpose(purpose).label))


def verification_valid(ctx: MoveContext) -> list[str]:
    return _visit_missing(
        ctx, VisitPurpose.RDL_VERIFICATION, str(VisitPurpose.RDL_VERIFICATION.label)
    )


def sur_aligned(ctx: MoveContext) -> list[str]:
    alignment = current_sur_alignment(ctx.pledge)
    if alignment is None:
        return [
            gettext("an agreed alignment with a Statement of Unit Requirements for %(type)s")
            % {"type": ctx.pledge.capability_type.name}
        ]
    mismatch = facts_mismatch(alignment.verified, ctx.pledge)
    if mismatch:
        return [
            gettext(
                "a SUR alignment that matches the pledge: the one of %(date)s "
                "no longer does (%(where)s)"
            )
            % {"date": f"{alignment.agreed_on:%Y-%m-%d}", "where": "; ".join(mismatch)}
        ]
    return []


def rdl_agreement_signed(ctx: MoveContext) -> list[str]:
    limit = ctx.policy.rdl_deploy_within_days
    agreement = current_rdl_agreement(ctx.pledge)
    if agreement is None:
        return [
            gettext("an RDL agreement (commitment to deploy within %(limit)s days of a request)")
            % {"limit": limit}
        ]
    if agreement.deploy_within_days > limit:
        return [
            gettext(
                "an RDL agreement to deploy within %(limit)s days (the one recorded says %(days)s)"
            )
            % {"limit": limit, "days": agreement.deploy_within_days}
        ]
    mismatch = facts_mismatch(agreement.verified, ctx.pledge)
    if mismatch:
        return [
            gettext(
                "an RDL agreement that matches the pledge: the one of "
                "%(date)s no longer does (%(where)s)"
            )
            % {"date": f"{agreement.signed_on:%Y-%m-%d}", "where": "; ".join(mismatch)}
        ]
    return []


def renewal_overdue(ctx: MoveContext) -> list[str]:
    due = ctx.record.renewal_due
    if due is None or ctx.today <= due:
        if due:
            return [gettext("an overdue renewal (due %(date)s)") % {"date": f"{due:%Y-%m-%d}"}]
        return [gettext("a renewal due date")]
    return []


def aav_expired(ctx: MoveContext) -> list[str]:
    return [] if aav_valid(ctx) else [gettext("an expired AAV (the AAV is still valid)")]


def verification_expired(ctx: MoveContext) -> list[str]:
    if verification_valid(ctx):
        return []
    return [gettext("an expired RDL verification (it is still valid)")]


def current_sur_alignment(pledge: Pledge) -> SurAlignment | None:
    return (
        pledge.sur_alignments.filter(sur__capability_type_id=pledge.capability_type_id)
        .select_related("sur")
        .first()
    )


def current_rdl_agreement(pledge: Pledge) -> RdlAgreement | None:
    return pledge.rdl_agreements.first()


# ---------------------------------------------------------------------------------------------
# The table.

LEVELS = frozenset(LEVEL_STATES)
# A move whose target is computed from the evidence: the highest level it still supports.
ASSESSED = "assessed"
LIVE = frozenset(
    {
        LadderState.DRAFT,
        LadderState.SUBMITTED,
        LadderState.ACKNOWLEDGED,
        LadderState.RETURNED,
        LadderState.LAPSED,
        *LEVELS,
    }
)


@dataclass(frozen=True)
class Move:
    label: str | Promise  # the button, and the subject of error messages
    sources: frozenset[str]
    target: str
    who: frozenset[Who]
    requires: tuple[EvidenceCheck, ...] = ()
    # The pledge's registry status after the move ("" = unchanged). The level follows from the
    # target state (LEVEL_STATES), except for moves that keep it (deploy).
    status: str = ""
    keeps_level: bool = False
    # Which notification goes out (pcrs.readiness.notify.EVENTS).
    notify: str = ""
    note_label: str | Promise = _("Note")  # noqa: RUF009 (a lazy text, never mutated)
    # "A pledge that is Draft cannot be <verb>": the refusal message.
    verb: str | Promise = ""


_S, _F, _SYS = Who.SECRETARIAT, Who.STATE, Who.SYSTEM
L = LadderState

MOVES: dict[str, Move] = {
    "submit": Move(
        _("Submit to the Secretariat"),
        frozenset({L.DRAFT}),
        L.SUBMITTED,
        frozenset({_F, _S}),
        (annexes_complete,),
        status=PledgeStatus.SUBMITTED,
        notify="submitted",
        verb=_("submitted"),
    ),
    "acknowledge": Move(
        _("Acknowledge receipt"),
        frozenset({L.SUBMITTED}),
        L.ACKNOWLEDGED,
        frozenset({_S}),
        notify="acknowledged",
        verb=_("acknowledged"),
    ),
    "return": Move(
        _("Return with guidance"),
        frozenset({L.ACKNOWLEDGED}),
        L.RETURNED,
        frozenset({_S}),
        (guidance_given,),
        notify="returned",
        note_label=_("Guidance: what training or equipment is missing"),
        verb=_("returned"),
    ),
    "resubmit": Move(
        _("Resubmit"),
        frozenset({L.RETURNED}),
        L.SUBMITTED,
        frozenset({_F, _S}),
        (annexes_complete,),
        notify="submitted",
        verb=_("resubmitted"),
    ),
    "accept": Move(
        _("Accept at Level 1"),
        frozenset({L.ACKNOWLEDGED}),
        L.LEVEL_1,
        frozenset({_S}),
        (annexes_complete,),
        status=PledgeStatus.ACTIVE,
        notify="accepted",
        verb=_("accepted at Level 1"),
    ),
    "grant_level_2": Move(
        _("Grant Level 2"),
        frozenset({L.LEVEL_1}),
        L.LEVEL_2,
        frozenset({_S}),
        (aav_valid,),
        notify="level_changed",
        verb=_("granted Level 2"),
    ),
    "grant_level_3": Move(
        _("Grant Level 3"),
        frozenset({L.LEVEL_2}),
        L.LEVEL_3,
        frozenset({_S}),
        (aav_valid, sur_aligned),
        notify="level_changed",
        verb=_("granted Level 3"),
    ),
    "grant_rdl": Move(
        _("Grant the Rapid Deployment Level"),
        frozenset({L.LEVEL_3}),
        L.RDL,
        frozenset({_S}),
        (aav_valid, sur_aligned, rdl_agreement_signed, verification_valid),
        notify="level_changed",
        verb=_("granted the Rapid Deployment Level"),
    ),
    "lapse": Move(
        _("Lapse (renewal overdue)"),
        LEVELS,
        L.LAPSED,
        frozenset({_SYS}),
        (renewal_overdue,),
        notify="lapsed",
        verb=_("lapsed"),
        status=PledgeStatus.LAPSED,
    ),
    "reinstate": Move(
        _("Renew and reinstate at Level 1"),
        frozenset({L.LAPSED}),
        L.LEVEL_1,
        frozenset({_F, _S}),
        (annexes_complete,),
        notify="renewed",
        verb=_("reinstated"),
        status=PledgeStatus.ACTIVE,
    ),
    "aav_expired": Move(
        _("Drop to Level 1 (AAV expired)"),
        frozenset({L.LEVEL_2, L.LEVEL_3, L.RDL}),
        L.LEVEL_1,
        frozenset({_SYS}),
        (aav_expired,),
        notify="level_changed",
        verb=_("dropped for an expired AAV"),
    ),
    "verification_expired": Move(
        _("Drop to Level 3 (RDL verification expired)"),
        frozenset({L.RDL}),
        L.LEVEL_3,
        frozenset({_SYS}),
        (verification_expired,),
        notify="level_changed",
        verb=_("dropped for an expired RDL verification"),
    ),
    "reassess": Move(
        _("Re-assess the level against the evidence"),
        frozenset({L.LEVEL_2, L.LEVEL_3, L.RDL}),
        ASSESSED,
        frozenset({_S, _SYS}),
        notify="level_changed",
        note_label=_("Reason"),
        verb=_("re-assessed"),
    ),
    "deploy": Move(
        _("Deploy (force generation selected the unit)"),
        frozenset({L.LEVEL_2, L.LEVEL_3, L.RDL}),
        L.DEPLOYED,
        frozenset({_S}),
        status=PledgeStatus.DEPLOYED,
        keeps_level=True,
        notify="deployed",
        verb=_("deployed"),
    ),
    "repatriate": Move(
        _("Repatriated: back on the ladder"),
        frozenset({L.DEPLOYED}),
        ASSESSED,
        frozenset({_S}),
        status=PledgeStatus.ACTIVE,
        notify="level_changed",
        verb=_("repatriated"),
    ),
    "withdraw": Move(
        _("Withdraw the pledge"),
        LIVE,
        L.WITHDRAWN,
        frozenset({_F, _S}),
        status=PledgeStatus.WITHDRAWN,
        notify="withdrawn",
        note_label=_("Reason"),
        verb=_("withdrawn"),
    ),
}

# The next move up from each state: what the pages offer as "next step".
NEXT_UP: dict[str, str] = {
    L.DRAFT: "submit",
    L.SUBMITTED: "acknowledge",
    L.ACKNOWLEDGED: "accept",
    L.RETURNED: "resubmit",
    L.LEVEL_1: "grant_level_2",
    L.LEVEL_2: "grant_level_3",
    L.LEVEL_3: "grant_rdl",
    L.LAPSED: "reinstate",
}


def state_label(state: str) -> str:
    return str(LadderState(state).label)


def move_label(move: str) -> str:
    """A timeline's words for a move code ("grant_level_3" -> "Grant Level 3")."""
    spec = MOVES.get(move)
    return str(spec.label) if spec else move.replace("_", " ").capitalize()


def check_move(move_name: str, *, who: Who, ctx: MoveContext) -> Move:
    """Raise the typed error that explains why `who` cannot make this move now; else the Move."""
    move = MOVES.get(move_name)
    if move is None:
        raise MoveNotAllowed(f"Unknown readiness move {move_name!r}.", field="move")
    if who not in move.who:
        allowed = who_words(move.who)
        raise MoveNotPermitted(
            gettext("%(move)s: only %(allowed)s can do this.")
            % {"move": move.label, "allowed": allowed}
        )
    state = ctx.record.state
    if state not in move.sources:
        sources = ", ".join(state_label(s) for s in sorted(move.sources, key=str))
        raise MoveNotAllowed(
            gettext(
                "A pledge that is %(state)s cannot be %(verb)s; "
                "only a pledge that is %(sources)s can."
            )
            % {"state": state_label(state), "verb": move.verb, "sources": sources},
            field="move",
        )
    missing = missing_evidence(move, ctx)
    if missing:
        raise EvidenceMissing(
            gettext("%(move)s needs: %(missing)s.")
            % {"move": move.label, "missing": "; ".join(missing)},
            missing=missing,
        )
    return move


def missing_evidence(move: Move, ctx: MoveContext) -> list[str]:
    return [item for check in move.requires for item in check(ctx)]


# The grant move that leads to each level: its evidence is what holding the level requires.
GRANTS: tuple[tuple[str, str], ...] = (
    (L.RDL, "grant_rdl"),
    (L.LEVEL_3, "grant_level_3"),
    (L.LEVEL_2, "grant_level_2"),
)


def assessed_state(ctx: MoveContext) -> tuple[str, list[str]]:
    """The highest level whose evidence still holds, and what fails for the levels above it."""
    reasons: list[str] = []
    for state, grant in GRANTS:
        missing = missing_evidence(MOVES[grant], ctx)
        if not missing:
            return state, reasons
        if STATE_RANK[state] <= STATE_RANK.get(ctx.record.state, 0):
            reasons.append(
                gettext("%(level)s needs %(missing)s")
                % {"level": state_label(state), "missing": "; ".join(missing)}
            )
    return L.LEVEL_1, reasons


# ---------------------------------------------------------------------------------------------
# Helpers both the services and the selectors need (they live below both).


def who_is(actor: User | None, pledge: Pledge) -> Who:
    """The actor's standing on this pledge; 404 for anyone who may not see it."""
    if actor is None:
        return Who.SYSTEM
    if not actor.is_active:
        raise NotVisible()
    if actor.has_right(Right.READINESS_MANAGE):
        return Who.SECRETARIAT
    if actor.has_right(Right.PLEDGE_EDIT_OWN) and actor.member_state_id == pledge.member_state_id:
        return Who.STATE
    if (
        actor.has_right(Right.PLEDGE_EDIT_OWN)
        and actor.member_state_id is not None
        and pledge.partners.filter(member_state_id=actor.member_state_id).exists()
    ):
        return Who.PARTNER
    raise NotVisible()


def initial_state(pledge: Pledge) -> str:
    """The ladder state of a pledge that has no record yet (made before the ladder saw it)."""
    if pledge.status == PledgeStatus.DRAFT:
        return LadderState.DRAFT
    if pledge.status == PledgeStatus.SUBMITTED:
        return LadderState.SUBMITTED
    if pledge.status == PledgeStatus.WITHDRAWN:
        return LadderState.WITHDRAWN
    if pledge.status == PledgeStatus.DEPLOYED:
        return LadderState.DEPLOYED
    if pledge.status == PledgeStatus.LAPSED:
        return LadderState.LAPSED
    by_level = {level: state for state, level in LEVEL_STATES.items()}
    return by_level.get(pledge.readiness_level, LadderState.LEVEL_1)


def applicable_domains(pledge: Pledge) -> list[str]:
    """The AAV checklist domains of the pledge's unit type; none for individual officers, whose
    Level 2 evidence (an AMS, or nomination and vetting) is about people, not equipment."""
    if level_2_purpose(pledge) != VisitPurpose.AAV:
        return []
    domains = [d for d in pledge.capability_type.aav_domains if d in AavDomain.values]
    domains = domains or [AavDomain.GENERAL.value]
    if pledge.capability_type.category in AOC_CATEGORIES and AavDomain.AOC not in domains:
        domains.append(AavDomain.AOC.value)
    return domains
