"""The Light Coordination Mechanism's rule: same support, same State, different providers,
overlapping periods: flagged."""

from __future__ import annotations

import datetime as dt

import pytest

from pcrs.partnerships.deconfliction import state_overlaps
from pcrs.partnerships.models import Partnership, PartnershipStatus

pytestmark = pytest.mark.django_db
D = dt.date(2027, 1, 1)


@pytest.fixture
def support(make_offer, make_state):
    bgd = make_state("BGD")

    def make(provider, start, days, *, support_type="training", status="agreed"):
        offer = make_offer(
            provider, kind="training", support_type=support_type, course="C", capacity=10, items=[]
        )
        return Partnership.objects.create(
            offer=offer,
            provider_state=make_state(provider),
            recipient_state=bgd,
            support_type=support_type,
            need_summary=f"{provider} course",
            provider_brings="x",
            start_on=start,
            end_on=start + dt.timedelta(days=days),
            status=status,
        )

    return bgd, make


def test_two_providers_same_support_overlapping_are_flagged(support):
    bgd, make = support
    make("FRA", D, 30)
    make("KAZ", D + dt.timedelta(days=20), 30)
    (overlap,) = state_overlaps(recipient_id=bgd.pk)
    assert "FRA and KAZ both give training support from 2027-01-21 to 2027-01-31" in overlap.message


@pytest.mark.parametrize(
    ("second", "why"),
    [
        (("KAZ", D + dt.timedelta(days=31), 30, "training", "agreed"), "after the first ends"),
        (("FRA", D, 30, "training", "agreed"), "same provider"),
        (("KAZ", D, 30, "mentoring", "agreed"), "other support type"),
        (("KAZ", D, 30, "training", PartnershipStatus.CANCELLED), "cancelled"),
    ],
)
def test_no_flag_when(support, second, why):
    bgd, make = support
    make("FRA", D, 30)
    provider, start, days, support_type, status = second
    make(provider, start, days, support_type=support_type, status=status)
    assert state_overlaps(recipient_id=bgd.pk) == [], why


def test_an_open_offer_made_to_the_state_counts(support, make_offer, make_state):
    bgd, make = support
    make("FRA", D, 30)
    make_offer(
        "KAZ",
        kind="training",
        support_type="training",
        course="C",
        capacity=5,
        items=[],
        recipient_state=bgd,
        available_from=D,
    )
    assert len(state_overlaps(recipient_id=bgd.pk)) == 1
