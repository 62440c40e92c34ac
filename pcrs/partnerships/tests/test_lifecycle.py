"""The partnership life cycle: proposed -> agreed (both accept) -> delivering -> completed, the
pledge's level moving only through the readiness ladder; refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from pcrs.core.errors import DomainError
from pcrs.core.models import AuditEvent
from pcrs.partnerships import lifecycle, services
from pcrs.partnerships.models import Partnership, PartnershipStatus
from pcrs.partnerships.selectors import access_need
from pcrs.partnerships.tests.conftest import record_aav
from pcrs.readiness.ladder import EvidenceMissing
from pcrs.readiness.models import LevelChange
from pcrs.readiness.services import readiness_move

pytestmark = pytest.mark.django_db


def equipment_need(pledge, user):
    return access_need(user=user, key=f"{pledge.pk}:equipment:apc (wheeled)")


def propose(secretariat, offer, need, today):
    return services.partnership_propose(
        actor=secretariat,
        offer=offer,
        need=need,
        start_on=today,
        end_on=today + dt.timedelta(days=60),
        recipient_brings="Drivers and mechanics",
    )


def state(partnership):
    partnership.refresh_from_db()
    return partnership.status


def test_full_life_cycle_takes_the_pledge_to_level_2_through_the_ladder(
    blocked, make_offer, secretariat, fp_bgd, fp_fra, today
):
    p = propose(secretariat, make_offer("FRA"), equipment_need(blocked, secretariat), today)
    assert p.status == PartnershipStatus.PROPOSED
    services.partnership_accept(actor=fp_bgd, partnership=p, party="recipient")
    assert state(p) == PartnershipStatus.PROPOSED  # one party is not enough
    services.partnership_accept(actor=fp_fra, partnership=p, party="provider")
    assert state(p) == PartnershipStatus.AGREED
    assert p.level_at_agreement == "1"
    services.partnership_move(actor=fp_fra, partnership=p, move="start_delivery")
    assert state(p) == PartnershipStatus.DELIVERING
    # The APCs arrive; a new AAV passes; completing asks the ladder for Level 2.
    blocked.equipment.update(quantity=30)
    record_aav(blocked, secretariat, coe="pass")
    services.partnership_move(
        actor=secretariat, partnership=p, move="complete", ladder_move="grant_level_2"
    )
    p.refresh_from_db()
    blocked.refresh_from_db()
    assert p.status == PartnershipStatus.COMPLETED
    assert p.outcome == "Level 1 -> Level 2 after equipment delivered"
    assert blocked.readiness_level == "2"
    assert LevelChange.objects.filter(pledge=blocked, move="grant_level_2").exists()
    actions = set(AuditEvent.objects.filter(target_id=str(p.pk)).values_list("action", flat=True))
    assert {
        "partnerships.partnership.propose",
        "partnerships.partnership.accept",
        "partnerships.partnership.agree",
        "partnerships.partnership.start_delivery",
        "partnerships.partnership.complete",
    } <= actions


def test_completion_refused_by_the_ladder_changes_nothing(
    blocked, make_offer, secretariat, fp_bgd, fp_fra, today
):
    p = propose(secretariat, make_offer("FRA"), equipment_need(blocked, secretariat), today)
    services.partnership_accept(actor=fp_bgd, partnership=p, party="recipient")
    services.partnership_accept(actor=fp_fra, partnership=p, party="provider")
    services.partnership_move(actor=secretariat, partnership=p, move="start_delivery")
    audits = AuditEvent.objects.count()
    with pytest.raises(EvidenceMissing):
        services.partnership_move(
            actor=secretariat, partnership=p, move="complete", ladder_move="grant_level_2"
        )
    blocked.refresh_from_db()
    assert state(p) == PartnershipStatus.DELIVERING
    assert blocked.readiness_level == "1"
    assert AuditEvent.objects.count() == audits


def test_a_state_cannot_accept_on_the_others_behalf(
    blocked, make_offer, secretariat, fp_bgd, today
):
    p = propose(secretariat, make_offer("FRA"), equipment_need(blocked, secretariat), today)
    audits = AuditEvent.objects.count()
    with pytest.raises(services.NotPermitted, match="on behalf of the provider"):
        services.partnership_accept(actor=fp_bgd, partnership=p, party="provider")
    p.refresh_from_db()
    assert p.provider_accepted_on is None and p.status == PartnershipStatus.PROPOSED
    assert AuditEvent.objects.count() == audits


def test_a_third_state_cannot_see_or_accept(blocked, make_offer, secretariat, fp_kaz, today):
    p = propose(secretariat, make_offer("FRA"), equipment_need(blocked, secretariat), today)
    with pytest.raises(Http404):
        services.partnership_accept(actor=fp_kaz, partnership=p, party="recipient")


def test_no_proposal_for_a_pledge_the_state_withdrew(
    blocked, make_offer, secretariat, fp_bgd, today
):
    need = equipment_need(blocked, secretariat)
    offer = make_offer("FRA")
    readiness_move(actor=fp_bgd, pledge=blocked, move="withdraw", note="Unit disbanded")
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as err:
        propose(secretariat, offer, need, today)
    assert "withdrawn" in str(err.value.message_dict["need"])
    assert Partnership.objects.count() == 0
    assert AuditEvent.objects.count() == audits


def test_only_the_secretariat_proposes(blocked, make_offer, fp_bgd, secretariat, today):
    need = equipment_need(blocked, secretariat)
    with pytest.raises(services.NotPermitted):
        propose(fp_bgd, make_offer("FRA"), need, today)
    assert Partnership.objects.count() == 0


def test_illegal_moves_are_refused_by_the_table(blocked, make_offer, secretariat, fp_bgd, today):
    p = propose(secretariat, make_offer("FRA"), equipment_need(blocked, secretariat), today)
    with pytest.raises(lifecycle.TransitionNotAllowed, match="proposed partnership cannot"):
        services.partnership_move(actor=secretariat, partnership=p, move="complete")
    with pytest.raises(lifecycle.TransitionNotPermitted):
        services.partnership_move(actor=secretariat, partnership=p, move="agree")
    with pytest.raises(lifecycle.TransitionNotPermitted):
        services.partnership_move(actor=fp_bgd, partnership=p, move="start_delivery")
    with pytest.raises(DomainError, match="Say why"):
        services.partnership_move(actor=fp_bgd, partnership=p, move="cancel")
    assert state(p) == PartnershipStatus.PROPOSED
    services.partnership_move(actor=fp_bgd, partnership=p, move="cancel", note="Found a donor")
    assert state(p) == PartnershipStatus.CANCELLED


def test_secretariat_accepts_for_a_regional_organization(
    blocked, make_offer, secretariat, fp_bgd, au, today
):
    offer = make_offer("", provider_organization=au, title="AU APC pool")
    p = propose(secretariat, offer, equipment_need(blocked, secretariat), today)
    services.partnership_accept(actor=secretariat, partnership=p, party="provider")
    services.partnership_accept(actor=fp_bgd, partnership=p, party="recipient")
    assert state(p) == PartnershipStatus.AGREED
    assert p.provider_label == "AU"
    # ...but not for a State.
    other = propose(secretariat, make_offer("FRA"), equipment_need(blocked, secretariat), today)
    with pytest.raises(services.NotPermitted):
        services.partnership_accept(actor=secretariat, partnership=other, party="recipient")
