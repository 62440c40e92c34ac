"""Invitees derived from the real data: the 2014 Security Council (DPPA-SCMembership.csv) and
UNMISS's contributors in the UN monthly report of 2014-03-31 (full_gender_data.csv), both
imported through the product's own importers, plus the host country and the offices."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest

from pcrs.accounts.models import User
from pcrs.consultations import services
from pcrs.consultations.models import Meeting, Office
from pcrs.consultations.tests.conftest import real_path
from pcrs.missions.models import DeployedContingent, Mission
from pcrs.missions.services import contributions_import, missions_import

pytestmark = pytest.mark.django_db

MONTH = "2014-03-31"


def month_lines() -> str:
    """The header and every row of the 2014-03-31 report, as the real file has them."""
    lines = real_path("full_gender_data.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    return lines[0] + "".join(line for line in lines[1:] if line.startswith(MONTH))


def unmiss_contributors_in_file() -> set[str]:
    """Read independently of the importer: States with personnel in UNMISS that month."""
    rows = csv.DictReader(io.StringIO(month_lines()))
    return {
        row["Contributor_ISO-3"].strip("'")
        for row in rows
        if row["Mission"].strip("'") == "UNMISS"
        and row["Contributor_ISO-3"].strip("'") != "all"
        and row["Total_Total"] not in ("NA", "0", "")
    }


@pytest.fixture
def unmiss(real_council: None) -> Mission:
    path = real_path("DPPADPOSS-PKO.csv")
    assert missions_import(actor=None, data=path.read_bytes(), file_name=path.name).accepted
    result = contributions_import(actor=None, data=month_lines(), file_name="2014-03.csv")
    assert result.report.accepted, result.report.as_text()
    return Mission.objects.get(acronym="UNMISS")


@pytest.fixture
def unmiss_meeting(secretariat: User, unmiss: Mission) -> Meeting:
    return services.meeting_create(
        actor=secretariat,
        mission=unmiss,
        kind="mandate_renewal",
        date=dt.date(2014, 5, 20),
        chair="Permanent Representative of Nigeria",
    )


def invited(meeting: Meeting) -> dict[str, list[str]]:
    rows = meeting.invitees.exclude(member_state=None).values_list("member_state__iso3", "basis")
    return dict(rows)


def test_council_members_of_the_year_are_invited(unmiss_meeting: Meeting) -> None:
    council_2014 = {
        "ARG", "AUS", "CHL", "CHN", "FRA", "GBR", "JOR", "KOR", "LTU", "LUX",
        "NGA", "RUS", "RWA", "TCD", "USA",
    }  # fmt: skip
    states = invited(unmiss_meeting)
    council = {iso for iso, basis in states.items() if any("Council" in b for b in basis)}
    assert council == council_2014
    assert "Security Council member 2014 (permanent)" in states["CHN"]
    assert "Security Council member 2014 (elected)" in states["TCD"]


def test_current_contributors_are_the_states_in_the_latest_report(
    unmiss_meeting: Meeting,
) -> None:
    expected = unmiss_contributors_in_file()
    assert len(expected) > 50  # UNMISS had about sixty contributors in March 2014
    states = invited(unmiss_meeting)
    contributors = {
        iso for iso, basis in states.items() if f"contributor (UN monthly report {MONTH})" in basis
    }
    assert contributors == expected
    assert {"IND", "NPL", "RWA", "KEN", "MNG"} <= contributors
    # Belarus reported 0 personnel that month: no invitation as a contributor.
    assert "BLR" not in contributors
    # A State both on the Council and contributing is invited once, for both reasons.
    assert states["RWA"] == [
        "Security Council member 2014 (elected)",
        f"contributor (UN monthly report {MONTH})",
    ]


def test_host_and_secretariat_offices_are_invited(unmiss_meeting: Meeting) -> None:
    states = invited(unmiss_meeting)
    assert states["SSD"] == ["host country"]
    offices = set(unmiss_meeting.invitees.exclude(office="").values_list("office", flat=True))
    assert offices == {Office.DPO_OMA, Office.DPO_POLICE, Office.DOS_UCSD, Office.DPO_OPERATIONS}


def test_a_state_with_a_deployed_contingent_is_invited(
    secretariat: User,
    unmiss: Mission,
    make_contingent: Callable[..., DeployedContingent],
    make_state: Callable[[str], Any],
) -> None:
    make_contingent(unmiss, "KAZ", designation="KAZCOY")
    meeting = services.meeting_create(
        actor=secretariat, mission=unmiss, kind="crisis", date=dt.date(2014, 5, 1), chair="DPO"
    )
    assert "contributor (deployed contingent)" in invited(meeting)["KAZ"]


def test_unnamed_council_seats_are_reported_not_invited(secretariat: User, unmiss: Mission) -> None:
    meeting = services.meeting_create(
        actor=secretariat, mission=unmiss, kind="on_request", date=dt.date(2026, 3, 2), chair="x"
    )
    council = [iso for iso, basis in invited(meeting).items() if any("Council" in b for b in basis)]
    assert len(council) == 14  # 15 seats, one unnamed in the UN dataset (line 1136)
    assert any("unnamed" in note and "line 1136" in note for note in meeting.derivation_notes)
