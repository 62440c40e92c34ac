"""Reference data the demo and a fresh installation start from (see ../shared/domain/PCRS.md).

Ceilings and gender targets are dated records in the database that the Secretariat edits;
these are only the values loaded when nothing is there yet.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from pcrs.missions.models import CeilingCategory as C
from pcrs.missions.models import GenderCategory as G


@dataclass(frozen=True)
class CeilingDefault:
    mission: str
    category: str
    authorized: int
    effective_from: dt.date
    resolution: str
    note: str = ""


CEILINGS: list[CeilingDefault] = [
    CeilingDefault("MINUSCA", C.TROOPS, 14_400, dt.date(2023, 11, 15), "S/RES/2709 (2023)"),
    CeilingDefault("MINUSCA", C.POLICE, 3_020, dt.date(2023, 11, 15), "S/RES/2709 (2023)"),
    CeilingDefault(
        "MONUSCO", C.TROOPS, 11_500, dt.date(2024, 7, 1), "S/RES/2717 (2023)", "military personnel"
    ),
    CeilingDefault("MONUSCO", C.STAFF_OBSERVERS, 600, dt.date(2024, 7, 1), "S/RES/2717 (2023)"),
    CeilingDefault("MONUSCO", C.IPO, 443, dt.date(2024, 7, 1), "S/RES/2717 (2023)"),
    CeilingDefault("MONUSCO", C.FPU, 1_270, dt.date(2024, 7, 1), "S/RES/2717 (2023)"),
    CeilingDefault(
        "UNMISS",
        C.TROOPS,
        17_000,
        dt.date(2025, 5, 1),
        "Mandate renewal to 30 Apr 2026",
        "resolution number not recorded in PCRS.md",
    ),
    CeilingDefault(
        "UNMISS",
        C.POLICE,
        2_101,
        dt.date(2025, 5, 1),
        "Mandate renewal to 30 Apr 2026",
        "includes 88 justice and corrections officers",
    ),
    CeilingDefault("UNISFA", C.TROOPS, 3_250, dt.date(2024, 11, 14), "S/RES/2760 (2024)"),
    CeilingDefault(
        "UNISFA",
        C.POLICE,
        640,
        dt.date(2024, 11, 14),
        "S/RES/2760 (2024)",
        "includes 148 individual police officers and 3 formed police units",
    ),
    CeilingDefault("UNISFA", C.IPO, 148, dt.date(2024, 11, 14), "S/RES/2760 (2024)"),
    CeilingDefault(
        "UNISFA",
        C.FPU,
        420,
        dt.date(2024, 11, 14),
        "S/RES/2760 (2024)",
        "3 formed police units at the standard 140 officers each",
    ),
    CeilingDefault(
        "UNIFIL",
        C.TROOPS,
        15_000,
        dt.date(2006, 8, 11),
        "S/RES/1701 (2006)",
        "about 10,800 personnel deployed; S/RES/2790 (2025): final mandate to 31 Dec 2026",
    ),
    CeilingDefault(
        "UNFICYP",
        C.TROOPS,
        860,
        dt.date(2025, 1, 31),
        "Mandate renewal (resolution not recorded)",
        "about 800-860 troops (PCRS.md)",
    ),
    CeilingDefault(
        "UNFICYP",
        C.POLICE,
        69,
        dt.date(2025, 1, 31),
        "Mandate renewal (resolution not recorded)",
        "about 65-69 police (PCRS.md)",
    ),
]

# Uniformed Gender Parity Strategy 2018-2028: (category, year) -> (percent, source).
# 2021 and 2028 are in PCRS.md; the 2018 starting points of the strategy are not, and are
# marked "to verify". Years in between are interpolated on load and editable.
UGPS = "Uniformed Gender Parity Strategy 2018-2028"
GENDER_TARGET_ANCHORS: dict[tuple[str, int], tuple[Decimal, str]] = {
    (G.CONTINGENTS, 2018): (Decimal("3.0"), f"{UGPS}, starting target (to verify)"),
    (G.CONTINGENTS, 2021): (Decimal("8.0"), f"{UGPS} (PCRS.md)"),
    (G.CONTINGENTS, 2028): (Decimal("15.0"), f"{UGPS} (PCRS.md)"),
    (G.OBSERVERS_STAFF, 2018): (Decimal("15.0"), f"{UGPS}, starting target (to verify)"),
    (G.OBSERVERS_STAFF, 2021): (Decimal("18.0"), f"{UGPS} (PCRS.md)"),
    (G.OBSERVERS_STAFF, 2028): (Decimal("25.0"), f"{UGPS} (PCRS.md)"),
    (G.FPU, 2018): (Decimal("10.0"), f"{UGPS}, starting target (to verify)"),
    (G.FPU, 2028): (Decimal("20.0"), f"{UGPS} (PCRS.md)"),
    (G.IPO, 2018): (Decimal("20.0"), f"{UGPS}, starting target (to verify)"),
    (G.IPO, 2028): (Decimal("30.0"), f"{UGPS} (PCRS.md)"),
}


def interpolated_targets() -> list[tuple[str, int, Decimal, bool, str]]:
    """(category, year, percent, is_interpolated, source) for every year between anchors."""
    out: list[tuple[str, int, Decimal, bool, str]] = []
    by_category: dict[str, list[tuple[int, Decimal, str]]] = {}
    for (category, year), (percent, source) in GENDER_TARGET_ANCHORS.items():
        by_category.setdefault(category, []).append((year, percent, source))
    for category, anchors in by_category.items():
        anchors.sort()
        for (y0, p0, s0), (y1, p1, _s1) in itertools.pairwise(anchors):
            out.append((category, y0, p0, False, s0))
            for year in range(y0 + 1, y1):
                share = p0 + (p1 - p0) * Decimal(year - y0) / Decimal(y1 - y0)
                out.append(
                    (
                        category,
                        year,
                        share.quantize(Decimal("0.1")),
                        True,
                        f"interpolated between {y0} and {y1}",
                    )
                )
        last_year, last_percent, last_source = anchors[-1]
        out.append((category, last_year, last_percent, False, last_source))
    return out
