"""The UN monthly contributions format (IPI "Providing for Peacekeeping", full_gender_data.csv).

One row per month x contributor x mission, with Male/Female/Total per personnel type and
overall. Rows where Contributor or Mission is "all" are aggregates: never imported, used to
reconcile the detail rows against the file's own totals.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pcrs.missions.geo import MISSION_ALIASES
from pcrs.missions.importers.common import ImportReport, line_ranges, read_rows
from pcrs.missions.models import PersonnelType

TYPE_PREFIXES: dict[str, str] = {
    PersonnelType.IPO: "Individual_Police",
    PersonnelType.FPU: "Formed_Police_Units",
    PersonnelType.EXPERTS: "Experts_on_Mission",
    PersonnelType.TROOPS: "Troops",
}
GROUPS = [*TYPE_PREFIXES.values(), "Total"]
GENDERS = ("Male", "Female", "Total")
VALUE_COLUMNS = [f"{group}_{gender}" for group in GROUPS for gender in GENDERS]
KEY_COLUMNS = ["Date", "Contributor", "Contributor_ISO-3", "Mission"]
REQUIRED_COLUMNS = KEY_COLUMNS + VALUE_COLUMNS
AGGREGATE = "all"
NONE_MARK = "NA"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO3_RE = re.compile(r"^[A-Za-z]{3}$")


@dataclass(frozen=True)
class ContributionRecord:
    month: dt.date  # the day the report is dated
    member_state_id: int
    mission_id: int
    personnel_type: str
    male: int
    female: int
    total: int
    gender_mismatch: bool
    source_line: int


@dataclass
class ParsedContributions:
    report: ImportReport
    records: list[ContributionRecord] = field(default_factory=list)
    # The months covered, each as its last day; re-importing a month replaces all of it.
    months: list[dt.date] = field(default_factory=list)


def _month_end(value: dt.date) -> dt.date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def parse_contributions(
    text: str,
    *,
    file_name: str,
    states: dict[str, int],
    missions: dict[str, int],
    strict: bool = False,
    report: ImportReport | None = None,
) -> ParsedContributions:
    """Parse and check a whole file. `states` maps ISO3 to MemberState id, `missions` acronym
    to Mission id. Unknown contributors are skipped and reported (rejected when `strict`);
    everything structural (columns, numbers, dates, duplicates, unknown missions) rejects."""
    report = report or ImportReport(file_name=file_name, kind="Contributions")
    parsed = ParsedContributions(report=report)
    rows_read = 0
    apostrophe_lines: list[int] = []
    unknown_missions: dict[str, list[int]] = defaultdict(list)
    unknown_states: dict[tuple[str, str], list[int]] = defaultdict(list)
    seen: dict[tuple[dt.date, str, str], int] = {}
    aggregates: dict[tuple[dt.date, str, str], tuple[int, list[int]]] = {}
    sums: dict[tuple[dt.date, str, str], list[int]] = defaultdict(lambda: [0] * 15)
    mismatch_rows: list[dict[str, Any]] = []
    total_column_rows: list[int] = []
    detail_rows = imported_rows = 0
    months: set[dt.date] = set()

    for row in read_rows(text, required=REQUIRED_COLUMNS, report=report):
        rows_read += 1
        raw = row.values
        # The UN report for 2014-03-31 was scraped with a trailing apostrophe on every name
        # and code ("Albania'", "ALB'", "UNMISS'"): a known quirk of the source, removed here.
        values = {k: v.strip() for k, v in raw.items()}
        if any(values[k].endswith("'") for k in KEY_COLUMNS):
            apostrophe_lines.append(row.line)
            values = {k: v.rstrip("'") for k, v in values.items()}

        date_text = values["Date"]
        if not DATE_RE.match(date_text):
            report.error(
                f"line {row.line}: Date '{date_text}' is not a day written YYYY-MM-DD "
                "(this importer reads one row per month x contributor x mission)"
            )
            continue
        try:
            day = dt.date.fromisoformat(date_text)
        except ValueError:
            report.error(f"line {row.line}: Date '{date_text}' is not a calendar date")
            continue
        # A month is one report: its data replaces that month's, whatever day it is dated.
        month = _month_end(day)

        numbers: list[int | None] = []
        bad = False
        for column in VALUE_COLUMNS:
            text_value = values[column]
            if text_value in (NONE_MARK, ""):
                numbers.append(None)
            elif text_value.isdigit():
                numbers.append(int(text_value))
            else:
                report.error(f"line {row.line}: {column} '{text_value}' is not a whole number")
                bad = True
        if bad:
            continue
        counts = [n or 0 for n in numbers]

        contributor, iso3, mission_text = (
            values["Contributor"],
            values["Contributor_ISO-3"].upper(),
            values["Mission"],
        )
        if not mission_text:
            report.error(f"line {row.line}: Mission is empty")
            continue
        if not iso3:
            report.error(f"line {row.line}: Contributor_ISO-3 is empty ({contributor!r})")
            continue
        is_aggregate = AGGREGATE in (contributor.lower(), iso3.lower(), mission_text.lower())
        state_key = "*" if AGGREGATE in (contributor.lower(), iso3.lower()) else iso3
        if mission_text.lower() == AGGREGATE:
            mission_key = "*"
        else:
            mission_key = MISSION_ALIASES.get(mission_text, mission_text)
        key = (month, state_key, mission_key)
        if key in seen:
            report.error(
                f"line {row.line}: duplicate of line {seen[key]} "
                f"(same Date {month}, contributor {state_key}, mission {mission_key})"
            )
            continue
        seen[key] = row.line
        months.add(month)

        if any(sum(counts[t * 3 + g] for t in range(4)) != counts[12 + g] for g in range(3)):
            total_column_rows.append(row.line)

        if is_aggregate:
            aggregates[key] = (row.line, counts)
            continue

        detail_rows += 1
        if mission_key not in missions:
            unknown_missions[mission_text].append(row.line)
            continue
        # Unknown contributors are still part of the file's totals: reconcile, import nothing.
        _add(sums, month, iso3, mission_key, counts)
        state_id = states.get(iso3) if ISO3_RE.match(iso3) else None
        if state_id is None:
            unknown_states[(iso3, contributor)].append(row.line)
            continue
        imported_rows += 1
        mission_id = missions[mission_key]
        for index, personnel_type in enumerate(TYPE_PREFIXES):
            male, female, total = numbers[index * 3 : index * 3 + 3]
            if male is None and female is None and total is None:
                continue
            male, female, total = male or 0, female or 0, total or 0
            mismatch = male + female != total
            if mismatch:
                mismatch_rows.append(
                    {
                        "line": row.line,
                        "month": month.isoformat(),
                        "contributor": iso3,
                        "mission": mission_key,
                        "personnel_type": personnel_type,
                        "male": male,
                        "female": female,
                        "total": total,
                    }
                )
            parsed.records.append(
                ContributionRecord(
                    month=day,
                    member_state_id=state_id,
                    mission_id=mission_id,
                    personnel_type=personnel_type,
                    male=male,
                    female=female,
                    total=total,
                    gender_mismatch=mismatch,
                    source_line=row.line,
                )
            )

    for mission_text, lines in sorted(unknown_missions.items()):
        report.error(
            f"line {lines[0]}: unknown mission '{mission_text}' (lines {line_ranges(lines)}); "
            "import the missions first or add the spelling to MISSION_ALIASES"
        )
    skipped_rows = sum(len(lines) for lines in unknown_states.values())
    for (iso3, contributor), lines in sorted(unknown_states.items()):
        message = (
            f"line {lines[0]}: contributor {contributor!r} ({iso3 or 'no code'}) is not a "
            f"Member State in PCRS: lines {line_ranges(lines)}"
        )
        if strict:
            report.error(message)
        else:
            report.warnings.append(message + " skipped")

    if apostrophe_lines:
        report.warnings.append(
            "trailing apostrophe removed from names and codes on lines "
            + line_ranges(apostrophe_lines)
        )
    if total_column_rows:
        report.warnings.append(
            "Total_* columns differ from the sum of the personnel types on lines "
            + line_ranges(total_column_rows)
        )
    if mismatch_rows:
        lines = sorted({m["line"] for m in mismatch_rows})
        report.warnings.append(
            f"{len(lines)} rows report a total different from Male + Female; the reported "
            f"total is kept and the rows flagged: lines {line_ranges(lines)}"
        )

    reconciliation = _reconcile(aggregates, sums, months)
    report.details["reconciliation"] = reconciliation
    report.details["gender_mismatches"] = mismatch_rows
    report.details["unknown_contributors"] = [
        {"code": iso3, "name": name, "lines": lines}
        for (iso3, name), lines in sorted(unknown_states.items())
    ]
    report.counts.update(
        {
            "rows_read": rows_read,
            "aggregate_rows": len(aggregates),
            "detail_rows": detail_rows,
            "rows_imported": imported_rows if report.accepted else 0,
            "rows_skipped": skipped_rows,
            "records": len(parsed.records) if report.accepted else 0,
            "months": len(months),
            "flagged_gender_mismatch_rows": len({m["line"] for m in mismatch_rows}),
            "aggregates_reconciled": reconciliation["checked"],
            "aggregates_differing": len(reconciliation["differences_by_row"]),
        }
    )
    totals_only = [
        d
        for d in reconciliation["differences_by_row"]
        if all(c["column"].endswith("_Total") for c in d["columns"])
    ]
    if totals_only:
        report.warnings.append(
            f"reconciliation: {len(totals_only)} of "
            f"{len(reconciliation['differences_by_row'])} differing aggregate rows differ only in "
            "*_Total columns while Male and Female match: the aggregate counts personnel of "
            "unrecorded gender that no detail row carries"
        )
    for difference in reconciliation["differences_by_row"][:20]:
        report.warnings.append(
            f"line {difference['line']}: aggregate {difference['contributor']} x "
            f"{difference['mission']} for {difference['month']} differs from the sum of its rows: "
            + "; ".join(
                f"{d['column']} reported {d['reported']}, rows sum to {d['rows']}"
                for d in difference["columns"]
            )
        )
    if len(reconciliation["differences_by_row"]) > 20:
        report.warnings.append(
            f"... {len(reconciliation['differences_by_row']) - 20} more aggregate rows differ "
            "(see the stored report)"
        )
    if reconciliation["months_without_aggregates"]:
        report.warnings.append(
            "no aggregate rows to reconcile against for "
            + ", ".join(reconciliation["months_without_aggregates"])
        )
    if report.accepted:
        parsed.months = sorted(months)
    else:
        parsed.records = []
    return parsed


def _add(
    sums: dict[tuple[dt.date, str, str], list[int]],
    month: dt.date,
    iso3: str,
    mission: str,
    counts: list[int],
) -> None:
    for key in ((month, iso3, "*"), (month, "*", mission), (month, "*", "*")):
        target = sums[key]
        for i, value in enumerate(counts):
            target[i] += value


def _reconcile(
    aggregates: dict[tuple[dt.date, str, str], tuple[int, list[int]]],
    sums: dict[tuple[dt.date, str, str], list[int]],
    months: set[dt.date],
) -> dict[str, Any]:
    """Compare each aggregate row of the file with the sum of the detail rows it covers."""
    differences: list[dict[str, Any]] = []
    for key, (line, reported) in sorted(aggregates.items(), key=lambda item: item[1][0]):
        rows = sums.get(key, [0] * 15)
        columns = [
            {
                "column": VALUE_COLUMNS[i],
                "reported": reported[i],
                "rows": rows[i],
                "difference": reported[i] - rows[i],
            }
            for i in range(15)
            if reported[i] != rows[i]
        ]
        if columns:
            month, state, mission = key
            differences.append(
                {
                    "line": line,
                    "month": month.isoformat(),
                    "contributor": "all" if state == "*" else state,
                    "mission": "all" if mission == "*" else mission,
                    "columns": columns,
                }
            )
    with_aggregates = {key[0] for key in aggregates}
    return {
        "checked": len(aggregates),
        "matching": len(aggregates) - len(differences),
        "differences_by_row": differences,
        "months_without_aggregates": [m.isoformat() for m in sorted(months - with_aggregates)],
    }
