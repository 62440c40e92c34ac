"""Matching offers to a need, ranked, each with its reasons in words.

Score (higher first): the kind of support must agree (no score otherwise); then fit (the item
or course asked for, the quantity covered), timing (open when needed), language (a course in a
language the unit speaks), region (same M49 region, or the recipient belongs to the offering
regional organization), the partners' history (partnerships completed together), and a
capacity-building offer to an emerging contributor (profile.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from pcrs.memberstates.models import MemberState
from pcrs.partnerships.models import (
    CAPACITY_BUILDING,
    Offer,
    Partnership,
    PartnershipStatus,
)
from pcrs.partnerships.needs import Need
from pcrs.partnerships.profile import contributor_profile


@dataclass(frozen=True)
class Match:
    offer: Offer
    score: int
    reasons: tuple[str, ...]
    cautions: tuple[str, ...]


def _history(offer: Offer, recipient_id: int) -> int:
    done = Partnership.objects.filter(
        recipient_state_id=recipient_id, status=PartnershipStatus.COMPLETED
    )
    if offer.provider_state_id:
        return done.filter(provider_state_id=offer.provider_state_id).count()
    return done.filter(provider_organization_id=offer.provider_organization_id).count()


def score_offer(
    offer: Offer, need: Need, *, recipient: MemberState, today: dt.date, emerging: bool
) -> Match | None:
    """One offer against one need; None when it cannot serve it at all."""
    if offer.support_type != need.support_type:
        return None
    if offer.recipient_state_id and offer.recipient_state_id != need.member_state_id:
        return None
    if offer.provider_state_id == need.member_state_id:
        return None
    score = 10
    reasons: list[str] = [f"offers {offer.get_support_type_display().lower()}"]
    cautions: list[str] = []
    if need.item:
        items = {
            str(i.get("item", "")).strip().lower(): int(i.get("quantity", 0) or 0)
            for i in offer.items
        }
        wanted = need.item.strip().lower()
        offered = items.get(wanted)
        if offered is None and offer.course and wanted in offer.course.lower():
            offered = offer.capacity or 1
        if offered is not None:
            score += 5
            reasons.append(f"fit: offers {need.item}")
            if need.quantity and offered >= need.quantity:
                score += 2
                reasons.append(f"covers the {need.quantity} needed ({offered} offered)")
            elif need.quantity:
                cautions.append(f"covers {offered} of the {need.quantity} needed")
        else:
            cautions.append(f"does not list {need.item}")
    when = need.needed_by or today
    if offer.available_from <= when and (
        offer.available_until is None or offer.available_until >= today
    ):
        score += 2
        reasons.append(
            "timing: available now" if when == today else f"timing: available by {when:%Y-%m-%d}"
        )
    elif offer.available_until is not None and offer.available_until < today:
        return None
    else:
        cautions.append(f"available only from {offer.available_from:%Y-%m-%d}")
    if offer.language:
        spoken = set(recipient.official_languages or []) | set(recipient.working_languages or [])
        if need.pledge is not None:
            spoken |= set(need.pledge.languages or [])
        if offer.language in spoken:
            score += 2
            reasons.append(f"language: in {offer.language}, which the unit speaks")
        else:
            cautions.append(f"language: given in {offer.language} only")
    if offer.provider_state_id and offer.provider_state.region == recipient.region:  # type: ignore[union-attr]
        score += 1
        reasons.append(f"region: both in {recipient.region}")
    elif (
        offer.provider_organization_id
        and recipient.organizations.filter(pk=offer.provider_organization_id).exists()
    ):
        score += 2
        reasons.append(f"region: {recipient.iso3} is a member of {offer.provider_label}")
    history = _history(offer, need.member_state_id)
    if history:
        score += min(history, 2)
        reasons.append(f"history: {history} partnership(s) completed together")
    if emerging and offer.support_type in CAPACITY_BUILDING:
        score += 3
        reasons.append(f"capacity-building for an emerging contributor ({recipient.iso3})")
    return Match(offer=offer, score=score, reasons=tuple(reasons), cautions=tuple(cautions))


def rank_offers(need: Need, offers: Iterable[Offer], *, today: dt.date) -> list[Match]:
    """The offers that can serve `need`, best first (ties: the earlier available)."""
    recipient = MemberState.objects.get(pk=need.member_state_id)
    emerging = contributor_profile(member_state_id=recipient.pk, today=today).emerging
    matches = [
        m
        for m in (
            score_offer(o, need, recipient=recipient, today=today, emerging=emerging)
            for o in offers
        )
        if m is not None
    ]
    return sorted(matches, key=lambda m: (-m.score, m.offer.available_from, m.offer.title))
