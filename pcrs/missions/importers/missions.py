"""DPPADPOSS-PKO.csv (UN Peace and Security Data Hub): the 81 peacekeeping operations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pcrs.missions.geo import MISSION_HOSTS, has_bounds, inside_hosts
from pcrs.missions.importers.common import ImportReport, read_rows
from pcrs.missions.models import CoordinateStatus

REQUIRED_COLUMNS = [
    "id",
    "mission_acronym",
    "mission_name",
    "lead_department",
    "mission_isactive",
    "start_date",
    "end_date",
    "mission_location",
    "mission_longitude",
    "mission_latitude",
]
ACTIVE_VALUES = {"yes": True, "no": False}
NUMBER_RE = re.compile(r"^-?\d+([.,]\d+)?$")

# Names the source cuts short; the fix lives here, never in the data file.
NAME_FIXES: dict[str, str] = {
    "DOMREP": "Mission of the Representative of the Secretary-General in the Dominican Republic",
}


@dataclass
class MissionRecord:
    acronym: str
    name: str
    lead_department: str
    is_active: bool
    start_date: dt.date | None
    end_date: dt.date | None
    hq_location: str
    hq_longitude: float | None
    hq_latitude: float | None
    hq_source_longitude: str
    hq_source_latitude: str
    hq_coordinate_status: str
    host_name: str
    host_codes: list[str]
    source_id: str
    source_updated: dt.date | None
    data_notes: str
    line: int


@dataclass
class ParsedMissions:
    report: ImportReport
    records: list[MissionRecord] = field(default_factory=list)


def parse_number(text: str) -> float | None:
    """'18,5833' or '18.5833' -> 18.5833; '' -> None; anything else raises ValueError."""
    text = text.strip()
    if not text:
        return None
    if not NUMBER_RE.match(text):
        raise ValueError(text)
    return float(text.replace(",", "."))


def classify_coordinates(
    longitude: float | None, latitude: float | None, host_codes: list[str]
) -> tuple[str, float | None, float | None]:
    """(status, longitude, latitude) to use: swapped pairs are corrected only when the swap
    lands inside the host country, impossible ones are not used at all."""
    if longitude is None or latitude is None:
        return CoordinateStatus.MISSING, None, None

    def plausible(lon: float, lat: float) -> bool:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return False
        return inside_hosts(lon, lat, host_codes) if has_bounds(host_codes) else True

    if plausible(longitude, latitude):
        return CoordinateStatus.OK, longitude, latitude
    if plausible(latitude, longitude):
        return CoordinateStatus.SWAPPED, latitude, longitude
    return CoordinateStatus.IMPOSSIBLE, None, None


def _date(text: str, column: str, line: int, report: ImportReport) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        report.error(
            _("line %(line)d: %(column)s '%(value)s' is not a date written YYYY-MM-DD")
            % {"line": line, "column": column, "value": text}
        )
        return None


def parse_missions(
    text: str, *, file_name: str, report: ImportReport | None = None
) -> ParsedMissions:
    report = report or ImportReport(file_name=file_name, kind=_("Missions"))
    parsed = ParsedMissions(report=report)
    seen: dict[str, int] = {}
    counts = {status.value: 0 for status in CoordinateStatus}
    for row in read_rows(text, required=REQUIRED_COLUMNS, report=report):
        v = {k: (val or "").strip() for k, val in row.values.items()}
        acronym = v["mission_acronym"]
        if not acronym:
            report.error(
                _("line %(line)d: %(column)s is empty")
                % {"line": row.line, "column": "mission_acronym"}
            )
            continue
        if acronym in seen:
            report.error(
                _("line %(line)d: duplicate of line %(first)d (%(mission)s)")
                % {"line": row.line, "first": seen[acronym], "mission": acronym}
            )
            continue
        seen[acronym] = row.line
        active = ACTIVE_VALUES.get(v["mission_isactive"].lower())
        if active is None:
            report.error(
                _("line %(line)d: mission_isactive '%(value)s' is not Yes or No")
                % {"line": row.line, "value": v["mission_isactive"]}
            )
            continue
        notes: list[str] = []
        name = v["mission_name"]
        if name.startswith('"') or name.endswith((" the", " in", " of")):
            fixed = NAME_FIXES.get(acronym, name.strip('"'))
            report.warnings.append(
                _(
                    "line %(line)d: %(mission)s name is truncated in the source (%(name)s); "
                    "recorded as %(fixed)s"
                )
                % {"line": row.line, "mission": acronym, "name": repr(name), "fixed": repr(fixed)}
            )
            # The mission's data notes are data, stored once for every reader: kept in English.
            notes.append(f"Name truncated in the source: {name!r}.")
            name = fixed
        if not name:
            report.error(
                _("line %(line)d: %(column)s is empty")
                % {"line": row.line, "column": "mission_name"}
            )
            continue
        start = _date(v["start_date"], "start_date", row.line, report)
        end = _date(v["end_date"], "end_date", row.line, report)
        updated = _date(v.get("last_update", ""), "last_update", row.line, report)
        if start and end and end < start:
            report.warnings.append(
                _("line %(line)d: %(mission)s ends before it starts")
                % {"line": row.line, "mission": acronym}
            )
        try:
            lon = parse_number(v["mission_longitude"])
            lat = parse_number(v["mission_latitude"])
        except ValueError as exc:
            report.error(
                _("line %(line)d: coordinate '%(value)s' is not a number")
                % {"line": row.line, "value": exc}
            )
            continue
        host_name, codes = MISSION_HOSTS.get(acronym, ("", ()))
        if not codes:
            report.warnings.append(
                _(
                    "line %(line)d: %(mission)s has no entry in the host table; coordinates "
                    "checked for range only"
                )
                % {"line": row.line, "mission": acronym}
            )
        status, use_lon, use_lat = classify_coordinates(lon, lat, list(codes))
        counts[status] += 1
        if status == CoordinateStatus.SWAPPED:
            report.warnings.append(
                _(
                    "line %(line)d: %(mission)s longitude and latitude are swapped "
                    "(%(longitude)s, %(latitude)s); corrected to latitude %(new_latitude)s, "
                    "longitude %(new_longitude)s"
                )
                % {
                    "line": row.line,
                    "mission": acronym,
                    "longitude": v["mission_longitude"],
                    "latitude": v["mission_latitude"],
                    "new_latitude": use_lat,
                    "new_longitude": use_lon,
                }
            )
            notes.append("HQ coordinates swapped in the source; corrected on import.")
        elif status == CoordinateStatus.IMPOSSIBLE:
            report.warnings.append(
                _(
                    "line %(line)d: %(mission)s coordinates (%(longitude)s, %(latitude)s) lie "
                    "outside %(where)s either way round; not used"
                )
                % {
                    "line": row.line,
                    "mission": acronym,
                    "longitude": v["mission_longitude"],
                    "latitude": v["mission_latitude"],
                    "where": host_name or _("the valid range"),
                }
            )
            notes.append("HQ coordinates impossible in the source; not used.")
        parsed.records.append(
            MissionRecord(
                acronym=acronym,
                name=name[:255],
                lead_department=v["lead_department"][:32],
                is_active=active,
                start_date=start,
                end_date=end,
                hq_location=v["mission_location"][:120],
                hq_longitude=use_lon,
                hq_latitude=use_lat,
                hq_source_longitude=v["mission_longitude"][:32],
                hq_source_latitude=v["mission_latitude"][:32],
                hq_coordinate_status=status,
                host_name=host_name,
                host_codes=list(codes),
                source_id=v["id"][:16],
                source_updated=updated,
                data_notes=" ".join(notes),
                line=row.line,
            )
        )
    report.counts.update(
        {
            "rows_read": len(seen),
            "missions": len(parsed.records),
            "active": sum(1 for r in parsed.records if r.is_active),
            "coordinates_ok": counts[CoordinateStatus.OK],
            "coordinates_swapped": counts[CoordinateStatus.SWAPPED],
            "coordinates_impossible": counts[CoordinateStatus.IMPOSSIBLE],
            "coordinates_missing": counts[CoordinateStatus.MISSING],
        }
    )
    if not report.accepted:
        parsed.records = []
    return parsed
