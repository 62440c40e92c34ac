"""The layouts of UN monthly contributions files, each a small reader yielding the same lines.

- `ipi`: IPI "Providing for Peacekeeping" (full_gender_data.csv): one row per month x
  contributor x mission with Male/Female/Total per personnel type, plus "all" aggregate rows
  that the reader reconciles against the detail rows.
- `datahub`: the UN Peace and Security Data Hub (dataset DPO-UCHISTORICAL) as public analyses
  read it today: one row per State x mission x personnel type x month.
- `datahub_2019`: an older export of the same dataset, other column names and order.

A reader turns rows into `DetailLine`s and names every problem by line; what a line means for
the database (known mission, Member State, duplicates, months) is decided once, behind all
readers, in pcrs.missions.importers.contributions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from pcrs.missions.geo import MISSION_ALIASES
from pcrs.missions.importers.common import ImportReport, Row, at_line, line_ranges
from pcrs.missions.models import PersonnelType

# No mission has ever had 200,000 uniformed personnel (all UN peacekeeping peaked near 110,000):
# a larger count is a broken cell, and would overflow the database column besides.
MAX_COUNT = 200_000
DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$")
COUNT_RE = re.compile(r"^[0-9]+(?:\.0+)?$")
NONE_MARKS = frozenset({"", "NA"})


def month_end(value: dt.date) -> dt.date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


@dataclass(frozen=True)
class Figures:
    personnel_type: str
    male: int
    female: int
    total: int


@dataclass(frozen=True)
class DetailLine:
    """One source line about one contributor in one mission on one reporting date."""

    line: int
    day: dt.date
    contributor: str
    iso3: str
    mission: str  # as written in the file
    mission_key: str  # after MISSION_ALIASES
    # The personnel types the line speaks for (a second line for any of them is a duplicate)
    # and the figures it gives (a type marked "NA" is covered but has no figures).
    scope: tuple[str, ...]
    figures: tuple[Figures, ...]


class CellError(ValueError):
    pass


def parse_count(text: str, column: str) -> int | None:
    """'12' -> 12, 'NA' or '' -> None; anything else, or more than MAX_COUNT, raises."""
    if text in NONE_MARKS:
        return None
    if not COUNT_RE.match(text):
        raise CellError(
            _("%(column)s '%(value)s' is not a whole number")
            % {"column": column, "value": text[:40]}
        )
    digits = text.split(".", maxsplit=1)[0]
    # int() of thousands of digits is slow or refused (sys.int_info): judge by length first.
    if len(digits.lstrip("0")) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:
        raise CellError(
            _(
                "%(column)s %(value)s is larger than any mission has ever had "
                "(at most %(limit)s accepted)"
            )
            % {"column": column, "value": text[:40], "limit": f"{MAX_COUNT:,}"}
        )
    return int(digits)


def parse_day(text: str, column: str) -> dt.date:
    match = DATE_RE.match(text)
    if not match:
        raise CellError(
            _("%(column)s '%(value)s' is not a day written YYYY-MM-DD")
            % {"column": column, "value": text[:40]}
        )
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise CellError(
            _("%(column)s '%(value)s' is not a calendar date")
            % {"column": column, "value": text[:40]}
        ) from None


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("&", " and ").replace("_", " ").split())


# Every spelling of a personnel type a file may use, mapped explicitly; anything else is an
# error naming the line (a new type must be added here on purpose, never guessed).
PERSONNEL_TYPES: dict[str, str] = {
    "troops": PersonnelType.TROOPS,
    "troop": PersonnelType.TROOPS,
    "contingent troops": PersonnelType.TROOPS,
    "contingent troop": PersonnelType.TROOPS,
    "staff officers": PersonnelType.STAFF,
    "staff officer": PersonnelType.STAFF,
    "experts on mission": PersonnelType.EXPERTS,
    "expert on mission": PersonnelType.EXPERTS,
    "military experts on mission": PersonnelType.EXPERTS,
    "formed police units": PersonnelType.FPU,
    "formed police unit": PersonnelType.FPU,
    "formed police": PersonnelType.FPU,
    "individual police": PersonnelType.IPO,
    "individual police officers": PersonnelType.IPO,
    "individual police officer": PersonnelType.IPO,
    "justice and corrections": PersonnelType.JUSTICE,
    "justice and corrections officers": PersonnelType.JUSTICE,
    "justice and corrections personnel": PersonnelType.JUSTICE,
    "government provided personnel": PersonnelType.JUSTICE,
}


def personnel_type(text: str, column: str) -> str:
    found = PERSONNEL_TYPES.get(_normal(text))
    if found is None:
        known = ", ".join(sorted({str(PersonnelType(v).label) for v in PERSONNEL_TYPES.values()}))
        raise CellError(
            _("%(column)s '%(value)s' is not a known personnel type (known: %(known)s)")
            % {"column": column, "value": text[:40], "known": known}
        )
    return found


class Layout:
    """One file layout: its columns, and a reader from rows to DetailLines."""

    name: ClassVar[str]
    label: ClassVar[str]
    columns: ClassVar[tuple[str, ...]]
    has_totals: ClassVar[bool] = False

    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def read(self, row: Row) -> Iterator[DetailLine]:
        raise NotImplementedError

    def finish(self) -> None:
        """After the last row: layout-specific checks and notes (reconciliation)."""
        return

    def counts(self) -> dict[str, int]:
        return {}


class DataHubLayout(Layout):
    """One row per State x mission x personnel type x month, men and women in two columns."""

    name = "datahub"
    label = "UN Peace and Security Data Hub, DPO-UCHISTORICAL"
    columns: ClassVar[tuple[str, ...]] = (
        "contribution_id",
        "isocode3",
        "contributing_country",
        "mission_acronym",
        "personnel_type",
        "male_personnel",
        "female_personnel",
        "last_reporting_date",
    )
    # column roles: (iso3, contributor, mission, type, male, female, date)
    roles: ClassVar[tuple[str, str, str, str, str, str, str]] = (
        "isocode3",
        "contributing_country",
        "mission_acronym",
        "personnel_type",
        "male_personnel",
        "female_personnel",
        "last_reporting_date",
    )

    def read(self, row: Row) -> Iterator[DetailLine]:
        iso3_col, name_col, mission_col, type_col, male_col, female_col, date_col = self.roles
        values = {k: v.strip() for k, v in row.values.items()}
        try:
            day = parse_day(values[date_col], date_col)
            ptype = personnel_type(values[type_col], type_col)
            male = parse_count(values[male_col], male_col) or 0
            female = parse_count(values[female_col], female_col) or 0
        except CellError as exc:
            self.report.error(at_line(row.line, str(exc)))
            return
        mission = values[mission_col]
        if not mission:
            self.report.error(
                _("line %(line)d: %(column)s is empty") % {"line": row.line, "column": mission_col}
            )
            return
        iso3 = values[iso3_col].upper()
        if not iso3:
            self.report.error(
                _("line %(line)d: %(column)s is empty (%(contributor)s)")
                % {"line": row.line, "column": iso3_col, "contributor": repr(values[name_col])}
            )
            return
        yield DetailLine(
            line=row.line,
            day=day,
            contributor=values[name_col],
            iso3=iso3,
            mission=mission,
            mission_key=MISSION_ALIASES.get(mission, mission),
            scope=(ptype,),
            figures=(Figures(ptype, male, female, male + female),),
        )


class DataHub2019Layout(DataHubLayout):
    """The older export of DPO-UCHISTORICAL: M49 codes, Female before Male."""

    name = "datahub_2019"
    label = "UN Peace and Security Data Hub, DPO-UCHISTORICAL (older export)"
    columns = (
        "contribution_id",
        "ISOCode3",
        "M49Code",
        "Country",
        "Mission",
        "Personnel_type",
        "Female",
        "Male",
        "Date_reported",
    )
    roles = ("ISOCode3", "Country", "Mission", "Personnel_type", "Male", "Female", "Date_reported")


IPI_TYPES: dict[str, str] = {
    PersonnelType.IPO: "Individual_Police",
    PersonnelType.FPU: "Formed_Police_Units",
    PersonnelType.EXPERTS: "Experts_on_Mission",
    PersonnelType.TROOPS: "Troops",
}
IPI_GROUPS = [*IPI_TYPES.values(), "Total"]
IPI_VALUE_COLUMNS = [f"{g}_{gender}" for g in IPI_GROUPS for gender in ("Male", "Female", "Total")]
IPI_KEY_COLUMNS = ("Date", "Contributor", "Contributor_ISO-3", "Mission")
AGGREGATE = "all"
ISO3_RE = re.compile(r"^[A-Za-z]{3}$")

AggregateKey = tuple[dt.date, str, str]


@dataclass
class _Reconciliation:
    aggregates: dict[AggregateKey, tuple[int, list[int]]] = field(default_factory=dict)
    sums: dict[AggregateKey, list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0] * 15)
    )
    months: set[dt.date] = field(default_factory=set)

    def add(self, month: dt.date, iso3: str, mission: str, counts: list[int]) -> None:
        for key in ((month, iso3, "*"), (month, "*", mission), (month, "*", "*")):
            target = self.sums[key]
            for i, value in enumerate(counts):
                target[i] += value

    def result(self) -> dict[str, Any]:
        """Each aggregate row of the file against the sum of the detail rows it covers."""
        differences: list[dict[str, Any]] = []
        for key, (line, reported) in sorted(self.aggregates.items(), key=lambda item: item[1][0]):
            rows = self.sums.get(key, [0] * 15)
            columns = [
                {
                    "column": IPI_VALUE_COLUMNS[i],
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
        with_aggregates = {key[0] for key in self.aggregates}
        return {
            "checked": len(self.aggregates),
            "matching": len(self.aggregates) - len(differences),
            "differences_by_row": differences,
            "months_without_aggregates": [
                m.isoformat() for m in sorted(self.months - with_aggregates)
            ],
        }


class IpiLayout(Layout):
    """IPI's scrape of the UN monthly reports: personnel types as column groups, "all" totals."""

    name = "ipi"
    label = 'IPI "Providing for Peacekeeping" (full_gender_data.csv)'
    columns = (*IPI_KEY_COLUMNS, *IPI_VALUE_COLUMNS)
    has_totals = True

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report)
        self.apostrophe_lines: list[int] = []
        self.total_column_lines: list[int] = []
        self.aggregate_lines: dict[AggregateKey, int] = {}
        self.recon = _Reconciliation()
        self.detail_rows = 0

    def read(self, row: Row) -> Iterator[DetailLine]:
        values = {k: v.strip() for k, v in row.values.items()}
        # The UN report for 2014-03-31 was scraped with a trailing apostrophe on every name
        # and code ("Albania'", "ALB'", "UNMISS'"): a known quirk of the source, removed here.
        if any(values[k].endswith("'") for k in IPI_KEY_COLUMNS):
            self.apostrophe_lines.append(row.line)
            values = {k: v.rstrip("'") for k, v in values.items()}
        try:
            # A month is one report: its data replaces that month's, whatever day it is dated.
            day = parse_day(values["Date"], "Date")
        except CellError as exc:
            self.report.error(
                _(
                    "line %(line)d: %(problem)s (this layout has one row per month x "
                    "contributor x mission)"
                )
                % {"line": row.line, "problem": exc}
            )
            return
        numbers: list[int | None] = []
        bad = False
        for column in IPI_VALUE_COLUMNS:
            try:
                numbers.append(parse_count(values[column], column))
            except CellError as exc:
                self.report.error(at_line(row.line, str(exc)))
                bad = True
        if bad:
            return
        counts = [n or 0 for n in numbers]
        contributor, iso3, mission = (
            values["Contributor"],
            values["Contributor_ISO-3"].upper(),
            values["Mission"],
        )
        if not mission:
            self.report.error(
                _("line %(line)d: %(column)s is empty") % {"line": row.line, "column": "Mission"}
            )
            return
        if not iso3:
            self.report.error(
                _("line %(line)d: %(column)s is empty (%(contributor)s)")
                % {
                    "line": row.line,
                    "column": "Contributor_ISO-3",
                    "contributor": repr(contributor),
                }
            )
            return
        month = month_end(day)
        self.recon.months.add(month)
        if any(sum(counts[t * 3 + g] for t in range(4)) != counts[12 + g] for g in range(3)):
            self.total_column_lines.append(row.line)
        all_states = AGGREGATE in (contributor.lower(), iso3.lower())
        mission_key = MISSION_ALIASES.get(mission, mission)
        if all_states or mission.lower() == AGGREGATE:
            key = (
                month,
                "*" if all_states else iso3,
                "*" if mission.lower() == AGGREGATE else mission_key,
            )
            if key in self.aggregate_lines:
                self.report.error(
                    _(
                        "line %(line)d: duplicate of line %(first)d (same Date %(month)s, "
                        "aggregate %(contributor)s x %(mission)s)"
                    )
                    % {
                        "line": row.line,
                        "first": self.aggregate_lines[key],
                        "month": month,
                        "contributor": key[1],
                        "mission": key[2],
                    }
                )
                return
            self.aggregate_lines[key] = row.line
            self.recon.aggregates[key] = (row.line, counts)
            return
        self.detail_rows += 1
        # Every detail row enters the totals, also one whose contributor is then skipped.
        self.recon.add(month, iso3, mission_key, counts)
        figures = []
        for index, ptype in enumerate(IPI_TYPES):
            male, female, total = numbers[index * 3 : index * 3 + 3]
            if male is None and female is None and total is None:
                continue
            figures.append(Figures(ptype, male or 0, female or 0, total or 0))
        yield DetailLine(
            line=row.line,
            day=day,
            contributor=contributor,
            iso3=iso3,
            mission=mission,
            mission_key=mission_key,
            scope=tuple(IPI_TYPES),
            figures=tuple(figures),
        )

    def finish(self) -> None:
        report = self.report
        if self.apostrophe_lines:
            report.warnings.append(
                _("trailing apostrophe removed from names and codes on lines %(lines)s")
                % {"lines": line_ranges(self.apostrophe_lines)}
            )
        if self.total_column_lines:
            report.warnings.append(
                _("Total_* columns differ from the sum of the personnel types on lines %(lines)s")
                % {"lines": line_ranges(self.total_column_lines)}
            )
        reconciliation = self.recon.result()
        report.details["reconciliation"] = reconciliation
        differing = reconciliation["differences_by_row"]
        totals_only = [
            d for d in differing if all(c["column"].endswith("_Total") for c in d["columns"])
        ]
        if totals_only:
            report.warnings.append(
                _(
                    "reconciliation: %(count)d of %(differing)d differing aggregate rows differ "
                    "only in *_Total columns while Male and Female match: the aggregate counts "
                    "personnel of unrecorded gender that no detail row carries"
                )
                % {"count": len(totals_only), "differing": len(differing)}
            )
        for difference in differing[:20]:
            report.warnings.append(
                _(
                    "line %(line)d: aggregate %(contributor)s x %(mission)s for %(month)s "
                    "differs from the sum of its rows: %(columns)s"
                )
                % {
                    "line": difference["line"],
                    "contributor": difference["contributor"],
                    "mission": difference["mission"],
                    "month": difference["month"],
                    "columns": "; ".join(
                        _("%(column)s reported %(reported)d, rows sum to %(rows)d")
                        % {"column": d["column"], "reported": d["reported"], "rows": d["rows"]}
                        for d in difference["columns"]
                    ),
                }
            )
        if len(differing) > 20:
            report.warnings.append(
                _("... %(count)d more aggregate rows differ (see the stored report)")
                % {"count": len(differing) - 20}
            )
        if reconciliation["months_without_aggregates"]:
            report.warnings.append(
                _("no aggregate rows to reconcile against for %(months)s")
                % {"months": ", ".join(reconciliation["months_without_aggregates"])}
            )

    def counts(self) -> dict[str, int]:
        reconciliation = self.report.details.get("reconciliation", {})
        return {
            "aggregate_rows": len(self.recon.aggregates),
            "detail_rows": self.detail_rows,
            "aggregates_reconciled": reconciliation.get("checked", 0),
            "aggregates_differing": len(reconciliation.get("differences_by_row", [])),
        }


LAYOUTS: tuple[type[Layout], ...] = (IpiLayout, DataHubLayout, DataHub2019Layout)


def is_header_of_a_layout(values: list[str]) -> type[Layout] | None:
    """The layout whose header this row is (a second file pasted below the first)."""
    cleaned = {v.strip().lstrip("\ufeff") for v in values}
    for layout in LAYOUTS:
        if set(layout.columns) <= cleaned:
            return layout
    return None


def _own_columns(layout: type[Layout]) -> set[str]:
    """The columns of a layout that no other layout has."""
    shared = set().union(*(set(other.columns) for other in LAYOUTS if other is not layout))
    return set(layout.columns) - shared


def detect_layout(header: list[str], report: ImportReport) -> type[Layout] | None:
    """The one layout whose columns the header has; an error naming line 1 otherwise."""
    present = set(header)
    seen = [layout for layout in LAYOUTS if _own_columns(layout) & present]
    if len(seen) > 1:
        report.error(
            _(
                "line 1: the header mixes the columns of several layouts (%(layouts)s); "
                "import each layout as its own file"
            )
            % {
                "layouts": "; ".join(
                    f"{layout.label}: {', '.join(sorted(_own_columns(layout) & present))}"
                    for layout in seen
                )
            }
        )
        return None
    best = seen[0] if seen else max(LAYOUTS, key=lambda x: len(set(x.columns) & present))
    missing = [c for c in best.columns if c not in present]
    if missing:
        report.error(
            _(
                "line 1: missing column(s) %(missing)s; expected %(expected)s (found "
                "%(found)s). Readable layouts: %(layouts)s"
            )
            % {
                "missing": ", ".join(missing),
                "expected": ", ".join(best.columns),
                "found": ", ".join(header),
                "layouts": "; ".join(f"{x.label}: {', '.join(x.columns)}" for x in LAYOUTS),
            }
        )
        return None
    duplicated = sorted({h for h in header if header.count(h) > 1 and h in best.columns})
    if duplicated:
        report.error(
            _("line 1: column(s) %(columns)s appear more than once")
            % {"columns": ", ".join(duplicated)}
        )
        return None
    return best
