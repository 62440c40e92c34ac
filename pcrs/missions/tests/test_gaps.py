"""Every gap figure, computed from fixtures whose numbers are checked by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from pcrs.core import disclosure
from pcrs.missions import gaps
from pcrs.missions.models import (
    Ceiling,
    CeilingCategory,
    ContingentStatus,
    DeployedContingent,
    GenderCategory,
    Mission,
    Priority,
    Requirement,
    RequirementStatus,
)
from pcrs.missions.services import gender_targets_load_defaults
from pcrs.registry.models import PledgeStatus, ReadinessLevel

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def requirement(minusca: Mission, capability: Callable[[str], Any]) -> Callable[..., Requirement]:
    def make(code: str = "utility-helicopter-unit", **fields: Any) -> Requirement:
        defaults: dict[str, Any] = {
            "mission": minusca,
            "capability_type": capability(code),
            "personnel": 100,
            "required_by": dt.date(2026, 6, 1),
            "opened_on": dt.date(2026, 1, 1),
            "priority": Priority.HIGH,
        }
        defaults.update(fields)
        return Requirement.objects.create(**defaults)

    return make


# --- (a) unfilled requirements ---------------------------------------------------------------


def test_unfilled_requirements_count_days_open_and_put_critical_first(
    requirement: Callable[..., Requirement],
) -> None:
    high = requirement(opened_on=dt.date(2025, 12, 1))  # 90 days open on 1 March
    critical = requirement(code="qrf-company", priority=Priority.CRITICAL)  # 59 days
    in_generation = requirement(status=RequirementStatus.IN_GENERATION, opened_on=TODAY)
    requirement(status=RequirementStatus.FILLED)
    requirement(status=RequirementStatus.CANCELLED)

    rows = gaps.unfilled_requirements(today=TODAY)

    assert [r.requirement for r in rows] == [critical, high, in_generation]
    assert [r.days_open for r in rows] == [59, 90, 0]
    assert rows[0].days_to_required_by == 92  # 1 March -> 1 June


def test_requirement_past_its_date_is_overdue(requirement: Callable[..., Requirement]) -> None:
    requirement(required_by=dt.date(2026, 2, 20))
    (row,) = gaps.unfilled_requirements(today=TODAY)
    assert row.days_to_required_by == -9
    assert row.overdue


def test_pledges_that_could_fill_now_are_level_2_plus_live_available_and_not_caveated(
    requirement: Callable[..., Requirement],
    make_pledge: Callable[..., Any],
    capability: Callable[[str], Any],
    minusca: Mission,
) -> None:
    heli = capability("utility-helicopter-unit")
    requirement()
    past = TODAY - dt.timedelta(days=10)
    counted = [
        make_pledge(
            capability_type=heli, readiness_level=ReadinessLevel.LEVEL_2, available_from=past
        ),
        make_pledge(
            state="NPL",
            capability_type=heli,
            readiness_level=ReadinessLevel.RDL,
            available_from=TODAY,
            status=PledgeStatus.ACTIVE,
        ),
    ]
    make_pledge(
        capability_type=heli, readiness_level=ReadinessLevel.LEVEL_1, available_from=past
    )  # level 1
    make_pledge(
        capability_type=heli,
        readiness_level=ReadinessLevel.LEVEL_2,
        available_from=TODAY + dt.timedelta(days=1),
    )  # not yet available
    make_pledge(
        capability_type=heli,
        readiness_level=ReadinessLevel.LEVEL_3,
        available_from=past,
        status=PledgeStatus.WITHDRAWN,
    )  # withdrawn
    make_pledge(readiness_level=ReadinessLevel.LEVEL_2, available_from=past)  # infantry
    caveated = make_pledge(
        capability_type=heli, readiness_level=ReadinessLevel.LEVEL_3, available_from=past
    )
    caveated.caveat_missions.add(minusca)  # will not deploy to MINUSCA

    (row,) = gaps.unfilled_requirements(today=TODAY)
    assert row.pledges_level2_now == len(counted) == 2

    (line,) = gaps.critical_capability_report(today=TODAY)
    # The system-wide count ignores mission caveats: 2 + the caveated one.
    assert line.pledges_level2_now == 3


# --- (b) rotations due -------------------------------------------------------------------------


def test_rotations_due_within_180_days_without_replacement(
    minusca: Mission, make_contingent: Callable[..., DeployedContingent], make_pledge: Any
) -> None:
    soon = make_contingent(minusca, next_rotation_on=dt.date(2026, 4, 1))  # in 31 days
    edge = make_contingent(minusca, next_rotation_on=dt.date(2026, 8, 28))  # in 180 days
    overdue = make_contingent(minusca, next_rotation_on=dt.date(2026, 2, 1))  # 28 days ago
    make_contingent(minusca, next_rotation_on=dt.date(2026, 8, 29))  # 181 days: outside
    make_contingent(minusca, next_rotation_on=dt.date(2026, 4, 1), replacement_note="BANBAT-4")
    make_contingent(
        minusca,
        next_rotation_on=dt.date(2026, 4, 1),
        replacement_pledge=make_pledge(),
    )
    make_contingent(
        minusca, next_rotation_on=dt.date(2026, 4, 1), status=ContingentStatus.REPATRIATED
    )

    rows = gaps.rotations_due(DeployedContingent.objects.all(), today=TODAY)

    assert [(r.contingent, r.days_until) for r in rows] == [
        (overdue, -28),
        (soon, 31),
        (edge, 180),
    ]
    assert rows[0].overdue and not rows[1].overdue


def test_rotation_horizon_is_a_parameter(
    minusca: Mission, make_contingent: Callable[..., DeployedContingent]
) -> None:
    make_contingent(minusca, next_rotation_on=dt.date(2026, 4, 1))  # in 31 days
    assert gaps.rotations_due(DeployedContingent.objects.all(), today=TODAY, horizon_days=30) == []
    assert (
        len(gaps.rotations_due(DeployedContingent.objects.all(), today=TODAY, horizon_days=31)) == 1
    )


# --- (c) ceilings against deployed strength ----------------------------------------------------


def test_ceiling_versus_deployed_per_category(
    minusca: Mission, make_contingent: Callable[..., DeployedContingent]
) -> None:
    Ceiling.objects.create(
        mission=minusca,
        category=CeilingCategory.TROOPS,
        authorized=11_650,
        effective_from=dt.date(2014, 4, 10),
        resolution="S/RES/2149 (2014)",
    )
    Ceiling.objects.create(
        mission=minusca,
        category=CeilingCategory.TROOPS,
        authorized=14_400,
        effective_from=dt.date(2023, 11, 15),
        resolution="S/RES/2709 (2023)",
    )
    Ceiling.objects.create(
        mission=minusca,
        category=CeilingCategory.TROOPS,
        authorized=9_000,
        effective_from=dt.date(2027, 1, 1),
        resolution="future",
    )
    Ceiling.objects.create(
        mission=minusca,
        category=CeilingCategory.POLICE,
        authorized=3_020,
        effective_from=dt.date(2023, 11, 15),
        resolution="S/RES/2709 (2023)",
    )
    make_contingent(minusca, personnel=850)
    make_contingent(minusca, state="NPL", personnel=850)
    make_contingent(minusca, code="utility-helicopter-unit", personnel=100, women=5)
    make_contingent(minusca, code="formed-police-unit", personnel=140, women=20)
    make_contingent(minusca, state="RWA", code="formed-police-unit", personnel=140, women=20)
    make_contingent(minusca, code="individual-police-officer", personnel=30, women=9)
    make_contingent(minusca, code="staff-officer", personnel=20, women=4)
    make_contingent(minusca, personnel=850, status=ContingentStatus.REPATRIATED)

    rows = {row.category: row for row in gaps.ceiling_gaps(mission=minusca, today=TODAY)}

    troops = rows[CeilingCategory.TROOPS]
    assert (troops.authorized, troops.deployed, troops.headroom) == (14_400, 1_800, 12_600)
    assert troops.percent_of_ceiling == 12.5
    assert troops.resolution == "S/RES/2709 (2023)"
    police = rows[CeilingCategory.POLICE]
    assert (police.authorized, police.deployed, police.headroom) == (3_020, 310, 2_710)
    staff = rows[CeilingCategory.STAFF_OBSERVERS]
    assert (staff.authorized, staff.deployed, staff.headroom) == (None, 20, None)
    # FPU and IPO have no ceiling of their own here but do have personnel: shown, no ceiling.
    assert rows[CeilingCategory.FPU].deployed == 280
    assert rows[CeilingCategory.IPO].deployed == 30
    assert CeilingCategory.MILITARY not in rows


# --- (d) women's share against the parity targets ----------------------------------------------


def test_default_targets_hold_the_published_figures_never_interpolated(db: Any) -> None:
    # ADR 0100: published figures (2021, 2025, 2028) with sources; other years "to verify",
    # holding the latest earlier published target.
    gender_targets_load_defaults(actor=None)
    table = gaps.TargetTable.load()
    assert table.target(GenderCategory.CONTINGENTS, 2021) == Decimal("8.0")
    assert table.target(GenderCategory.CONTINGENTS, 2019) == Decimal("8.0")  # to verify
    assert table.target(GenderCategory.CONTINGENTS, 2026) == Decimal("12.0")  # holds 2025
    assert table.target(GenderCategory.OBSERVERS_STAFF, 2028) == Decimal("25.0")
    assert table.target(GenderCategory.FPU, 2025) == Decimal("15.0")  # not 17%
    assert table.target(GenderCategory.FPU, 2026) == Decimal("15.0")
    assert table.target(GenderCategory.IPO, 2026) == Decimal("30.0")
    # After 2028 the 2028 target stands; before 2018 the first one applies.
    assert table.target(GenderCategory.CONTINGENTS, 2031) == Decimal("15.0")
    assert table.target(GenderCategory.CONTINGENTS, 2010) == Decimal("8.0")
    assert table.target(GenderCategory.JUSTICE_CORRECTIONS, 2026) is None


def test_gender_colours_per_contingent_for_the_year(
    minusca: Mission, make_contingent: Callable[..., DeployedContingent]
) -> None:
    gender_targets_load_defaults(actor=None)
    meets = make_contingent(minusca, personnel=850, women=102)  # 12.0% >= 12.0
    below = make_contingent(minusca, personnel=850, women=101)  # 11.88% < 12.0
    none = make_contingent(minusca, personnel=850, women=0)
    fpu = make_contingent(minusca, code="formed-police-unit", personnel=140, women=28)  # 20%
    ipo = make_contingent(minusca, code="individual-police-officer", personnel=30, women=6)

    rows = {
        r.contingent.pk: r
        for r in gaps.gender_statuses(DeployedContingent.objects.all(), year=2026)
    }

    assert (rows[meets.pk].status, rows[meets.pk].share_percent) == (gaps.GREEN, Decimal("12.0"))
    assert (rows[below.pk].status, rows[below.pk].share_percent) == (gaps.YELLOW, Decimal("11.9"))
    assert rows[none.pk].status == gaps.RED
    assert rows[none.pk].label == "No women"
    assert (rows[fpu.pk].status, rows[fpu.pk].target_percent) == (gaps.GREEN, Decimal("15.0"))
    assert (rows[ipo.pk].status, rows[ipo.pk].target_percent) == (gaps.YELLOW, Decimal("30.0"))
    assert gaps.gender_summary(rows.values()) == {
        gaps.GREEN: 2,
        gaps.YELLOW: 2,
        gaps.RED: 1,
        gaps.NO_TARGET: 0,
    }


def test_one_woman_in_a_large_unit_is_yellow_not_red() -> None:
    assert gaps.gender_colour(women=1, personnel=1500, target_percent=Decimal("13")) == gaps.YELLOW
    assert gaps.gender_colour(women=0, personnel=10, target_percent=Decimal("0")) == gaps.RED
    assert gaps.gender_colour(women=3, personnel=10, target_percent=None) == gaps.NO_TARGET


# --- Critical capability report ----------------------------------------------------------------


def test_critical_capability_report_groups_by_type_critical_first(
    requirement: Callable[..., Requirement], unmiss: Mission
) -> None:
    requirement(units=1, personnel=100, opened_on=dt.date(2025, 3, 1))  # heli, 365 days
    requirement(mission=unmiss, units=2, personnel=220, opened_on=dt.date(2026, 2, 1))
    requirement(code="qrf-company", priority=Priority.CRITICAL, personnel=180)  # 59 days
    requirement(code="level-2-hospital", status=RequirementStatus.FILLED)

    lines = gaps.critical_capability_report(today=TODAY)

    assert [line.capability_type.code for line in lines] == [
        "qrf-company",
        "utility-helicopter-unit",
    ]
    qrf, heli = lines
    assert (qrf.critical, qrf.units, qrf.personnel, qrf.longest_open_days) == (1, 1, 180, 59)
    assert (heli.critical, heli.units, heli.personnel, heli.longest_open_days) == (0, 3, 320, 365)
    assert heli.missions == ["MINUSCA", "UNMISS"]


def test_outside_the_secretariat_pledge_counts_are_the_published_ones_never_live(
    requirement: Callable[..., Requirement],
    capability: Callable[[str], Any],
    make_pledge: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    heli = capability("utility-helicopter-unit")
    requirement()
    past = TODAY - dt.timedelta(days=30)
    for state in ("BGD", "KAZ", "NPL", "RWA"):
        make_pledge(state, capability_type=heli, readiness_level="2", available_from=past)
    monkeypatch.setattr(disclosure, "_PUBLISHERS", [])

    (secretariat_row,) = gaps.unfilled_requirements(today=TODAY)
    assert secretariat_row.pledges_level2_now == 4
    # Nothing published: withheld, however many States stand behind the live count.
    (public_row,) = gaps.unfilled_requirements(today=TODAY, show_small_counts=False)
    (public_line,) = gaps.critical_capability_report(today=TODAY, show_small_counts=False)
    assert public_row.pledges_level2_now is None
    assert public_line.pledges_level2_now is None

    published = {heli.pk: 3}  # the release said 3; a fourth pledge came after it
    disclosure.register_published_level2_count(published.get)
    (public_row,) = gaps.unfilled_requirements(today=TODAY, show_small_counts=False)
    (public_line,) = gaps.critical_capability_report(today=TODAY, show_small_counts=False)
    assert public_row.pledges_level2_now == 3
    assert public_line.pledges_level2_now == 3
