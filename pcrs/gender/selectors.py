"""Gender parity compliance, computed on every read from the real monthly contributions.

DPO's monthly report colours each contributing country per category: green when its women's
share meets the year's target, yellow when it is at least 0.1%, red when there are no women
(or fewer than 0.1%). Nothing here is stored: the figures come from
`pcrs.missions.Contribution` rows and the dated `GenderTarget` rows (ADR 0100).

Who sees what: a State's own figures, its focal point and the Secretariat; a mission's
contributors, the Secretariat and that mission's planners (a focal point sees its own row);
everybody else counts of States per colour, suppressed below 3 States (ADR 0030).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from pcrs.memberstates.models import MemberState
from pcrs.missions import permissions as mission_permissions
from pcrs.missions.gaps import GENDER_OF_CAPABILITY
from pcrs.missions.models import (
    Contribution,
    GenderCategory,
    GenderTarget,
    Mission,
    PersonnelType,
)
from pcrs.registry.models import Pledge

GREEN, YELLOW, RED, NO_TARGET = "green", "yellow", "red", "no_target"
STATUS_LABELS = {
    GREEN: _("Meets target"),
    YELLOW: _("Below target (at least 0.1% women)"),
    RED: _("No women (under 0.1%)"),
    NO_TARGET: _("No target"),
}
YELLOW_FLOOR = Decimal("0.1")  # percent
SMALL_CELL = 3  # fewer States than this in a colour count is suppressed (ADR 0030)

# The UN reports' personnel types against the strategy's categories. Staff officers are counted
# with troops in the monthly reports of 2009-2014; experts on mission are the military observers.
CATEGORY_OF_PERSONNEL: dict[str, str] = {
    PersonnelType.TROOPS: GenderCategory.CONTINGENTS,
    PersonnelType.EXPERTS: GenderCategory.OBSERVERS_STAFF,
    PersonnelType.FPU: GenderCategory.FPU,
    PersonnelType.IPO: GenderCategory.IPO,
}
CATEGORIES = list(CATEGORY_OF_PERSONNEL.values())
CATEGORY_LABELS = dict(GenderCategory.choices)


@dataclass(frozen=True)
class TargetUsed:
    percent: Decimal
    year: int
    source: str
    # True when the month precedes the table and is measured against its first year.
    before_strategy: bool = False


class Targets:
    """The dated targets, looked up per category and year. A year after the table takes its
    last row; a year before it is measured against its first row, and says so."""

    def __init__(self, rows: Iterable[GenderTarget]) -> None:
        self._rows: dict[str, list[GenderTarget]] = defaultdict(list)
        for row in rows:
            self._rows[row.category].append(row)
        for rows_ in self._rows.values():
            rows_.sort(key=lambda r: r.year)

    @classmethod
    def load(cls) -> Targets:
        return cls(GenderTarget.objects.all())

    def for_year(self, category: str, year: int) -> TargetUsed | None:
        rows = self._rows.get(category)
        if not rows:
            return None
        earlier = [r for r in rows if r.year <= year]
        if earlier:
            row = earlier[-1]
            return TargetUsed(row.target_percent, row.year, row.source)
        row = rows[0]
        return TargetUsed(row.target_percent, row.year, row.source, before_strategy=True)


def share_percent(women: int, total: int) -> Decimal:
    if total <= 0:
        return Decimal("0.00")
    return (Decimal(women * 100) / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def compliance_status(*, women: int, total: int, target_percent: Decimal | None) -> str:
    """DPO's colour for one contributor in one category."""
    if target_percent is None:
        return NO_TARGET
    share = Decimal(women * 100) / Decimal(total) if total else Decimal(0)
    if women > 0 and share >= target_percent:
        return GREEN
    if share >= YELLOW_FLOOR:
        return YELLOW
    return RED


@dataclass(frozen=True)
class Cell:
    """One contributor (or a total) in one category in one month."""

    month: dt.date
    category: str
    women: int
    total: int
    target: TargetUsed | None
    status: str

    @property
    def share(self) -> Decimal:
        return share_percent(self.women, self.total)

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS[self.category])

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def _cell(month: dt.date, category: str, women: int, total: int, targets: Targets) -> Cell:
    target = targets.for_year(category, month.year)
    return Cell(
        month=month,
        category=category,
        women=women,
        total=total,
        target=target,
        status=compliance_status(
            women=women, total=total, target_percent=target.percent if target else None
        ),
    )


def _grouped(rows: Iterable[Any], key: str, targets: Targets) -> dict[Any, list[Cell]]:
    """Sum personnel types into categories per (key, month); one cell per category present."""
    sums: dict[tuple[Any, dt.date, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        category = CATEGORY_OF_PERSONNEL.get(row["personnel_type"])
        if category is None:
            continue
        acc = sums[(row[key] if key else None, row["month"], category)]
        acc[0] += row["female"]
        acc[1] += row["total"]
    out: dict[Any, list[Cell]] = defaultdict(list)
    for (group, month, category), (women, total) in sorted(
        sums.items(), key=lambda kv: (str(kv[0][0]), kv[0][1], CATEGORIES.index(kv[0][2]))
    ):
        if total:
            out[group].append(_cell(month, category, women, total, targets))
    return out


def contribution_months() -> list[dt.date]:
    return list(Contribution.objects.order_by("-month").values_list("month", flat=True).distinct())


def state_compliance(*, member_state: MemberState, targets: Targets | None = None) -> list[Cell]:
    """A State's compliance per month and category, over every mission it served."""
    rows = (
        Contribution.objects.filter(member_state=member_state)
        .values("month", "personnel_type")
        .annotate(female=Sum("female"), total=Sum("total"))
    )
    return _grouped(rows, "", targets or Targets.load()).get(None, [])


def trend_data(cells: list[Cell]) -> dict[str, Any]:
    """Chart.js input: women's share and target per category and month (json_script)."""
    months = sorted({c.month for c in cells})
    index = {m: i for i, m in enumerate(months)}
    series: dict[str, dict[str, list[float | None]]] = {}
    for c in cells:
        s = series.setdefault(
            c.category, {"share": [None] * len(months), "target": [None] * len(months)}
        )
        s["share"][index[c.month]] = float(c.share)
        s["target"][index[c.month]] = float(c.target.percent) if c.target else None
    return {
        "months": [m.isoformat() for m in months],
        "labels": {k: CATEGORY_LABELS[k] for k in series},
        "series": series,
    }


@dataclass
class MonthTable:
    """Every contributor's colour per category in one month, as the monthly report has it."""

    month: dt.date | None
    rows: list[tuple[MemberState, dict[str, Cell]]] = field(default_factory=list)
    # category -> colour -> number of States (None when suppressed)
    counts: dict[str, dict[str, int | None]] = field(default_factory=dict)
    sees_states: bool = False

    def count_rows(self) -> list[tuple[str, list[int | None]]]:
        return [
            (str(CATEGORY_LABELS[c]), [self.counts[c][k] for k in (GREEN, YELLOW, RED)])
            for c in CATEGORIES
            if c in self.counts
        ]

    def state_rows(self) -> list[tuple[MemberState, list[Cell | None]]]:
        return [(state, [cells.get(c) for c in CATEGORIES]) for state, cells in self.rows]


def _month_rows(qs: Any, month: dt.date, targets: Targets) -> list[tuple[MemberState, dict]]:
    rows = (
        qs.filter(month=month)
        .values("member_state", "month", "personnel_type")
        .annotate(female=Sum("female"), total=Sum("total"))
    )
    grouped = _grouped(rows, "member_state", targets)
    states = MemberState.objects.in_bulk(list(grouped))
    table = [(states[pk], {c.category: c for c in cells}) for pk, cells in grouped.items()]
    table.sort(key=lambda row: row[0].name)
    return table


def _counts(table: list[tuple[MemberState, dict[str, Cell]]], *, suppress: bool) -> dict:
    counts: dict[str, dict[str, int | None]] = {}
    for category in CATEGORIES:
        tally = {GREEN: 0, YELLOW: 0, RED: 0}
        for _state, cells in table:
            cell = cells.get(category)
            if cell is not None and cell.status in tally:
                tally[cell.status] += 1
        counts[category] = {
            k: (None if suppress and 0 < v < SMALL_CELL else v) for k, v in tally.items()
        }
    return counts


def month_table(*, user: Any, month: dt.date | None, mission: Mission | None = None) -> MonthTable:
    """The colour table of one month (all missions, or one), narrowed to what `user` may see."""
    if month is None:
        return MonthTable(month=None)
    targets = Targets.load()
    qs = Contribution.objects.all()
    if mission is not None:
        qs = qs.filter(mission=mission)
    table = _month_rows(qs, month, targets)
    sees_all = mission_permissions.sees_all_states(user) or bool(
        mission is not None
        and getattr(user, "is_mission_planner", False)
        and user.mission_id == mission.pk
    )
    result = MonthTable(month=month, counts=_counts(table, suppress=not sees_all))
    if sees_all:
        result.rows, result.sees_states = table, True
    elif getattr(user, "is_focal_point", False) and user.member_state_id:
        result.rows = [row for row in table if row[0].pk == user.member_state_id]
    return result


def mission_compliance(*, mission: Mission, targets: Targets | None = None) -> list[Cell]:
    """The mission's totals per month and category (public UN totals; no State is named)."""
    rows = (
        Contribution.objects.filter(mission=mission)
        .values("month", "personnel_type")
        .annotate(female=Sum("female"), total=Sum("total"))
    )
    return _grouped(rows, "", targets or Targets.load()).get(None, [])


# --- The gap a pledge leaves against the year's target -----------------------------------------


@dataclass(frozen=True)
class PledgeGenderGap:
    category: str
    year: int
    target: TargetUsed
    personnel: int
    women: int
    women_needed: int  # more women the pledge would need to meet the target (0 if it meets it)
    status: str

    @property
    def share(self) -> Decimal:
        return share_percent(self.women, self.personnel)

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS[self.category])


def pledge_gender_gap(*, pledge: Pledge, on: dt.date | None = None) -> PledgeGenderGap | None:
    """The pledge against the target of the year it was pledged (submitted, else created), or
    of `on` when given. None when its category has no target. The caller has already checked
    that the user may see the pledge (pcrs.registry.selectors.access_pledge)."""
    category = GENDER_OF_CAPABILITY.get(pledge.capability_type.category)
    if category is None:
        return None
    when = on or (pledge.submitted_at or pledge.created_at).date()
    target = Targets.load().for_year(category, when.year)
    if target is None:
        return None
    needed = math.ceil(target.percent * pledge.personnel / Decimal(100)) - pledge.women
    return PledgeGenderGap(
        category=category,
        year=when.year,
        target=target,
        personnel=pledge.personnel,
        women=pledge.women,
        women_needed=max(needed, 0),
        status=compliance_status(
            women=pledge.women, total=pledge.personnel, target_percent=target.percent
        ),
    )
