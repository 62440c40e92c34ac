"""The suppression and its audit on hand-made, adversarial and random tables."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pcrs.statistics import disclosure as d

# Two regions, three sub-regions; two capability types; a level grouping.
LAYOUT = d.Layout(
    groupings={
        "region": ("Africa", "Europe"),
        "subregion": ("East", "West", "North"),
        "level": ("1", "2"),
    },
    capability_types=("inf", "eng"),
    parents={"subregion": ("region", {"East": "Africa", "West": "Africa", "North": "Europe"})},
    margins={"all": ("inf", "eng")},
)
SUB = {"East": "Africa", "West": "Africa", "North": "Europe"}


def rec(state: str, ct: str, sub: str, level: str, personnel: int, women: int = 0) -> d.Record:
    groups = {"region": SUB[sub], "subregion": sub, "level": level}
    return d.Record(state, ct, groups, 1, personnel, women)


# Canada alone in Europe x infantry; enough States elsewhere to publish the rest.
SINGLE_STATE = [
    rec("CAN", "inf", "North", "1", 877, 59),
    rec("BGD", "inf", "East", "1", 850, 60),
    rec("RWA", "inf", "East", "2", 800, 50),
    rec("ETH", "inf", "East", "2", 820, 40),
    rec("NGA", "inf", "West", "1", 790, 30),
    rec("GHA", "inf", "West", "2", 810, 45),
    rec("SEN", "inf", "West", "1", 780, 35),
]


def primary_only(records: list[d.Record]) -> d.Publication:
    """The old rule: hide the sensitive and empty cells, nothing more."""
    cells = d.tabulate(records, LAYOUT)
    params = d.Params()
    sensitive = {k for k, c in cells.items() if d.is_sensitive(c, params)}
    empty = {k for k, c in cells.items() if not c.states}
    return d.Publication(cells, sensitive | empty, sensitive, LAYOUT, params, records)


def test_the_audit_finds_a_single_state_cell_recoverable_by_subtraction():
    naive = primary_only(SINGLE_STATE)
    assert ("region", "Europe", "inf") in naive.suppressed
    failures = d.audit(naive, viewers=[None])
    exact = {(f.key, f.measure) for f in failures if f.low == f.high == f.value}
    # Europe = all infantry (the level row) minus Africa (published): Canada's 877 personnel.
    assert (("region", "Europe", "inf"), "personnel") in exact
    assert any(f.value == 877 for f in failures)


def test_secondary_suppression_leaves_nothing_within_the_protection_interval():
    protected = d.protect(SINGLE_STATE, LAYOUT)
    assert ("region", "Europe", "inf") in protected.suppressed
    assert d.audit(protected) == []
    # ...and it had to hide more than the sensitive cells to get there.
    assert (
        protected.suppressed
        - protected.sensitive
        - {k for k, c in protected.cells.items() if not c.states}
    )


TWO_STATES = [
    rec("CAN", "eng", "North", "1", 200, 10),
    rec("FRA", "eng", "North", "1", 180, 20),
    *SINGLE_STATE,
    rec("DEU", "inf", "North", "2", 700, 60),
    rec("ITA", "inf", "North", "2", 650, 50),
]


def test_a_focal_point_in_a_two_state_cell_cannot_subtract_its_way_to_the_other():
    naive = primary_only(TWO_STATES)
    failures = d.audit(naive, viewers=["CAN"])
    # Canada knows its own 200: whatever pins the engineer cell pins France's 180.
    assert any(f.key[2] == "eng" and f.viewer == "CAN" for f in failures)
    protected = d.protect(TWO_STATES, LAYOUT)
    assert d.audit(protected, viewers=[None, "CAN", "FRA"]) == []


def test_p_percent_rule_flags_a_cell_where_the_second_state_learns_the_first():
    cells = d.tabulate(
        [
            rec("A", "inf", "East", "1", 900),
            rec("B", "inf", "East", "1", 850),
            rec("C", "inf", "East", "1", 10),
        ],
        LAYOUT,
    )
    cell = cells[("subregion", "East", "inf")]
    assert cell.states == 3
    assert d.is_sensitive(cell, d.Params())
    # Switch the p% rule off and the same cell would be published.
    assert not d.is_sensitive(cell, d.Params(p_percent=0, dominance_share=1))


def test_dominance_rule_flags_a_cell_one_state_holds():
    cells = d.tabulate(
        [
            rec("A", "inf", "East", "1", 5000),
            rec("B", "inf", "East", "1", 300),
            rec("C", "inf", "East", "1", 300),
        ],
        LAYOUT,
    )
    assert d.is_sensitive(cells[("subregion", "East", "inf")], d.Params(p_percent=0))


def test_a_suppressed_cell_looks_the_same_whether_empty_or_not():
    protected = d.protect(SINGLE_STATE, LAYOUT)
    empty = ("level", "2", "eng")
    occupied = ("region", "Europe", "inf")
    assert protected.cells[empty].states == 0 and protected.cells[occupied].states == 1
    assert protected.published(empty) == protected.published(occupied)
    assert set(protected.published(empty).values()) == {None}


def test_a_new_pledge_between_two_releases_cannot_be_read_off_their_difference():
    first = d.protect(SINGLE_STATE, LAYOUT)
    later = [*SINGLE_STATE, rec("KEN", "inf", "East", "2", 640, 70)]
    # Without the difference audit, East x infantry (published both times) moves by 640.
    careless = d.protect(later, LAYOUT)
    assert d.audit_difference(first, careless, viewers=[None])
    second = d.protect(later, LAYOUT, previous=first)
    assert d.audit_difference(first, second) == []
    assert d.audit(second) == []


# Each State sits in one sub-region, as in the M49 scheme (State counts add up along it).
HOME = {"A": "East", "B": "East", "C": "West", "D": "West", "E": "North", "F": "North", "G": "West"}


@st.composite
def tables(draw: st.DrawFn) -> list[d.Record]:
    n = draw(st.integers(min_value=0, max_value=14))
    out = []
    for _ in range(n):
        state = draw(st.sampled_from(tuple(HOME)))
        out.append(
            rec(
                state,
                draw(st.sampled_from(LAYOUT.capability_types)),
                HOME[state],
                draw(st.sampled_from(("1", "2"))),
                draw(st.integers(min_value=1, max_value=900)),
                draw(st.integers(min_value=0, max_value=60)),
            )
        )
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_every_random_table_passes_the_audit_for_every_viewer(records):
    protected = d.protect(records, LAYOUT)
    assert d.audit(protected) == []
    assert protected.sensitive <= protected.suppressed
    for key, cell in protected.cells.items():
        if not cell.states:
            assert key in protected.suppressed


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), tables())
def test_every_random_pair_of_releases_passes_the_difference_audit(before, added):
    first = d.protect(before, LAYOUT)
    second = d.protect([*before, *added], LAYOUT, previous=first)
    assert d.audit_difference(first, second) == []
    assert d.audit(second) == []
