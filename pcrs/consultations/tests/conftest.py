"""Consultations fixtures: a mission with contributors, a recorded meeting, users by role, and
the real UN files (Security Council membership, missions, one month of contributions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pcrs.accounts.models import Role, User
from pcrs.consultations import services
from pcrs.consultations.models import ActionItem, Meeting
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import DeployedContingent, Mission, MissionKind
from pcrs.missions.tests import conftest as missions_fixtures
from pcrs.missions.tests.conftest import real_path

# The missions fixtures this app's tests reuse.
capability = missions_fixtures.capability
make_contingent = missions_fixtures.make_contingent
__all__ = ["capability", "make_contingent", "real_path"]

COUNCIL_FILE = "DPPA-SCMembership.csv"
MEETING_DAY = dt.date(2026, 6, 10)
ROTATION = MEETING_DAY + dt.timedelta(days=60)


@pytest.fixture
def minusca(db: Any) -> Mission:
    return Mission.objects.create(
        acronym="MINUSCA",
        name="MINUSCA",
        is_active=True,
        kind=MissionKind.PEACEKEEPING,
        host_name="Central African Republic",
        lead_department="DPO",
    )


@pytest.fixture
def closed_mission(db: Any) -> Mission:
    return Mission.objects.create(acronym="MINURCAT", name="MINURCAT", is_active=False)


@pytest.fixture
def contingents(
    minusca: Mission, make_contingent: Callable[..., DeployedContingent]
) -> list[DeployedContingent]:
    return [
        # Both rotate within the gap report's 180 days, with no replacement identified.
        make_contingent(minusca, "BGD", designation="BANBAT-7", next_rotation_on=ROTATION),
        make_contingent(minusca, "NPL", designation="NEPBAT-2", next_rotation_on=ROTATION),
    ]


@pytest.fixture
def planner(make_user: Callable[..., User], minusca: Mission) -> User:
    return make_user("planner-minusca", Role.MISSION_PLANNER, mission=minusca)


@pytest.fixture
def meeting(secretariat: User, minusca: Mission, contingents: list[Any]) -> Meeting:
    return services.meeting_create(
        actor=secretariat,
        mission=minusca,
        kind="mandate_renewal",
        date=MEETING_DAY,
        chair="President of the Security Council",
        agenda="1. Mandate renewal\n2. Aviation gaps",
    )


@pytest.fixture
def bgd(make_state: Callable[[str], MemberState]) -> MemberState:
    return make_state("BGD")


@pytest.fixture
def action_item(secretariat: User, meeting: Meeting, bgd: MemberState) -> ActionItem:
    return services.action_item_create(
        actor=secretariat,
        meeting=meeting,
        title="Confirm the rotation date of BANBAT-7",
        due_on=MEETING_DAY + dt.timedelta(days=30),
        owner_state=bgd,
    )


@pytest.fixture
def real_states(db: Any) -> None:
    from pcrs.memberstates.services import member_states_load

    member_states_load()


@pytest.fixture
def real_council(real_states: None) -> None:
    path = real_path(COUNCIL_FILE)
    report = services.council_membership_import(
        actor=None, data=path.read_bytes(), file_name=path.name
    )
    assert report.accepted, report.as_text()
