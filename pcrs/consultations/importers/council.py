"""Reading DPPA-SCMembership.csv: Security Council members per year, 1946-2027.

The quirks (../shared/data/real/SOURCES.md) and what is made of them:
- UN official names of today's States that differ from ours ("Viet Nam", "Republic of Korea"):
  matched through NAMES, then by our name or the ISO official name;
- historical names with a successor Member State (USSR -> Russian Federation, Ukrainian SSR ->
  Ukraine, German FR -> Germany, United Arab Republic -> Egypt): linked to it (SUCCESSORS);
- historical members with no single successor (Czechoslovakia, German DR, Yugoslavia): kept as
  named historical seats (HISTORICAL);
- blank names (8 seats): kept as an unnamed seat and reported by line;
- 11 members a year until 1965, then 15: any other count is an error naming the lines.
Anything else unknown is an error naming its line; the file is then not loaded at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Final

from pcrs.memberstates.models import MemberState
from pcrs.missions.importers.common import ImportReport, line_ranges, read_rows

COLUMNS: Final = ["id", "year", "security_council_member", "last_update"]

# UN names of current Member States that are neither our name nor the ISO official name.
NAMES: Final[dict[str, str]] = {
    "Bolivia (Plurinational State of)": "BOL",
    "Iran (Islamic Republic of)": "IRN",
    "Republic of Korea": "KOR",
    "Syrian Arab Republic": "SYR",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "United Republic of Tanzania": "TZA",
    "United States of America": "USA",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "Viet Nam": "VNM",
}
# Historical members whose seat a Member State of today continues.
SUCCESSORS: Final[dict[str, tuple[str, str]]] = {
    "USSR (Union of Soviet Socialist Republics)": (
        "RUS",
        "USSR; the Russian Federation continues its membership (1991)",
    ),
    "Ukrainian SSR (Ukrainian Soviet Socialist Republic)": ("UKR", "Ukrainian SSR, now Ukraine"),
    "German FR (German Federal Republic)": (
        "DEU",
        "Federal Republic of Germany; Germany since 1990",
    ),
    "United Arab Republic": ("EGY", "United Arab Republic; Egypt kept the name until 1971"),
}
# Historical members with no single successor Member State: kept under their own name.
HISTORICAL: Final[dict[str, str]] = {
    "Czechoslovakia": "dissolved 1993 into Czechia and Slovakia",
    "German DR (German Democratic Republic)": "joined the Federal Republic of Germany in 1990",
    "Yugoslavia": "Socialist Federal Republic of Yugoslavia, dissolved 1992",
}
PERMANENT: Final = frozenset(
    {
        "China",
        "France",
        "Russian Federation",
        "USSR (Union of Soviet Socialist Republics)",
        "United Kingdom of Great Britain and Northern Ireland",
        "United States of America",
    }
)
FIRST_YEAR, LAST_YEAR = 1946, 2100
ENLARGED_FROM: Final = 1966  # Charter amendment of 1965: 11 -> 15 members


def expected_seats(year: int) -> int:
    return 15 if year >= ENLARGED_FROM else 11


@dataclass(frozen=True)
class Seat:
    line: int
    source_id: int
    year: int
    source_name: str
    kind: str
    member_state_id: int | None
    is_permanent: bool
    source_updated: dt.date | None
    mapping_note: str


def _state_lookup() -> dict[str, MemberState]:
    lookup: dict[str, MemberState] = {}
    for state in MemberState.objects.all():
        lookup.setdefault(state.name, state)
        if state.official_name:
            lookup.setdefault(state.official_name, state)
    by_iso = {s.iso3: s for s in lookup.values()}
    for name, iso3 in NAMES.items():
        if iso3 in by_iso:
            lookup[name] = by_iso[iso3]
    return lookup


def parse_council(text: str, *, report: ImportReport) -> list[Seat]:
    """Every seat of the file, or report.errors naming the lines that are wrong."""
    lookup = _state_lookup()
    by_iso = {s.iso3: s for s in MemberState.objects.all()}
    seats: list[Seat] = []
    ids: dict[int, int] = {}
    names_in_year: dict[tuple[int, str], int] = {}
    lines_of_year: dict[int, list[int]] = defaultdict(list)
    for row in read_rows(text, required=COLUMNS, report=report):
        v = {k: (val or "").strip() for k, val in row.values.items()}
        line = row.line
        try:
            source_id = int(v["id"])
        except ValueError:
            report.error(f"line {line}: id {v['id']!r} is not a whole number")
            continue
        if source_id in ids:
            report.error(f"line {line}: id {source_id} already used on line {ids[source_id]}")
            continue
        ids[source_id] = line
        try:
            year = int(v["year"])
        except ValueError:
            report.error(f"line {line}: year {v['year']!r} is not a year")
            continue
        if not FIRST_YEAR <= year <= LAST_YEAR:
            report.error(f"line {line}: year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
            continue
        updated: dt.date | None = None
        if v["last_update"]:
            try:
                updated = dt.date.fromisoformat(v["last_update"])
            except ValueError:
                report.error(f"line {line}: last_update {v['last_update']!r} is not a date")
                continue
        name = v["security_council_member"]
        lines_of_year[year].append(line)
        if name:
            earlier = names_in_year.get((year, name))
            if earlier is not None:
                report.error(f"line {line}: {name} is listed twice for {year} (line {earlier})")
                continue
            names_in_year[(year, name)] = line
        kind, state, note = _map(name, lookup=lookup, by_iso=by_iso)
        if kind == "":
            report.error(
                f"line {line}: {name!r} is neither a Member State nor a known historical "
                "member; add it to the importer's table if the name is right"
            )
            continue
        if kind == "unnamed":
            report.warnings.append(
                f"line {line}: the member's name is blank in the source; kept as an unnamed "
                f"seat of {year}"
            )
        seats.append(
            Seat(
                line=line,
                source_id=source_id,
                year=year,
                source_name=name,
                kind=kind,
                member_state_id=state.pk if state else None,
                is_permanent=name in PERMANENT,
                source_updated=updated,
                mapping_note=note,
            )
        )
    for year, lines in sorted(lines_of_year.items()):
        if len(lines) != expected_seats(year):
            report.error(
                f"lines {line_ranges(lines)}: {year} has {len(lines)} members, the Council "
                f"had {expected_seats(year)}"
            )
    report.counts.update(
        {
            "rows_read": len(ids),
            "years": len(lines_of_year),
            "member_state_seats": sum(1 for s in seats if s.kind == "state"),
            "of_which_through_a_successor": sum(1 for s in seats if s.source_name in SUCCESSORS),
            "historical_seats": sum(1 for s in seats if s.kind == "historical"),
            "unnamed_seats": sum(1 for s in seats if s.kind == "unnamed"),
        }
    )
    return seats


def _map(
    name: str, *, lookup: dict[str, MemberState], by_iso: dict[str, MemberState]
) -> tuple[str, MemberState | None, str]:
    """(kind, Member State, note); kind "" when the name is unknown."""
    if not name:
        return "unnamed", None, "blank in the source"
    if name in SUCCESSORS:
        iso3, note = SUCCESSORS[name]
        state = by_iso.get(iso3)
        return ("state", state, note) if state else ("", None, "")
    if name in HISTORICAL:
        return "historical", None, HISTORICAL[name]
    state = lookup.get(name)
    if state is None:
        return "", None, ""
    return "state", state, ""
