"""The Secretariat's live table, summed by the database, equals the published tables'
tabulation of the same pledges (pcrs.statistics.disclosure.tabulate), grouping by grouping."""

from __future__ import annotations

import itertools

import pytest

from pcrs.registry.models import CapabilityCategory, CapabilityType, PledgeStatus
from pcrs.statistics import disclosure
from pcrs.statistics.tables import ALL, CRITICAL, GROUPINGS, live_layout, live_records, live_table


def _reference(group_by: str) -> tuple[list[tuple], dict[str, tuple]]:
    layout = live_layout()
    cells = disclosure.tabulate(live_records(), layout)

    def figures(key: disclosure.Key) -> tuple[int, int, int, int]:
        c = cells[key]
        return (c.values["pledges"], c.values["personnel"], c.values["women"], c.states)

    listed = [
        (k[1], k[2], figures(k)) for k in layout.all_keys() if k[0] == group_by and cells[k].states
    ]
    return listed, {name: figures((disclosure.TOTAL, name, "")) for name in (ALL, CRITICAL)}


@pytest.fixture
def varied_pledges(make_pledge, make_state):
    engineers = CapabilityType.objects.create(
        code="engineer-company",
        name="Engineer company",
        category=CapabilityCategory.MILITARY_UNIT,
        typical_size=150,
        is_critical_enabler=True,
    )
    statuses = [
        PledgeStatus.SUBMITTED,
        PledgeStatus.ACTIVE,
        PledgeStatus.DEPLOYED,
        PledgeStatus.DRAFT,  # not live: counted nowhere
        PledgeStatus.WITHDRAWN,
    ]
    levels = ["", "1", "2", "3", "rdl"]
    states = ["BGD", "KAZ", "NPL", "RWA", "FRA"]
    for i, (state, status, level) in enumerate(
        itertools.islice(itertools.product(states, statuses, levels), 0, None, 3)
    ):
        make_pledge(
            state,
            status=status,
            readiness_level=level,
            personnel=100 + i * 7,
            women=i % 13,
            **({"capability_type": engineers} if i % 2 else {}),
        )
    # A State with no region: its pledges group under "-".
    nowhere = make_state("FRA")
    nowhere.region = ""
    nowhere.save()


@pytest.mark.parametrize("group_by", sorted(GROUPINGS))
def test_the_live_table_equals_the_tabulation(varied_pledges, group_by):
    cells, totals = live_table(group_by)
    expected_cells, expected_totals = _reference(group_by)
    assert cells == expected_cells
    assert totals == expected_totals
    assert cells, "the fixture puts live pledges in this grouping"


def test_the_live_table_of_nothing_is_zeros(db):
    cells, totals = live_table("region")
    assert cells == []
    assert totals == {ALL: (0, 0, 0, 0), CRITICAL: (0, 0, 0, 0)}
