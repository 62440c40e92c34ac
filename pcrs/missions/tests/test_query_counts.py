"""No N+1 in the missions lists: as many queries for 30 rows as for 3."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pcrs.missions.models import Requirement

STATES = ("BGD", "KAZ", "NPL", "RWA", "FRA")


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.fixture
def thirty_each(make_mission: Any, make_contingent: Any, capability: Any) -> None:
    for i in range(30):
        mission = make_mission(f"M{i:02d}")
        make_contingent(mission, STATES[i % len(STATES)])
        Requirement.objects.create(
            mission=mission,
            capability_type=capability("qrf-company"),
            personnel=100 + i,
            required_by=dt.date(2027, 1, 1) + dt.timedelta(days=i),
            languages=["fr"],
            major_equipment=[{"item": "APC", "quantity": 2}],
        )


@pytest.mark.parametrize(
    "url", ["/api/v1/missions/", "/api/v1/contingents/", "/api/v1/requirements/"]
)
def test_missions_api_lists_query_count_does_not_grow_with_page_size(
    api: Any, secretariat: Any, thirty_each: None, url: str
) -> None:
    client = api(secretariat)
    _queries(client, f"{url}?page_size=3")
    small = _queries(client, f"{url}?page_size=3")
    large = _queries(client, f"{url}?page_size=30")
    assert large == small, f"{url}: {small} queries for 3 rows, {large} for 30"


def _missions_with_gaps(
    make_mission: Any, make_contingent: Any, capability: Any, first: int, last: int
) -> None:
    """Missions with a contingent, a ceiling and an unfilled requirement each. The types
    cycle over three: the published counts are read once per type (a catalogue-sized loop)."""
    codes = ("qrf-company", "infantry-battalion", "formed-police-unit")
    for i in range(first, last):
        mission = make_mission(f"G{i:02d}")
        make_contingent(mission, STATES[i % len(STATES)], next_rotation_on=dt.date(2026, 12, 1))
        mission.ceilings.create(
            category="troops",
            authorized=1000 + i,
            effective_from=dt.date(2020, 1, 1),
            resolution=f"S/RES/{2000 + i}",
        )
        Requirement.objects.create(
            mission=mission,
            capability_type=capability(codes[i % len(codes)]),
            personnel=100 + i,
            required_by=dt.date(2027, 1, 1) + dt.timedelta(days=i),
            languages=["fr"],
            major_equipment=[{"item": "APC", "quantity": 2}],
        )


@pytest.mark.parametrize("who", ["secretariat", "observer"])
def test_gaps_page_query_count_does_not_grow_with_missions(
    client: Any,
    request: Any,
    who: str,
    make_mission: Any,
    make_contingent: Any,
    capability: Any,
    settings: Any,
) -> None:
    settings.PCRS_FRAGMENT_CACHE = False  # the computation is measured, not the cached page
    client.force_login(request.getfixturevalue(who))
    _missions_with_gaps(make_mission, make_contingent, capability, 0, 3)
    _queries(client, "/missions/gaps/")  # warm caches (content types, sessions)
    few = _queries(client, "/missions/gaps/")
    _missions_with_gaps(make_mission, make_contingent, capability, 3, 30)
    many = _queries(client, "/missions/gaps/")
    assert many == few, f"{few} queries for 3 missions, {many} for 30"


def test_gaps_page_lists_the_nearest_rotations_and_links_to_all(
    client: Any, secretariat: Any, make_mission: Any, make_contingent: Any
) -> None:
    """The page stays light with hundreds of rotations due: the nearest ROTATIONS_SHOWN are
    listed, in order, with a link to every one of them."""
    from pcrs.missions.views import ROTATIONS_SHOWN

    total = ROTATIONS_SHOWN + 5
    for i in range(total):
        mission = make_mission(f"R{i:02d}")
        make_contingent(
            mission,
            STATES[i % len(STATES)],
            next_rotation_on=timezone.localdate() + dt.timedelta(days=total - i),
        )
    client.force_login(secretariat)
    # The rotations table follows the horizon form (the missions table above lists them all).
    page = client.get("/missions/gaps/").content.decode().split('name="horizon"')[1]
    positions = sorted(
        (page.index(f">R{i:02d}</a>"), f"R{i:02d}")
        for i in range(total)
        if f">R{i:02d}</a>" in page
    )
    shown = [name for _, name in positions]
    # The nearest rotations are the last missions made (fewest days away), nearest first.
    assert shown == [f"R{i:02d}" for i in reversed(range(5, total))]
    assert f"show all {total}" in page
    everything = client.get("/missions/gaps/?rotations=all").content.decode()
    everything = everything.split('name="horizon"')[1]
    assert all(f">R{i:02d}</a>" in everything for i in range(total))
    assert "show all" not in everything
