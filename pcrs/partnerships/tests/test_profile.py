"""The contributor profile from the real monthly contributions; "emerging" by settings."""

from __future__ import annotations

import datetime as dt

import pytest

from pcrs.missions.models import Contribution, ContributionImport, Mission
from pcrs.partnerships.profile import contributor_profile

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def contribute(make_state):
    mission = Mission.objects.create(acronym="UNMISS", name="UNMISS")
    batch = ContributionImport.objects.create(file_name="x.csv")

    def add(iso3, month, total):
        Contribution.objects.create(
            month=month,
            member_state=make_state(iso3),
            mission=mission,
            personnel_type="troops",
            male=total,
            female=0,
            total=total,
            batch=batch,
        )

    return add


def test_long_standing_large_contributor_is_not_emerging(contribute, make_state):
    contribute("BGD", dt.date(2005, 1, 31), 5000)
    contribute("BGD", dt.date(2025, 6, 30), 6000)
    contribute("BGD", dt.date(2026, 6, 30), 6100)
    p = contributor_profile(member_state_id=make_state("BGD").pk, today=TODAY)
    assert (p.first_year, p.peak, p.trend, p.emerging) == (2005, 6100, "stable", False)


def test_growing_from_a_small_base_is_emerging(contribute, make_state):
    contribute("KAZ", dt.date(2014, 1, 31), 10)
    contribute("KAZ", dt.date(2025, 6, 30), 100)
    contribute("KAZ", dt.date(2026, 6, 30), 180)
    p = contributor_profile(member_state_id=make_state("KAZ").pk, today=TODAY)
    assert p.trend == "growing" and p.emerging
    assert "growing from a small base" in p.reasons[0]


def test_thresholds_are_settings(contribute, make_state, settings):
    contribute("KAZ", dt.date(2023, 1, 31), 100)
    contribute("BGD", dt.date(2026, 6, 30), 6000)  # the data set runs to June 2026
    assert contributor_profile(member_state_id=make_state("KAZ").pk, today=TODAY).emerging
    settings.PCRS_PARTNERSHIPS = {"EMERGING_RECENT_YEARS": 2}
    assert not contributor_profile(member_state_id=make_state("KAZ").pk, today=TODAY).emerging


def test_a_state_that_stopped_contributing_is_declining(contribute, make_state):
    contribute("NPL", dt.date(2025, 1, 31), 500)
    contribute("BGD", dt.date(2026, 6, 30), 6000)
    assert contributor_profile(member_state_id=make_state("NPL").pk, today=TODAY).trend == (
        "declining"
    )
