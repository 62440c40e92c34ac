"""Reads of partnerships, and who may see what. Visibility is decided here and nowhere else.

- The Secretariat sees everything.
- A focal point sees its own State's needs, offers (made by it or made to it), the
  partnerships its State is a party to (and so its partners in them), the TPP courses its State
  funds, trains at, hosts or sends trainees to, and of a course only its own trainees.
  Never another State's needs.
- Everybody else: nothing in detail, and no live pledge figure (the region page links to the
  published statistics instead, ADR 0050).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from pcrs.core.lookups import visible_one
from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.partnerships import permissions
from pcrs.partnerships.models import (
    DeclaredNeed,
    Offer,
    OfferStatus,
    Partnership,
    TppCourse,
    TppTrainees,
)
from pcrs.partnerships.needs import Need, needs_of
from pcrs.readiness.selectors import VISITS_WITH_RESULTS
from pcrs.registry.models import Pledge, PledgePartner
from pcrs.statistics.selectors import latest_publication

NOT_FOUND = "Not found."


def _live_pledges() -> QuerySet[Pledge]:
    return (
        Pledge.objects.live()
        .select_related("member_state", "capability_type")
        .prefetch_related("equipment", VISITS_WITH_RESULTS)
        # What pcrs.training records, summed once for the whole list (needs' training check).
        .annotate(recognised_trained=Coalesce(Sum("training_records__personnel"), 0))
    )


def needs_visible_to(
    user: Any, *, member_state_id: int | None = None, today: dt.date | None = None
) -> list[Need]:
    """Derived and declared needs: all for the Secretariat, own State's for a focal point."""
    own = permissions.focal_state_id(user)
    if permissions.is_secretariat(user):
        state_id = member_state_id
    elif own is not None and member_state_id in (None, own):
        state_id = own
    else:
        return []
    pledges = _live_pledges()
    declared = DeclaredNeed.objects.filter(is_open=True).select_related("member_state", "pledge")
    if state_id is not None:
        pledges = pledges.filter(member_state_id=state_id)
        declared = declared.filter(member_state_id=state_id)
    return needs_of(pledges, declared, today=today)


def access_need(*, user: Any, key: str, today: dt.date | None = None) -> Need:
    """The need with this key if the user may see it; the same 404 otherwise."""
    key = str(key)
    if key.startswith("declared:"):
        declared = visible_one(DeclaredNeed.objects.all(), key.split(":", 1)[1], NOT_FOUND)
        state_id = declared.member_state_id
    else:
        pledge = visible_one(Pledge.objects.all(), key.split(":", 1)[0], NOT_FOUND)
        state_id = pledge.member_state_id
    if not permissions.may_see_state(user, state_id):
        raise Http404(NOT_FOUND)
    for need in needs_visible_to(user, member_state_id=state_id, today=today):
        if need.key == key:
            return need
    raise Http404(NOT_FOUND)


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    base = Offer.objects.select_related(
        "provider_state", "provider_organization", "recipient_state", "enabler_capability"
    )
    if permissions.is_secretariat(user):
        return base
    own = permissions.focal_state_id(user)
    if own is None:
        return base.none()
    return base.filter(
        Q(provider_state_id=own)
        | Q(recipient_state_id=own)
        | Q(pk__in=Partnership.objects.filter(recipient_state_id=own).values("offer_id"))
    )


def access_offer(*, user: Any, offer_id: Any) -> Offer:
    return visible_one(offers_visible_to(user), offer_id, NOT_FOUND)


def open_offers() -> QuerySet[Offer]:
    """Every open offer, for matching (the Secretariat's work; never shown to a State as a list)."""
    return Offer.objects.filter(status=OfferStatus.OPEN).select_related(
        "provider_state", "provider_organization", "recipient_state"
    )


def partnerships_visible_to(user: Any) -> QuerySet[Partnership]:
    base = Partnership.objects.select_related(
        "offer", "provider_state", "provider_organization", "recipient_state", "pledge"
    )
    if permissions.is_secretariat(user):
        return base
    own = permissions.focal_state_id(user)
    if own is None:
        return base.none()
    return base.filter(Q(provider_state_id=own) | Q(recipient_state_id=own))


def access_partnership(*, user: Any, partnership_id: Any) -> Partnership:
    return visible_one(partnerships_visible_to(user), partnership_id, NOT_FOUND)


def tpp_courses_visible_to(user: Any) -> QuerySet[TppCourse]:
    base = TppCourse.objects.select_related("host_state").prefetch_related(
        "funding_states", "trainer_states"
    )
    if permissions.is_secretariat(user):
        return base
    own = permissions.focal_state_id(user)
    if own is None:
        return base.none()
    return base.filter(
        Q(funding_states=own)
        | Q(trainer_states=own)
        | Q(host_state_id=own)
        | Q(trainees__member_state_id=own)
    ).distinct()


def access_tpp_course(*, user: Any, course_id: Any) -> TppCourse:
    return visible_one(tpp_courses_visible_to(user), course_id, NOT_FOUND)


def course_trainees_for(*, user: Any, course: TppCourse) -> QuerySet[TppTrainees]:
    """All trainee rows for the Secretariat; a focal point's own State's rows only."""
    rows = course.trainees.select_related("member_state", "pledge")
    if permissions.is_secretariat(user):
        return rows
    own = permissions.focal_state_id(user)
    return rows.filter(member_state_id=own) if own is not None else rows.none()


def access_state(*, user: Any, iso3: str) -> MemberState:
    """A State whose support picture this user may see; the same 404 otherwise."""
    state = MemberState.objects.filter(iso3=str(iso3).upper()[:3]).first()
    if state is None or not permissions.may_see_state(user, state.pk):
        raise Http404(NOT_FOUND)
    return state


def joint_shares(pledge: Pledge) -> list[PledgePartner]:
    return list(pledge.partners.select_related("member_state", "regional_organization"))


def region_view(*, user: Any, organization: RegionalOrganization) -> dict[str, Any]:
    """Members' live pledges (Secretariat), or no pledge figure at all (everybody else).

    A live count per capability type, even with small groups suppressed, could be differenced
    against the published tables and over time (ADR 0050): non-Secretariat users see the
    organization, its members and a link to the published statistics with their "as of" date.
    """
    members = organization.members.order_by("name")
    if permissions.is_secretariat(user):
        member_ids = list(members.values_list("pk", flat=True))
        shared = PledgePartner.objects.filter(regional_organization=organization).values(
            "pledge_id"
        )
        pledges = _live_pledges().filter(Q(member_state_id__in=member_ids) | Q(pk__in=shared))
        return {
            "detail": True,
            "members": list(members),
            "pledges": list(pledges.order_by("member_state__name")),
        }
    if not getattr(user, "is_authenticated", False):
        raise Http404(NOT_FOUND)
    publication = latest_publication()
    return {
        "detail": False,
        "members": list(members),
        "published_as_of": publication.as_of if publication else None,
    }


def today() -> dt.date:
    return timezone.localdate()
