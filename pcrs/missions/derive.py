"""Derive a plausible set of deployed contingents from one month of real UN contribution data.

The UN publishes how many troops, police and experts each State has in each mission, not its
units. This splits each figure into units of typical sizes, spreads deployment dates over the
rotation period and places each unit at one of the mission's Geo-PKO locations. The result is
labelled synthetic everywhere it is shown: the figures are real, the unit breakdown and dates
are made up, deterministically (the same input always gives the same set).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from pcrs.missions.models import PersonnelType

INFANTRY_SIZE = 850
FPU_SIZE = 140
# Enablers a remainder of troops becomes, chosen by a stable hash of State and mission.
ENABLERS = (
    "engineer-company",
    "level-2-hospital",
    "utility-helicopter-unit",
    "transport-company",
    "signals-company",
    "military-police-company",
    "logistics-unit",
    "qrf-company",
    "force-protection-company",
    "level-1-hospital",
)
# Units that usually rotate every six months rather than twelve.
SIX_MONTHLY = {"utility-helicopter-unit", "level-2-hospital", "level-1-hospital", "qrf-company"}


@dataclass(frozen=True)
class PlannedUnit:
    capability_code: str
    personnel: int
    women: int
    rotation_months: int
    days_since_deployment: int
    designation: str
    location_index: int
    replacement_identified: bool


def _stable(*parts: object) -> int:
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return int(digest[:12], 16)


def _split_women(women: int, sizes: list[int]) -> list[int]:
    total = sum(sizes)
    shares = [women * size // total for size in sizes] if total else [0] * len(sizes)
    shares[0] += women - sum(shares)
    # Never more women than personnel in a unit: move any excess to the next units.
    for i in range(len(sizes)):
        excess = shares[i] - sizes[i]
        if excess > 0:
            shares[i] = sizes[i]
            if i + 1 < len(sizes):
                shares[i + 1] += excess
    return shares


def _sizes_for_troops(troops: int, key: int) -> list[tuple[str, int]]:
    units: list[tuple[str, int]] = []
    battalions, rest = divmod(troops, INFANTRY_SIZE)
    if battalions and rest < 150:
        # Fold a small remainder into the battalions (they are never exactly 850).
        units = [("infantry-battalion", INFANTRY_SIZE)] * battalions
        units[0] = ("infantry-battalion", INFANTRY_SIZE + rest)
        return units
    units = [("infantry-battalion", INFANTRY_SIZE)] * battalions
    if rest >= 100:
        if rest > 400:
            first = rest // 2
            units.append((ENABLERS[key % len(ENABLERS)], first))
            units.append((ENABLERS[(key // 7) % len(ENABLERS)], rest - first))
        else:
            units.append((ENABLERS[key % len(ENABLERS)], rest))
    elif rest >= 40:
        units.append(("military-police-company", rest))
    elif rest > 0:
        units.append(("staff-officer", rest))
    return units


def plan_units(
    *, mission: str, state: str, personnel_type: str, total: int, women: int
) -> list[PlannedUnit]:
    """The units one State's figure of one personnel type in one mission becomes."""
    if total <= 0:
        return []
    key = _stable(mission, state, personnel_type)
    if personnel_type == PersonnelType.TROOPS:
        sizes = _sizes_for_troops(total, key)
    elif personnel_type == PersonnelType.FPU:
        count = max(1, round(total / FPU_SIZE))
        base, extra = divmod(total, count)
        sizes = [("formed-police-unit", base + (1 if i < extra else 0)) for i in range(count)]
    elif personnel_type == PersonnelType.EXPERTS:
        sizes = [("military-observer", total)]
    elif personnel_type == PersonnelType.STAFF:
        sizes = [("staff-officer", total)]
    elif personnel_type == PersonnelType.JUSTICE:
        sizes = [("justice-corrections-officer", total)]
    else:
        sizes = [("individual-police-officer", total)]
    women_split = _split_women(min(women, total), [size for _, size in sizes])
    planned: list[PlannedUnit] = []
    for index, ((code, size), unit_women) in enumerate(zip(sizes, women_split, strict=True)):
        unit_key = _stable(key, index)
        months = 6 if code in SIX_MONTHLY else 12
        planned.append(
            PlannedUnit(
                capability_code=code,
                personnel=size,
                women=unit_women,
                rotation_months=months,
                days_since_deployment=unit_key % (months * 30),
                designation=f"{state}-{code.split('-')[0].upper()[:4]}-{index + 1}",
                location_index=unit_key // 1000,
                replacement_identified=unit_key % 4 == 0,
            )
        )
    return planned


def deployment_date(today: dt.date, unit: PlannedUnit) -> dt.date:
    return today - dt.timedelta(days=unit.days_since_deployment)
