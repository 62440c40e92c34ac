"""The demo's pledging States: the recent contributors of the data, not of today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pcrs.demo.pledges import contributor_profiles, recent_contributors_window
from pcrs.missions.models import (
    Contribution,
    ContributionImport,
    Mission,
    MissionKind,
    PersonnelType,
)

pytestmark = pytest.mark.django_db


def test_recent_contributors_are_those_of_the_36_months_before_the_latest_data(
    make_state: Callable[[str], Any],
) -> None:
    """Relative to the data (2014-03), never to today: a State last seen in April 2011 is a
    recent contributor, one last seen in March 2011 (37 months before) is not."""
    mission = Mission.objects.create(acronym="UNMISS", name="UNMISS", kind=MissionKind.PEACEKEEPING)
    batch = ContributionImport.objects.create(file_name="t.csv", sha256="0" * 64)
    for iso3, month in (
        ("BGD", dt.date(2014, 3, 31)),
        ("NPL", dt.date(2011, 4, 30)),
        ("RWA", dt.date(2011, 3, 31)),
    ):
        Contribution.objects.create(
            month=month,
            member_state=make_state(iso3),
            mission=mission,
            personnel_type=PersonnelType.TROOPS,
            male=10,
            female=0,
            total=10,
            batch=batch,
        )
    assert recent_contributors_window() == (dt.date(2011, 4, 30), dt.date(2014, 3, 31))
    assert {p.state.iso3 for p in contributor_profiles()} == {"BGD", "NPL"}
