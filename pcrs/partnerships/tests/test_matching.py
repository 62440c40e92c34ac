"""Offers ranked for a need, with reasons in words."""

from __future__ import annotations

import datetime as dt

import pytest

from pcrs.missions.models import Contribution, ContributionImport, Mission
from pcrs.partnerships.matching import rank_offers
from pcrs.partnerships.models import Partnership, PartnershipStatus
from pcrs.partnerships.selectors import access_need, open_offers

pytestmark = pytest.mark.django_db


def need_for(pledge, user):
    return access_need(user=user, key=f"{pledge.pk}:equipment:apc (wheeled)")


def test_the_offer_that_fits_ranks_first_with_its_reasons(blocked, make_offer, secretariat, today):
    vague = make_offer("KAZ", title="Assorted vehicles", items=[{"item": "Truck", "quantity": 5}])
    fitting = make_offer("FRA", title="APCs")
    matches = rank_offers(need_for(blocked, secretariat), open_offers(), today=today)
    assert [m.offer for m in matches] == [fitting, vague]
    assert "fit: offers APC (wheeled)" in matches[0].reasons
    assert "covers the 20 needed (20 offered)" in matches[0].reasons
    assert "does not list APC (wheeled)" in matches[1].cautions


def test_other_support_types_other_recipients_and_expired_offers_are_left_out(
    blocked, make_offer, secretariat, make_state, today
):
    make_offer("FRA", kind="training", support_type="training", course="Drivers", capacity=20)
    make_offer("FRA", title="For Nepal only", recipient_state=make_state("NPL"))
    make_offer(
        "FRA",
        title="Old",
        available_from=today - dt.timedelta(days=100),
        available_until=today - dt.timedelta(days=1),
    )
    assert rank_offers(need_for(blocked, secretariat), open_offers(), today=today) == []


def test_region_language_and_history_raise_the_rank(
    blocked, make_offer, secretariat, make_state, today
):
    far = make_offer("FRA", title="APCs from France")
    near = make_offer("NPL", title="APCs from Nepal", language="en")  # same region as BGD
    done = make_offer("FRA", title="Earlier APCs")
    Partnership.objects.create(
        offer=done,
        provider_state=make_state("NPL"),
        recipient_state=blocked.member_state,
        support_type="equipment",
        need_summary="x",
        provider_brings="x",
        start_on=today,
        end_on=today,
        status=PartnershipStatus.COMPLETED,
    )
    matches = rank_offers(need_for(blocked, secretariat), open_offers(), today=today)
    first = matches[0]
    assert first.offer == near
    assert "region: both in Asia" in first.reasons
    assert "language: in en, which the unit speaks" in first.reasons
    assert "history: 1 partnership(s) completed together" in first.reasons
    assert far in [m.offer for m in matches]


def test_capacity_building_ranks_up_for_an_emerging_contributor(
    level_1, make_offer, secretariat, make_state, today
):
    from pcrs.partnerships.services import need_declare

    kaz = make_state("KAZ")
    mission = Mission.objects.create(acronym="UNIFIL", name="UNIFIL")
    batch = ContributionImport.objects.create(file_name="x.csv")
    Contribution.objects.create(
        month=dt.date(today.year - 1, 1, 31),
        member_state=kaz,
        mission=mission,
        personnel_type="troops",
        male=120,
        female=10,
        total=130,
        batch=batch,
    )
    need = need_declare(
        actor=secretariat,
        member_state=kaz,
        support_type="training",
        description="Staff officer training",
    )
    offer = make_offer("FRA", kind="training", support_type="training", course="Staff", capacity=10)
    (match,) = rank_offers(
        access_need(user=secretariat, key=f"declared:{need.pk}"), open_offers(), today=today
    )
    assert match.offer == offer
    assert "capacity-building for an emerging contributor (KAZ)" in match.reasons
