"""Gender parity compliance computed from the real UN file, checked by hand; who sees it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from pcrs.accounts.models import Role, User
from pcrs.gender import selectors
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import GenderTarget, Mission
from pcrs.missions.services import gender_targets_load_defaults

pytestmark = pytest.mark.django_db
JAN = dt.date(2014, 1, 31)


def unmasked(body: bytes) -> str:
    """CSRF tokens are masked afresh on every response (a defence, not information)."""
    text = re.sub(r'X-CSRFToken": "[^"]+"', "", body.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def targets(db: Any) -> None:
    gender_targets_load_defaults()


@pytest.mark.parametrize(
    ("women", "total", "target", "status"),
    [
        (0, 100, "8.0", selectors.RED),
        (1, 1100, "8.0", selectors.RED),  # 0.09%: under the 0.1% floor
        (1, 1000, "8.0", selectors.YELLOW),  # 0.1%
        (79, 1000, "8.0", selectors.YELLOW),
        (80, 1000, "8.0", selectors.GREEN),
        (5, 10, None, selectors.NO_TARGET),
    ],
)
def test_dpo_colours(women: int, total: int, target: str | None, status: str) -> None:
    percent = Decimal(target) if target else None
    assert selectors.compliance_status(women=women, total=total, target_percent=percent) == status


def test_rwanda_january_2014_by_hand_against_the_source_rows(
    january_2014: None, targets: None
) -> None:
    """Lines 34352-34358 of full_gender_data.csv (Rwanda, 2014-01-31, seven missions):
    IPO women 0+4+129+0+0+17+2 = 152 of 1+13+166+2+10+43+3 = 238;
    FPU 17+14 = 31 of 140+140 = 280; experts 0 of 10+2+3 = 15;
    troops 0+53+0+17 = 70 of 6+3255+2+979 = 4242.
    2014 precedes the strategy: measured against its 2018 rows (contingents 8.0,
    observers 18.0, FPU 15.0, IPO 30.0, all "to verify")."""
    rwanda = MemberState.objects.get(iso3="RWA")
    cells = {c.category: c for c in selectors.state_compliance(member_state=rwanda)}
    assert {k: (c.women, c.total) for k, c in cells.items()} == {
        "ipo": (152, 238),
        "fpu": (31, 280),
        "observers_staff": (0, 15),
        "contingents": (70, 4242),
    }
    assert cells["ipo"].share == Decimal("63.87")
    assert cells["ipo"].status == selectors.GREEN
    assert cells["fpu"].share == Decimal("11.07")
    assert cells["fpu"].status == selectors.YELLOW
    assert cells["observers_staff"].status == selectors.RED
    assert cells["contingents"].share == Decimal("1.65")
    assert cells["contingents"].status == selectors.YELLOW
    assert cells["contingents"].target is not None
    assert cells["contingents"].target.year == 2018
    assert cells["contingents"].target.before_strategy
    assert {c.month for c in cells.values()} == {JAN}


def test_per_mission_colours_each_contributor(
    january_2014: None, targets: None, secretariat: User
) -> None:
    # Line 34354: Rwanda in UNAMID, IPO 129 women of 166, troops 53 of 3255, experts 0 of 10.
    unamid = Mission.objects.get(acronym="UNAMID")
    table = selectors.month_table(user=secretariat, month=JAN, mission=unamid)
    rwanda = next(cells for state, cells in table.rows if state.iso3 == "RWA")
    assert (rwanda["ipo"].women, rwanda["ipo"].total, rwanda["ipo"].status) == (129, 166, "green")
    assert (rwanda["contingents"].women, rwanda["contingents"].total) == (53, 3255)
    assert rwanda["observers_staff"].status == "red"


def test_a_target_changed_by_the_secretariat_changes_the_colour(
    january_2014: None, targets: None
) -> None:
    rwanda = MemberState.objects.get(iso3="RWA")
    GenderTarget.objects.filter(category="fpu", year=2018).update(target_percent=Decimal("11.0"))
    cells = {c.category: c for c in selectors.state_compliance(member_state=rwanda)}
    assert cells["fpu"].status == selectors.GREEN  # 11.07% >= 11.0%


@pytest.fixture
def users(make_user: Callable[..., User], secretariat: User, observer: User) -> dict[str, User]:
    unamid = Mission.objects.get(acronym="UNAMID")
    return {
        "secretariat": secretariat,
        "observer": observer,
        "fp_own": make_user("fp-rwa", Role.FOCAL_POINT, "RWA"),
        "fp_other": User.objects.create_user(
            "fp-gha", role=Role.FOCAL_POINT, member_state=MemberState.objects.get(iso3="GHA")
        ),
        "planner": make_user("planner-unamid", Role.MISSION_PLANNER, mission=unamid),
    }


def test_overview_names_states_to_the_secretariat_only(
    january_2014: None, targets: None, users: dict[str, User]
) -> None:
    pages = {
        role: client_for(user).get("/gender/", {"month": "2014-01-31"}).content.decode()
        for role, user in users.items()
    }
    assert "Rwanda" in pages["secretariat"] and "Ghana" in pages["secretariat"]
    assert "Rwanda" in pages["fp_own"] and "Ghana" not in pages["fp_own"]
    for role in ("observer", "planner"):
        assert "Rwanda" not in pages[role] and "Ghana" not in pages[role]
        assert "States per colour" in pages[role]


def test_state_page_is_the_same_404_for_another_state(
    january_2014: None, targets: None, users: dict[str, User]
) -> None:
    own = client_for(users["fp_own"]).get("/gender/states/RWA/")
    assert own.status_code == 200 and "63.87%" in own.content.decode()
    other = client_for(users["fp_other"]).get("/gender/states/RWA/")
    missing = client_for(users["fp_other"]).get("/gender/states/ZZZ/")
    assert other.status_code == missing.status_code == 404
    assert unmasked(other.content) == unmasked(missing.content)
    assert client_for(users["observer"]).get("/gender/states/RWA/").status_code == 404


def test_mission_page_names_contributors_to_its_planner_not_to_observers(
    january_2014: None, targets: None, users: dict[str, User]
) -> None:
    url = "/gender/missions/UNAMID/"
    planner = client_for(users["planner"]).get(url).content.decode()
    observer = client_for(users["observer"]).get(url).content.decode()
    assert "Rwanda" in planner
    assert "Rwanda" not in observer and "gender-trend-data" in observer


def test_small_colour_counts_are_suppressed_except_for_the_secretariat(
    january_2014: None, targets: None, users: dict[str, User]
) -> None:
    # UNMIK, January 2014, experts on mission: Poland 1 woman of 2 (green), Czech Republic,
    # Norway, Romania, Turkey, Ukraine no women (red): one green State, five red.
    unmik = Mission.objects.get(acronym="UNMIK")
    full = selectors.month_table(user=users["secretariat"], month=JAN, mission=unmik)
    public = selectors.month_table(user=users["observer"], month=JAN, mission=unmik)
    assert full.counts["observers_staff"] == {"green": 1, "yellow": 0, "red": 5}
    assert public.counts["observers_staff"] == {"green": None, "yellow": 0, "red": 5}
    assert public.rows == [] and len(full.rows) > 1


def test_an_unknown_month_is_named_and_the_latest_shown(
    january_2014: None, targets: None, secretariat: User
) -> None:
    response = client_for(secretariat).get("/gender/", {"month": "2031-02-30"})
    assert response.status_code == 200
    assert "2031-02-30" in response.content.decode()
