"""dppadposs-fatalities.csv (UN Peace and Security Data Hub, DPPADPOSS-FATALITIES): one row per
peacekeeper fatality, 1948 onwards.

Structural problems (columns, ids, dates, codes, values outside the dataset's vocabulary)
reject the whole file, each with its line. Known quirks are fixed here and reported, never in
the data: CRLF, the trailing space of "Local ", "ZZ [Undetermined]" nationality with empty
codes, M49 codes written as floats ("250.0"), a few nationalities given without their code.
Rows naming a mission PCRS does not list (special political missions, offices) or a
nationality that is not a Member State are kept, unlinked, and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pcrs.missions.geo import MISSION_ALIASES
from pcrs.missions.importers.common import ImportReport, line_ranges, read_rows

REQUIRED_COLUMNS = [
    "id",
    "incident_date",
    "casualty_id",
    "mission_acronym",
    "type_of_casualty",
    "gender",
    "casualty_nationality",
    "casualty_personnel_type",
    "type_of_incident",
    "m49_code",
    "isocode3",
    "last_update",
]
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_RE = re.compile(r"^[0-9]{1,9}$")
M49_RE = re.compile(r"^[0-9]{1,3}(?:\.0)?$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")
GENDERS = frozenset({"M", "F", ""})
UNDETERMINED = "ZZ [Undetermined]"
# Nationalities the source gives without a code: the code, fixed here and reported.
NATIONALITY_CODES: dict[str, str] = {
    "Côte dIvoire": "CIV",
    "Côte d'Ivoire": "CIV",
    "Mauritius": "MUS",
    "Viet Nam": "VNM",
}
FIRST_DATE = dt.date(1945, 10, 24)
# Columns that must be given, with the longest value the database keeps.
TEXT_LIMITS = {
    "casualty_id": 40,
    "mission_acronym": 32,
    "casualty_personnel_type": 40,
    "type_of_incident": 40,
}


@dataclass(frozen=True)
class FatalityRecord:
    source_id: int
    casualty_id: str
    incident_date: dt.date
    mission_acronym: str
    mission_id: int | None
    nationality: str
    iso3: str
    member_state_id: int | None
    gender: str
    personnel_type: str
    incident_type: str
    source_line: int


@dataclass
class ParsedFatalities:
    report: ImportReport
    records: list[FatalityRecord] = field(default_factory=list)
    source_updated: dt.date | None = None


def _date(text: str, column: str, line: int, report: ImportReport) -> dt.date | None:
    if not DATE_RE.match(text):
        report.error(
            _("line %(line)d: %(column)s '%(value)s' is not a day written YYYY-MM-DD")
            % {"line": line, "column": column, "value": text[:40]}
        )
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        report.error(
            _("line %(line)d: %(column)s '%(value)s' is not a calendar date")
            % {"line": line, "column": column, "value": text}
        )
        return None


def parse_fatalities(
    text: str,
    *,
    file_name: str,
    states: dict[str, int],
    missions: dict[str, int],
    today: dt.date,
    report: ImportReport | None = None,
) -> ParsedFatalities:
    """Parse and check the whole file; `states` maps ISO3 to id, `missions` acronym to id."""
    report = report or ImportReport(file_name=file_name, kind=_("Fatalities"))
    parsed = ParsedFatalities(report=report)
    records: list[FatalityRecord] = []
    ids: dict[int, int] = {}
    casualties: dict[str, list[int]] = defaultdict(list)
    stripped: list[int] = []
    coded_by_name: dict[str, list[int]] = defaultdict(list)
    undetermined: list[int] = []
    no_nationality: list[int] = []
    unlinked_missions: dict[str, list[int]] = defaultdict(list)
    unlinked_states: dict[tuple[str, str], list[int]] = defaultdict(list)
    updates: Counter[dt.date] = Counter()
    rows_read = 0
    for row in read_rows(text, required=REQUIRED_COLUMNS, report=report):
        rows_read += 1
        raw = row.values
        values = {k: v.strip() for k, v in raw.items()}
        if raw["casualty_personnel_type"] != values["casualty_personnel_type"]:
            stripped.append(row.line)
        line = row.line
        if not ID_RE.match(values["id"]):
            report.error(
                _("line %(line)d: %(column)s '%(value)s' is not a whole number")
                % {"line": line, "column": "id", "value": values["id"][:40]}
            )
            continue
        source_id = int(values["id"])
        if source_id in ids:
            report.error(
                _("line %(line)d: id %(id)d already on line %(first)d")
                % {"line": line, "id": source_id, "first": ids[source_id]}
            )
            continue
        ids[source_id] = line
        incident = _date(values["incident_date"], "incident_date", line, report)
        updated = _date(values["last_update"], "last_update", line, report)
        if incident is None or updated is None:
            continue
        if not FIRST_DATE <= incident <= today:
            report.error(
                _("line %(line)d: incident_date %(date)s is outside %(first)s..%(today)s")
                % {"line": line, "date": incident, "first": FIRST_DATE, "today": today}
            )
            continue
        updates[updated] += 1
        if values["type_of_casualty"] != "Fatality":
            report.error(
                _(
                    "line %(line)d: type_of_casualty '%(value)s' "
                    "(this dataset records fatalities only)"
                )
                % {"line": line, "value": values["type_of_casualty"][:40]}
            )
            continue
        if values["gender"] not in GENDERS:
            report.error(
                _("line %(line)d: gender '%(value)s' is not M, F or empty")
                % {"line": line, "value": values["gender"][:10]}
            )
            continue
        problem = next(
            (
                (
                    _("line %(line)d: %(column)s is empty")
                    if not values[column]
                    else _("line %(line)d: %(column)s is too long")
                )
                % {"line": line, "column": column}
                for column, limit in TEXT_LIMITS.items()
                if not values[column] or len(values[column]) > limit
            ),
            None,
        )
        if problem:
            report.error(problem)
            continue
        if values["m49_code"] and not M49_RE.match(values["m49_code"]):
            report.error(
                _("line %(line)d: m49_code '%(value)s' is not an M49 code")
                % {"line": line, "value": values["m49_code"][:10]}
            )
            continue
        iso3 = values["isocode3"].upper()
        nationality = values["casualty_nationality"]
        if iso3 and not ISO3_RE.match(iso3):
            report.error(
                _("line %(line)d: isocode3 '%(value)s' is not three letters")
                % {"line": line, "value": iso3[:10]}
            )
            continue
        if not iso3:
            if nationality == UNDETERMINED:
                undetermined.append(line)
            elif nationality in NATIONALITY_CODES:
                iso3 = NATIONALITY_CODES[nationality]
                coded_by_name[nationality].append(line)
            else:
                no_nationality.append(line)
        state_id = states.get(iso3) if iso3 else None
        if iso3 and state_id is None:
            unlinked_states[(iso3, nationality)].append(line)
        acronym = values["mission_acronym"]
        mission_id = missions.get(MISSION_ALIASES.get(acronym, acronym))
        if mission_id is None:
            unlinked_missions[acronym].append(line)
        casualties[values["casualty_id"]].append(line)
        records.append(
            FatalityRecord(
                source_id=source_id,
                casualty_id=values["casualty_id"],
                incident_date=incident,
                mission_acronym=acronym,
                mission_id=mission_id,
                nationality=nationality[:120],
                iso3=iso3,
                member_state_id=state_id,
                gender=values["gender"],
                personnel_type=values["casualty_personnel_type"],
                incident_type=values["type_of_incident"],
                source_line=line,
            )
        )

    if stripped:
        report.warnings.append(
            _("spaces around casualty_personnel_type removed ('Local ') on lines %(lines)s")
            % {"lines": line_ranges(stripped)}
        )
    if undetermined:
        report.warnings.append(
            _("nationality undetermined (%(mark)s), kept without a State: lines %(lines)s")
            % {"mark": UNDETERMINED, "lines": line_ranges(undetermined)}
        )
    for name, where in sorted(coded_by_name.items()):
        report.warnings.append(
            _("nationality %(name)s given without a code; %(code)s used: lines %(lines)s")
            % {"name": repr(name), "code": NATIONALITY_CODES[name], "lines": line_ranges(where)}
        )
    if no_nationality:
        report.warnings.append(
            _("no nationality and no code, kept without a State: lines %(lines)s")
            % {"lines": line_ranges(no_nationality)}
        )
    for (iso3, name), where in sorted(unlinked_states.items()):
        report.warnings.append(
            _(
                "%(name)s (%(code)s) is not a Member State in PCRS; kept, not linked: "
                "lines %(lines)s"
            )
            % {"name": repr(name), "code": iso3, "lines": line_ranges(where)}
        )
    if unlinked_missions:
        report.warnings.append(
            _(
                "%(count)d rows name missions PCRS does not list (special political missions, "
                "offices); kept under the source's acronym, not linked: %(missions)s"
            )
            % {
                "count": sum(len(v) for v in unlinked_missions.values()),
                "missions": ", ".join(
                    f"{acronym} ({len(where)})"
                    for acronym, where in sorted(unlinked_missions.items())
                ),
            }
        )
    repeated = {cid: where for cid, where in casualties.items() if len(where) > 1}
    if repeated:
        report.warnings.append(
            _(
                "%(count)d casualty_id values appear on two rows (the same person listed under "
                "two nationalities, e.g. Montenegro and Serbia and Montenegro); both rows are "
                "kept, and counts of people count each casualty_id once: %(repeats)s"
            )
            % {
                "count": len(repeated),
                "repeats": "; ".join(
                    _("%(casualty)s lines %(lines)s")
                    % {"casualty": cid, "lines": ", ".join(map(str, w))}
                    for cid, w in sorted(repeated.items())
                ),
            }
        )
    report.counts.update(
        {
            "rows_read": rows_read,
            "records": len(records) if report.accepted else 0,
            "distinct_casualties": len(casualties),
            "not_linked_to_a_mission": sum(len(v) for v in unlinked_missions.values()),
            "not_linked_to_a_member_state": len(undetermined)
            + len(no_nationality)
            + sum(len(v) for v in unlinked_states.values()),
        }
    )
    if report.accepted:
        parsed.records = records
        parsed.source_updated = max(updates) if updates else None
    return parsed
