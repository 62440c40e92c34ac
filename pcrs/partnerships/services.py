"""Writes of partnerships. Every write is attributed, validated and audited in its transaction.

A partnership's status moves only through `partnership_move` (the table in lifecycle.py), which
`partnership_accept` also uses for "agree". A pledge's level is never written here: completing
a partnership may ask the readiness ladder for a move (`pcrs.readiness.services.readiness_move`),
in the same transaction, so that a refused move leaves the partnership as it was.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcrs.core.audit import audit_record, diff, snapshot
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.partnerships import lifecycle, permissions
from pcrs.partnerships.lifecycle import Party
from pcrs.partnerships.models import (
    CommitmentArea,
    DeclaredNeed,
    Offer,
    OfferKind,
    OfferStatus,
    Partnership,
    PartnershipStatus,
    SupportType,
    TppCourse,
    TppProject,
    TppTrainees,
)
from pcrs.partnerships.needs import Need
from pcrs.readiness.services import readiness_move
from pcrs.registry.models import Pledge, PledgePartner, PledgeStatus, ReadinessLevel

NOT_FOUND = "Not found."
STALE = gettext_lazy(
    "The partnership changed under you: someone else acted on it after you opened it. "
    "Nothing was applied; reload the page and try again."
)
MAX_QUANTITY = 10_000
PARTNERSHIP_FIELDS = (
    "status",
    "provider_accepted_on",
    "recipient_accepted_on",
    "level_at_agreement",
    "outcome",
)


class NotPermitted(DomainError):
    """The actor's role may not make this write (403 at the edge)."""


def _errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Needs a State declares itself.


@transaction.atomic
def need_declare(
    *,
    actor: Any,
    member_state: MemberState,
    support_type: str,
    description: str,
    pledge: Pledge | None = None,
    needed_by: dt.date | None = None,
) -> DeclaredNeed:
    if not permissions.may_see_state(actor, member_state.pk):
        raise NotPermitted("You may declare needs for your own State only.", field="member_state")
    if pledge is not None and pledge.member_state_id != member_state.pk:
        raise DomainError(_("The pledge belongs to another State."), field="pledge")
    need = DeclaredNeed(
        member_state=member_state,
        pledge=pledge,
        support_type=support_type,
        description=description.strip(),
        needed_by=needed_by,
        created_by=actor,
    )
    need.full_clean()
    need.save()
    audit_record(
        actor=actor,
        action="partnerships.need.declare",
        target=need,
        changes=[{"field": "need", "old": None, "new": str(need)}],
    )
    return need


# ---------------------------------------------------------------------------------------------
# Offers.


@dataclass
class OfferInput:
    kind: str
    support_type: str
    title: str
    available_from: dt.date
    provider_state: MemberState | None = None
    provider_organization: RegionalOrganization | None = None
    recipient_state: MemberState | None = None
    description: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)
    lease: str = ""
    lease_months: int | None = None
    course: str = ""
    capacity: int | None = None
    place: str = ""
    language: str = ""
    enabler_capability: Any = None
    enabler_personnel: int | None = None
    amount_usd: Decimal | None = None
    commitment_area: str = ""
    available_until: dt.date | None = None
    announced_at: str = ""
    announced_on: dt.date | None = None
    is_synthetic: bool = False


def _offer_errors(data: OfferInput, *, today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if (data.provider_state is None) == (data.provider_organization is None):
        add(
            "provider_state",
            _("Name the offering Member State or the regional organization, not both."),
        )
    if data.kind not in OfferKind.values:
        add("kind", _("Unknown kind of offer %(kind)r.") % {"kind": data.kind})
    if data.support_type not in SupportType.values:
        add("support_type", _("Unknown support type %(type)r.") % {"type": data.support_type})
    if data.available_until is not None and data.available_until < data.available_from:
        add("available_until", _("The offer cannot end before it starts."))
    if data.announced_on is not None and data.announced_on > today:
        add(
            "announced_on",
            _("An announcement cannot be dated in the future (today is %(today)s).")
            % {"today": today},
        )
    if data.recipient_state is not None and data.recipient_state == data.provider_state:
        add("recipient_state", _("A State cannot make an offer to itself."))
    for n, line in enumerate(data.items, start=1):
        item = str(line.get("item", "")).strip() if isinstance(line, dict) else ""
        quantity = line.get("quantity") if isinstance(line, dict) else None
        if not item:
            add(f"items.{n}", f"Line {n}: name the item.")
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int)
            or not 1 <= quantity <= MAX_QUANTITY
        ):
            add(
                f"items.{n}",
                _("Line %(n)s: the quantity must be a whole number from 1 to %(max)s.")
                % {"n": n, "max": MAX_QUANTITY},
            )
    if data.lease not in ("", "wet", "dry"):
        add("lease", _("The lease is wet, dry or left blank."))
    if data.kind == OfferKind.EQUIPMENT and not data.items:
        add("items", _("An equipment offer lists at least one item and its quantity."))
    if data.kind == OfferKind.TRAINING:
        if not data.course.strip():
            add("course", _("Name the course."))
        if not data.capacity:
            add("capacity", _("Say how many trainees the course takes."))
    if data.kind == OfferKind.ENABLER and (
        not data.enabler_capability or not data.enabler_personnel
    ):
        add(
            "enabler_capability",
            _("An enabler names the sub-unit's capability type and personnel."),
        )
    if data.kind == OfferKind.FUNDING and not data.amount_usd:
        add("amount_usd", _("A funding offer states the amount in USD."))
    if data.kind == OfferKind.COMMITMENT:
        if data.commitment_area not in CommitmentArea.values:
            add("commitment_area", _("Choose training, technology or women, peace and security."))
        if not data.announced_at.strip():
            add("announced_at", _("Say where the commitment was announced."))
    return errors


@transaction.atomic
def offer_create(*, actor: Any, data: OfferInput, today: dt.date | None = None) -> Offer:
    """Record an offer; a focal point offers for its own State only."""
    today = today or timezone.localdate()
    if not permissions.is_secretariat(actor):
        own = permissions.focal_state_id(actor)
        if own is None:
            raise NotPermitted("Only a focal point or the Secretariat records offers.")
        if (
            data.provider_organization is not None
            or data.provider_state is None
            or data.provider_state.pk != own
        ):
            raise NotPermitted(
                _("You may make offers for your own State only."), field="provider_state"
            )
    _errors(_offer_errors(data, today=today))
    offer = Offer(
        provider_state=data.provider_state,
        provider_organization=data.provider_organization,
        recipient_state=data.recipient_state,
        kind=data.kind,
        support_type=data.support_type,
        title=data.title.strip(),
        description=data.description.strip(),
        items=[{"item": str(i["item"]).strip(), "quantity": i["quantity"]} for i in data.items],
        lease=data.lease,
        lease_months=data.lease_months,
        course=data.course.strip(),
        capacity=data.capacity,
        place=data.place.strip(),
        language=data.language.strip(),
        enabler_capability=data.enabler_capability,
        enabler_personnel=data.enabler_personnel,
        amount_usd=data.amount_usd,
        commitment_area=data.commitment_area,
        available_from=data.available_from,
        available_until=data.available_until,
        announced_at=data.announced_at.strip(),
        announced_on=data.announced_on,
        is_synthetic=data.is_synthetic,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    offer.full_clean()
    offer.save()
    audit_record(
        actor=actor,
        action="partnerships.offer.create",
        target=offer,
        changes=[{"field": "offer", "old": None, "new": str(offer)}],
    )
    return offer


# ---------------------------------------------------------------------------------------------
# Partnerships.


@transaction.atomic
def partnership_propose(
    *,
    actor: Any,
    offer: Offer,
    need: Need,
    start_on: dt.date,
    end_on: dt.date,
    provider_brings: str = "",
    recipient_brings: str = "",
    is_synthetic: bool = False,
) -> Partnership:
    """The Secretariat proposes: this offer for this need. Both parties then accept."""
    if not permissions.may_propose(actor):
        raise NotPermitted("Only the Secretariat proposes partnerships.")
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    errors: dict[str, list[str]] = {}
    if offer.status != OfferStatus.OPEN:
        errors["offer"] = [_("This offer has been withdrawn.")]
    if offer.support_type != need.support_type:
        errors.setdefault("offer", []).append(
            _("The offer gives %(offer)s; the need is for %(need)s.")
            % {
                "offer": offer.get_support_type_display().lower(),
                "need": str(need.support_label).lower(),
            }
        )
    if offer.recipient_state_id and offer.recipient_state_id != need.member_state_id:
        errors.setdefault("offer", []).append(_("This offer was made to another State."))
    if offer.provider_state_id == need.member_state_id:
        errors.setdefault("offer", []).append("A State cannot partner with itself.")
    if need.pledge is not None:
        pledge = Pledge.objects.get(pk=need.pledge.pk)
        if pledge.status in (PledgeStatus.WITHDRAWN, PledgeStatus.LAPSED):
            errors["need"] = [
                f"{pledge.member_state.iso3} has {pledge.get_status_display().lower()} the "
                "pledge this need is about; nothing to propose."
            ]
    if end_on < start_on:
        errors["end_on"] = ["A partnership cannot end before it starts."]
    _errors(errors)
    partnership = Partnership(
        offer=offer,
        provider_state=offer.provider_state,
        provider_organization=offer.provider_organization,
        recipient_state_id=need.member_state_id,
        pledge=need.pledge,
        support_type=need.support_type,
        need_summary=need.summary[:300],
        provider_brings=(provider_brings.strip() or offer.title)[:300],
        recipient_brings=recipient_brings.strip()[:300],
        start_on=start_on,
        end_on=end_on,
        proposed_by=actor,
        is_synthetic=is_synthetic,
    )
    partnership.full_clean()
    partnership.save()
    audit_record(
        actor=actor,
        action="partnerships.partnership.propose",
        target=partnership,
        changes=[{"field": "status", "old": None, "new": partnership.status}],
    )
    return partnership


def parties_of(actor: Any, partnership: Partnership) -> set[Party]:
    """The actor's standing on this partnership; 404 for anyone who may not see it."""
    if permissions.is_secretariat(actor):
        return {Party.SECRETARIAT}
    own = permissions.focal_state_id(actor)
    who: set[Party] = set()
    if own is not None and own == partnership.provider_state_id:
        who.add(Party.PROVIDER)
    if own is not None and own == partnership.recipient_state_id:
        who.add(Party.RECIPIENT)
    if not who:
        raise Http404(NOT_FOUND)
    return who


def _lock(partnership: Partnership) -> Partnership:
    try:
        return (
            Partnership.objects.select_for_update(of=("self",))
            .select_related("provider_state", "provider_organization", "recipient_state", "pledge")
            .get(pk=partnership.pk)
        )
    except Partnership.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def _apply(
    *,
    actor: Any,
    partnership: Partnership,
    spec: lifecycle.Transition,
    name: str,
    note: str,
    before: dict[str, Any],
) -> Partnership:
    partnership.status = spec.target
    partnership.version += 1
    partnership.full_clean()
    partnership.save()
    audit_record(
        actor=actor,
        action=f"partnerships.partnership.{name}",
        target=partnership,
        changes=diff(before, snapshot(partnership, PARTNERSHIP_FIELDS)),
        note=note,
    )
    return partnership


@transaction.atomic
def partnership_accept(
    *,
    actor: Any,
    partnership: Partnership,
    party: str,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Partnership:
    """A party accepts. A focal point accepts for its own State only; the Secretariat accepts for
    a regional organization (which has no focal point). Both accepted: the partnership is agreed.
    """
    today = today or timezone.localdate()
    partnership = _lock(partnership)
    who = parties_of(actor, partnership)
    if party not in (Party.PROVIDER, Party.RECIPIENT):
        raise DomainError(_("Accept as the provider or as the recipient."), field="party")
    acting_for = Party(party)
    for_organization = acting_for == Party.PROVIDER and partnership.provider_organization_id
    if acting_for not in who and not (for_organization and Party.SECRETARIAT in who):
        name = (
            partnership.provider_label
            if acting_for == Party.PROVIDER
            else partnership.recipient_state.iso3
        )
        raise NotPermitted(
            f"You cannot accept on behalf of the {acting_for.value} ({name}).", field="party"
        )
    if expected_version is not None and int(expected_version) != partnership.version:
        raise ConcurrentChangeError(str(STALE))
    if partnership.status != PartnershipStatus.PROPOSED:
        raise lifecycle.TransitionNotAllowed(
            _("This partnership is %(status)s; there is nothing to accept.")
            % {"status": partnership.get_status_display().lower()},
            field="party",
        )
    pledge = partnership.pledge
    withdrawn = (PledgeStatus.WITHDRAWN, PledgeStatus.LAPSED)
    if acting_for == Party.RECIPIENT and pledge is not None and pledge.status in withdrawn:
        raise DomainError(_("The pledge this partnership serves was withdrawn."), field="party")
    before = snapshot(partnership, PARTNERSHIP_FIELDS)
    if acting_for == Party.PROVIDER:
        if partnership.provider_accepted_on:
            raise DomainError(_("The provider has already accepted."), field="party")
        partnership.provider_accepted_by, partnership.provider_accepted_on = actor, today
    else:
        if partnership.recipient_accepted_on:
            raise DomainError(_("The recipient has already accepted."), field="party")
        partnership.recipient_accepted_by, partnership.recipient_accepted_on = actor, today
    if partnership.provider_accepted_on and partnership.recipient_accepted_on:
        spec = lifecycle.TRANSITIONS["agree"]
        partnership.level_at_agreement = (
            partnership.pledge.readiness_level if partnership.pledge else ""
        )
        return _apply(
            actor=actor,
            partnership=partnership,
            spec=spec,
            name="agree",
            note=f"Accepted by the {acting_for.value}; both parties agreed.",
            before=before,
        )
    partnership.version += 1
    partnership.full_clean()
    partnership.save()
    audit_record(
        actor=actor,
        action="partnerships.partnership.accept",
        target=partnership,
        changes=diff(before, snapshot(partnership, PARTNERSHIP_FIELDS)),
        note=f"Accepted by the {acting_for.value}.",
    )
    return partnership


def _level_label(level: str) -> str:
    return str(ReadinessLevel(level).label) if level else "no level"


@transaction.atomic
def partnership_move(
    *,
    actor: Any,
    partnership: Partnership,
    move: str,
    note: str = "",
    ladder_move: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Partnership:
    """Apply one move of lifecycle.TRANSITIONS, or raise the error that says why not.

    `complete` may name a readiness-ladder move for the pledge (e.g. "grant_level_2"): it is
    made through readiness_move, and its refusal (evidence missing) refuses the completion too.
    """
    today = today or timezone.localdate()
    note = note.strip()
    partnership = _lock(partnership)
    who = parties_of(actor, partnership)
    if move == "agree":
        raise lifecycle.TransitionNotPermitted(
            "A partnership is agreed when both parties accept it.", field="move"
        )
    spec = lifecycle.check(move, status=partnership.status, who=who)
    if expected_version is not None and int(expected_version) != partnership.version:
        raise ConcurrentChangeError(str(STALE))
    if spec.needs_note and not note:
        raise DomainError(_("Say why."), field="note")
    before = snapshot(partnership, PARTNERSHIP_FIELDS)
    if move == "complete":
        delivered = partnership.get_support_type_display().lower()
        if ladder_move:
            if partnership.pledge is None:
                raise DomainError(_("This partnership serves no pledge."), field="ladder_move")
            level_before = partnership.pledge.readiness_level
            outcome = readiness_move(
                actor=actor,
                pledge=partnership.pledge,
                move=ladder_move,
                today=today,
                note=note or f"After {delivered} delivered by {partnership.provider_label}.",
            )
            level_after = outcome.pledge.readiness_level
            partnership.outcome = (
                f"{_level_label(level_before)} -> {_level_label(level_after)} after "
                f"{delivered} delivered"
            )
        else:
            partnership.outcome = (note or f"{delivered.capitalize()} delivered")[:300]
    return _apply(
        actor=actor, partnership=partnership, spec=spec, name=move, note=note, before=before
    )


# ---------------------------------------------------------------------------------------------
# Joint (co-deployment) pledges.


@dataclass
class ShareInput:
    personnel: int
    women: int = 0
    member_state: MemberState | None = None
    regional_organization: RegionalOrganization | None = None
    equipment: list[dict[str, Any]] = field(default_factory=list)
    contribution: str = ""


@transaction.atomic
def joint_pledge_shares_set(
    *, actor: Any, pledge: Pledge, shares: list[ShareInput]
) -> list[PledgePartner]:
    """Make `pledge` a joint pledge: its partners and their shares, which add up to the unit.

    The Secretariat, or the lead State's focal point. An empty list makes it a single-State
    pledge again.
    """
    own = permissions.focal_state_id(actor)
    if not (permissions.is_secretariat(actor) or own == pledge.member_state_id):
        raise Http404(_("No pledge matches the given query."))
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    before = [str(p) for p in pledge.partners.all()]
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if shares:
        seen: set[str] = set()
        for n, share in enumerate(shares, start=1):
            if (share.member_state is None) == (share.regional_organization is None):
                add(
                    f"partners.{n}", f"Partner {n}: name a Member State or a regional organization."
                )
                continue
            org = share.regional_organization
            key = (
                share.member_state.iso3 if share.member_state else f"org:{org.code if org else ''}"
            )
            if key in seen:
                add(f"partners.{n}", f"Partner {n}: {key} is listed twice.")
            seen.add(key)
            if share.women > share.personnel:
                add(
                    f"partners.{n}",
                    _("Partner %(n)s: women (%(women)s) exceed its personnel (%(personnel)s).")
                    % {"n": n, "women": share.women, "personnel": share.personnel},
                )
        states = [s for s in shares if s.member_state is not None]
        if len(shares) < 2 or not states:
            add(
                "partners",
                _("A joint pledge has at least two partners, at least one a Member State."),
            )
        if pledge.member_state.iso3 not in seen:
            add(
                "partners",
                _("The lead State (%(iso3)s) must have a share.")
                % {"iso3": pledge.member_state.iso3},
            )
        total = sum(s.personnel for s in shares)
        if total != pledge.personnel:
            add(
                "partners",
                _("The partners' personnel add up to %(total)s; the unit has %(personnel)s.")
                % {"total": total, "personnel": pledge.personnel},
            )
        women = sum(s.women for s in shares)
        if women != pledge.women:
            add(
                "partners",
                _("The partners' women add up to %(women)s; the unit has %(unit)s.")
                % {"women": women, "unit": pledge.women},
            )
        unit: Counter[str] = Counter()
        for annex_line in pledge.equipment.all():
            unit[annex_line.item.strip().lower()] += annex_line.quantity
        given: Counter[str] = Counter()
        for share in shares:
            for line in share.equipment:
                qty = line.get("quantity")
                if isinstance(qty, bool) or not isinstance(qty, int) or qty < 1:
                    add(
                        "partners",
                        f"Equipment {line.get('item')!r}: the quantity must be a whole "
                        "number above 0.",
                    )
                    continue
                given[str(line.get("item", "")).strip().lower()] += qty
        if given and given != unit:
            add(
                "partners",
                _("The partners' equipment must add up to the unit's Annex C: ")
                + "; ".join(
                    f"{item}: {given.get(item, 0)} of {unit.get(item, 0)}"
                    for item in sorted(set(unit) | set(given))
                    if given.get(item, 0) != unit.get(item, 0)
                ),
            )
    _errors(errors)
    pledge.partners.all().delete()
    rows = [
        PledgePartner(
            pledge=pledge,
            member_state=s.member_state,
            regional_organization=s.regional_organization,
            personnel=s.personnel,
            women=s.women,
            equipment=s.equipment,
            contribution=s.contribution.strip()[:200],
        )
        for s in shares
    ]
    for row in rows:
        row.full_clean()
    PledgePartner.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="partnerships.joint_pledge.shares",
        target=pledge,
        changes=[{"field": "partners", "old": before, "new": [str(r) for r in rows]}],
    )
    return rows


# ---------------------------------------------------------------------------------------------
# Triangular Partnership Programme.


@dataclass
class TraineesInput:
    member_state: MemberState
    men: int = 0
    women: int = 0
    pledge: Pledge | None = None


@dataclass
class CourseInput:
    project: str
    title: str
    start_on: dt.date
    end_on: dt.date
    place: str
    host_state: MemberState | None = None
    language: str = ""
    funding_states: list[MemberState] = field(default_factory=list)
    trainer_states: list[MemberState] = field(default_factory=list)
    trainees: list[TraineesInput] = field(default_factory=list)
    is_synthetic: bool = False


@transaction.atomic
def tpp_course_create(*, actor: Any, data: CourseInput) -> TppCourse:
    if not permissions.is_secretariat(actor):
        raise NotPermitted("The Secretariat runs the Triangular Partnership Programme.")
    errors: dict[str, list[str]] = {}
    if data.project not in TppProject.values:
        errors["project"] = [
            _("Choose engineering, medical, C4ISR and camp security or telemedicine.")
        ]
    if data.end_on < data.start_on:
        errors["end_on"] = ["A course cannot end before it starts."]
    for n, row in enumerate(data.trainees, start=1):
        if row.men < 0 or row.women < 0 or row.men + row.women == 0:
            errors.setdefault(f"trainees.{n}", []).append(f"Row {n}: give the trainees by gender.")
        if (
            row.pledge is not None
            and row.pledge.member_state_id != row.member_state.pk
            and not row.pledge.partners.filter(member_state=row.member_state).exists()
        ):
            errors.setdefault(f"trainees.{n}", []).append(
                _("Row %(n)s: that pledge is not %(iso3)s's.")
                % {"n": n, "iso3": row.member_state.iso3}
            )
    _errors(errors)
    course = TppCourse(
        project=data.project,
        title=data.title.strip(),
        start_on=data.start_on,
        end_on=data.end_on,
        place=data.place.strip(),
        host_state=data.host_state,
        language=data.language,
        is_synthetic=data.is_synthetic,
    )
    course.full_clean()
    course.save()
    course.funding_states.set(data.funding_states)
    course.trainer_states.set(data.trainer_states)
    rows = [
        TppTrainees(
            course=course, member_state=r.member_state, men=r.men, women=r.women, pledge=r.pledge
        )
        for r in data.trainees
    ]
    for trainee in rows:
        trainee.full_clean()
    TppTrainees.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="partnerships.tpp_course.create",
        target=course,
        changes=[
            {"field": "course", "old": None, "new": str(course)},
            *(
                {
                    "field": f"trainees.{r.member_state.iso3}",
                    "old": None,
                    "new": f"{r.men} men, {r.women} women",
                }
                for r in rows
            ),
        ],
    )
    return course
