"""UN monthly contributions files: detect the layout, read, validate once, for one writer.

Three layouts are read (pcrs.missions.importers.contribution_layouts), detected from the
header. Whatever the layout, the same checks follow: known missions, Member States (unknown
contributors skipped and reported, or rejected when strict), duplicates, a second header
pasted into the file, a file with no data. The writer (pcrs.missions.services) then compares
each month with what is stored.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from pcrs.missions.importers.common import ImportReport, line_ranges, open_table
from pcrs.missions.importers.contribution_layouts import (
    ISO3_RE,
    DetailLine,
    detect_layout,
    is_header_of_a_layout,
    month_end,
)


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
    layout: str = ""


def parse_contributions(
    text: str,
    *,
    file_name: str,
    states: dict[str, int],
    missions: dict[str, int],
    strict: bool = False,
    collapse_exact_duplicates: bool = False,
    report: ImportReport | None = None,
) -> ParsedContributions:
    """Parse and check a whole file. `states` maps ISO3 to MemberState id, `missions` acronym
    to Mission id. Unknown contributors are skipped and reported (rejected when `strict`);
    everything structural (columns, numbers, dates, types, duplicates, unknown missions, a
    file without data, a second layout inside the file) rejects."""
    report = report or ImportReport(file_name=file_name, kind=_("Contributions"))
    parsed = ParsedContributions(report=report)
    table = open_table(text, report)
    if table is None:
        return parsed
    layout_class = detect_layout(table.header, report)
    if layout_class is None:
        return parsed
    layout = layout_class(report)
    parsed.layout = layout.name
    report.details["layout"] = layout.name
    report.details["layout_label"] = layout.label

    rows_read = 0
    lines: list[DetailLine] = []
    first_seen: dict[tuple[str, ...], int] = {}
    exact: dict[int, list[int]] = defaultdict(list)

    def foreign(fields: list[str]) -> str | None:
        other = is_header_of_a_layout(fields)
        if other is None:
            return None
        return _(
            "a header of the %(other)s layout inside a %(layout)s file: the file "
            "mixes layouts; import each file on its own"
        ) % {"other": other.label, "layout": layout.label}

    for row in table.rows(foreign):
        rows_read += 1
        raw = tuple(v.strip() for v in row.values.values())
        if raw in first_seen:
            exact[first_seen[raw]].append(row.line)
            continue
        first_seen[raw] = row.line
        lines.extend(layout.read(row))
    if rows_read == 0:
        report.error(
            _(
                "line 2: the file has a header but no data rows; nothing to import "
                "(an empty file never replaces stored months)"
            )
        )
    _exact_duplicates(exact, report, collapse=collapse_exact_duplicates)
    records, months, counts = _validate(
        lines, states=states, missions=missions, strict=strict, report=report
    )
    layout.finish()
    report.counts.update(
        {
            "rows_read": rows_read,
            **{k: v for k, v in layout.counts().items() if k in ("aggregate_rows", "detail_rows")},
            "rows_imported": counts["imported"] if report.accepted else 0,
            "rows_skipped": counts["skipped"],
            "exact_duplicates_collapsed": sum(len(v) for v in exact.values())
            if collapse_exact_duplicates
            else 0,
            "records": len(records) if report.accepted else 0,
            "months": len(months),
            "flagged_gender_mismatch_rows": counts["mismatch_lines"],
            **{k: v for k, v in layout.counts().items() if k.startswith("aggregates")},
        }
    )
    if not layout.has_totals:
        report.warnings.append(
            _("the %(layout)s layout carries no totals: nothing to reconcile against")
            % {"layout": layout.label}
        )
    if report.accepted:
        parsed.records = records
        parsed.months = sorted(months)
    return parsed


def _exact_duplicates(exact: dict[int, list[int]], report: ImportReport, *, collapse: bool) -> None:
    """Rows repeated in every column: an error, or collapsed into their first line and named."""
    if not exact:
        return
    repeats = sorted(exact.items())
    total = sum(len(v) for v in exact.values())
    if collapse:
        report.warnings.append(
            _(
                "%(count)d rows repeated exactly (every column the same) were collapsed into "
                "their first line: %(repeats)s"
            )
            % {
                "count": total,
                "repeats": "; ".join(
                    _("line %(line)d repeated on %(lines)s")
                    % {"line": first, "lines": line_ranges(again)}
                    for first, again in repeats[:20]
                )
                + ("; ..." if len(repeats) > 20 else ""),
            }
        )
        report.details["exact_duplicates"] = [
            {"line": first, "repeated_on": again} for first, again in repeats
        ]
        return
    for first, again in repeats:
        values = {"line": again[0], "first": first}
        if len(again) > 1:
            message = _(
                "line %(line)d: exact duplicate of line %(first)d (every column the same, "
                "also on %(lines)s); import with --collapse-exact-duplicates (the upload's "
                "checkbox) to keep one"
            ) % {**values, "lines": line_ranges(again[1:])}
        else:
            message = (
                _(
                    "line %(line)d: exact duplicate of line %(first)d (every column the same); "
                    "import with --collapse-exact-duplicates (the upload's checkbox) to keep one"
                )
                % values
            )
        report.error(message)


def _validate(
    lines: list[DetailLine],
    *,
    states: dict[str, int],
    missions: dict[str, int],
    strict: bool,
    report: ImportReport,
) -> tuple[list[ContributionRecord], set[dt.date], dict[str, int]]:
    """The checks every layout shares, and the records to write."""
    records: list[ContributionRecord] = []
    months: set[dt.date] = set()
    seen: dict[tuple[dt.date, str, str, str], int] = {}
    unknown_missions: dict[str, list[int]] = defaultdict(list)
    unknown_states: dict[tuple[str, str], list[int]] = defaultdict(list)
    mismatch_rows: list[dict[str, Any]] = []
    imported = 0
    for line in lines:
        month = month_end(line.day)
        clash = next(
            (
                seen[key]
                for key in ((month, line.iso3, line.mission_key, t) for t in line.scope)
                if key in seen
            ),
            None,
        )
        if clash is not None:
            values = {
                "line": line.line,
                "clash": clash,
                "month": month,
                "contributor": line.iso3,
                "mission": line.mission_key,
            }
            if len(line.scope) == 1:
                message = _(
                    "line %(line)d: duplicate of line %(clash)d with different figures (same "
                    "month %(month)s, contributor %(contributor)s, mission %(mission)s, "
                    "personnel type %(personnel_type)s)"
                ) % {**values, "personnel_type": line.scope[0]}
            else:
                message = (
                    _(
                        "line %(line)d: duplicate of line %(clash)d with different figures "
                        "(same month %(month)s, contributor %(contributor)s, mission "
                        "%(mission)s)"
                    )
                    % values
                )
            report.error(message)
            continue
        for ptype in line.scope:
            seen[(month, line.iso3, line.mission_key, ptype)] = line.line
        months.add(month)
        if line.mission_key not in missions:
            unknown_missions[line.mission].append(line.line)
            continue
        state_id = states.get(line.iso3) if ISO3_RE.match(line.iso3) else None
        if state_id is None:
            unknown_states[(line.iso3, line.contributor)].append(line.line)
            continue
        imported += 1
        for figures in line.figures:
            mismatch = figures.male + figures.female != figures.total
            if mismatch:
                mismatch_rows.append(
                    {
                        "line": line.line,
                        "month": month.isoformat(),
                        "contributor": line.iso3,
                        "mission": line.mission_key,
                        "personnel_type": figures.personnel_type,
                        "male": figures.male,
                        "female": figures.female,
                        "total": figures.total,
                    }
                )
            records.append(
                ContributionRecord(
                    month=line.day,
                    member_state_id=state_id,
                    mission_id=missions[line.mission_key],
                    personnel_type=figures.personnel_type,
                    male=figures.male,
                    female=figures.female,
                    total=figures.total,
                    gender_mismatch=mismatch,
                    source_line=line.line,
                )
            )

    for mission_text, where in sorted(unknown_missions.items()):
        report.error(
            _(
                "line %(line)d: unknown mission '%(mission)s' (lines %(lines)s); import the "
                "missions first, record the mission, or add the spelling to MISSION_ALIASES"
            )
            % {"line": where[0], "mission": mission_text, "lines": line_ranges(where)}
        )
    for (iso3, contributor), where in sorted(unknown_states.items()):
        values = {
            "line": where[0],
            "contributor": repr(contributor),
            "code": iso3 or _("no code"),
            "lines": line_ranges(where),
        }
        if strict:
            report.error(
                _(
                    "line %(line)d: contributor %(contributor)s (%(code)s) is not a Member "
                    "State in PCRS: lines %(lines)s"
                )
                % values
            )
        else:
            report.warnings.append(
                _(
                    "line %(line)d: contributor %(contributor)s (%(code)s) is not a Member "
                    "State in PCRS: lines %(lines)s skipped"
                )
                % values
            )
    mismatch_lines = sorted({m["line"] for m in mismatch_rows})
    if mismatch_rows:
        report.warnings.append(
            _(
                "%(count)d rows report a total different from Male + Female; the reported "
                "total is kept and the rows flagged: lines %(lines)s"
            )
            % {"count": len(mismatch_lines), "lines": line_ranges(mismatch_lines)}
        )
    report.details["gender_mismatches"] = mismatch_rows
    report.details["unknown_contributors"] = [
        {"code": iso3, "name": name, "lines": where}
        for (iso3, name), where in sorted(unknown_states.items())
    ]
    counts = {
        "imported": imported,
        "skipped": sum(len(v) for v in unknown_states.values()),
        "mismatch_lines": len(mismatch_lines),
    }
    return records, months, counts
