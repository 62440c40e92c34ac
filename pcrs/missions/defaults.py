"""Reference data the demo and a fresh installation start from (see ../shared/domain/PCRS.md).

Ceilings and gender targets are dated records in the database that the Secretariat edits;
these are only the values loaded when nothing is there yet.
"""

from __future__ import annotations

import datetime as dt
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

# Uniformed Gender Parity Strategy 2018-2028: one row per category and year, 2018-2028.
# Published figures (../shared/domain/PCRS.md "Gender") carry their source. A year without a
# published figure is a row too, marked "to verify": it holds the latest published target of an
# earlier year (or, before the first one, the first published target), never a value
# interpolated between guesses. The Secretariat replaces it when the figure is sourced.
UGPS = "Uniformed Gender Parity Strategy 2018-2028"
TO_VERIFY = "to verify"
STRATEGY_YEARS = range(2018, 2029)
GENDER_TARGETS_PUBLISHED: dict[tuple[str, int], tuple[Decimal, str]] = {
    (G.CONTINGENTS, 2021): (Decimal("8.0"), f"{UGPS}: 2021 target (PCRS.md)"),
    (G.CONTINGENTS, 2025): (Decimal("12.0"), f"{UGPS}: 2025 target (PCRS.md)"),
    (G.CONTINGENTS, 2028): (Decimal("15.0"), f"{UGPS}: 2028 target (PCRS.md)"),
    (G.OBSERVERS_STAFF, 2021): (Decimal("18.0"), f"{UGPS}: 2021 target (PCRS.md)"),
    (G.OBSERVERS_STAFF, 2025): (Decimal("22.0"), f"{UGPS}: 2025 target (PCRS.md)"),
    (G.OBSERVERS_STAFF, 2028): (Decimal("25.0"), f"{UGPS}: 2028 target (PCRS.md)"),
    (G.FPU, 2025): (Decimal("15.0"), f"{UGPS}: 2025 target (PCRS.md)"),
    (G.FPU, 2028): (Decimal("20.0"), f"{UGPS}: 2028 target (PCRS.md)"),
    (G.IPO, 2028): (Decimal("30.0"), f"{UGPS}: 2028 target (PCRS.md)"),
}
# Sources the earlier defaults wrote; rows still carrying one of them were never edited and a
# data migration (pcrs/gender/migrations) replaces them with this table.
LEGACY_DEFAULT_SOURCES = (f"{UGPS}, starting target (to verify)", f"{UGPS} (PCRS.md)")


@dataclass(frozen=True)
class GenderTargetDefault:
    category: str
    year: int
    target_percent: Decimal
    source: str

    @property
    def is_published(self) -> bool:
        return not self.source.startswith(TO_VERIFY)


def gender_target_rows() -> list[GenderTargetDefault]:
    """Every (category, year) of the strategy: the published figure, or a row to verify."""
    rows: list[GenderTargetDefault] = []
    categories = sorted({category for category, _ in GENDER_TARGETS_PUBLISHED})
    for category in categories:
        published = sorted(
            (year, percent)
            for (c, year), (percent, _) in GENDER_TARGETS_PUBLISHED.items()
            if c == category
        )
        for year in STRATEGY_YEARS:
            if (category, year) in GENDER_TARGETS_PUBLISHED:
                percent, source = GENDER_TARGETS_PUBLISHED[(category, year)]
                rows.append(GenderTargetDefault(category, year, percent, source))
                continue
            earlier = [(y, p) for y, p in published if y < year]
            held_year, held = earlier[-1] if earlier else published[0]
            rows.append(
                GenderTargetDefault(
                    category,
                    year,
                    held,
                    f"{TO_VERIFY}: no published {year} figure in PCRS.md; "
                    f"holds the {held_year} target",
                )
            )
    return rows


def interpolated_targets() -> list[tuple[str, int, Decimal, bool, str]]:
    """(category, year, percent, is_interpolated, source) as `gender_targets_load_defaults`
    reads them. The name is kept for that caller; nothing is interpolated any more."""
    return [(r.category, r.year, r.target_percent, False, r.source) for r in gender_target_rows()]
