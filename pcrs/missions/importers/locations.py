"""Geo-PKO FrontMap v2.3: deployment locations per mission and year."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from pcrs.missions.geo import MISSION_ALIASES, MISSION_HOSTS, inside_hosts
from pcrs.missions.importers.common import ImportReport, line_ranges, read_rows

REQUIRED_COLUMNS = [
    "mission",
    "year",
    "country",
    "location",
    "latitude",
    "longitude",
    "NoTroops",
    "hq",
    "UNPOL",
    "Med",
    "Av",
    "UNMO",
    "ave.no.troops",
]
FLAGS = {"UNPOL": "has_police", "Med": "has_medical", "Av": "has_aviation", "UNMO": "has_observers"}


@dataclass
class LocationRecord:
    mission_id: int
    year: int
    country: str
    name: str
    latitude: float
    longitude: float
    troops: int | None = None
    average_troops: int | None = None
    hq_level: int = 0
    has_police: bool = False
    has_medical: bool = False
    has_aviation: bool = False
    has_observers: bool = False
    observations: int = 1


@dataclass
class ParsedLocations:
    report: ImportReport
    records: list[LocationRecord] = field(default_factory=list)
    mission_ids: set[int] = field(default_factory=set)


def _count(text: str) -> int | None:
    text = text.strip()
    if text in ("", "NA"):
        return None
    value = float(text)  # ValueError for anything that is not a number
    if value < 0:
        raise ValueError(text)
    return round(value)


def parse_locations(
    text: str, *, file_name: str, missions: dict[str, int], report: ImportReport | None = None
) -> ParsedLocations:
    """Geo-PKO records a location several times a year (one per map it appears on): they are
    merged into one location per mission, year and place, keeping the largest troop figure."""
    report = report or ImportReport(file_name=file_name, kind=_("Deployment locations"))
    parsed = ParsedLocations(report=report)
    merged: dict[tuple[int, int, str, float, float], LocationRecord] = {}
    unknown: dict[str, list[int]] = {}
    outside: list[int] = []
    rows_read = 0
    for row in read_rows(text, required=REQUIRED_COLUMNS, report=report):
        rows_read += 1
        v = {k: (val or "").strip() for k, val in row.values.items()}
        acronym = MISSION_ALIASES.get(v["mission"], v["mission"])
        mission_id = missions.get(acronym)
        if mission_id is None:
            unknown.setdefault(v["mission"], []).append(row.line)
            continue
        try:
            year = int(v["year"])
            lat, lon = float(v["latitude"]), float(v["longitude"])
            troops, average = _count(v["NoTroops"]), _count(v["ave.no.troops"])
            hq = int(v["hq"] or 0)
            flags = {attr: int(v[column] or 0) > 0 for column, attr in FLAGS.items()}
        except ValueError as exc:
            report.error(
                _("line %(line)d: not a number (%(problem)s)") % {"line": row.line, "problem": exc}
            )
            continue
        if not (1945 <= year <= 2100):
            report.error(
                _("line %(line)d: year %(year)d is out of range") % {"line": row.line, "year": year}
            )
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            report.error(
                _("line %(line)d: coordinates (%(latitude)s, %(longitude)s) are impossible")
                % {"line": row.line, "latitude": lat, "longitude": lon}
            )
            continue
        hosts = MISSION_HOSTS[acronym][1] if acronym in MISSION_HOSTS else ()
        if hosts and not inside_hosts(lon, lat, hosts):
            outside.append(row.line)
        key = (mission_id, year, v["location"], lat, lon)
        record = merged.get(key)
        if record is None:
            merged[key] = LocationRecord(
                mission_id=mission_id,
                year=year,
                country=v["country"][:80],
                name=v["location"][:120],
                latitude=lat,
                longitude=lon,
                troops=troops,
                average_troops=average,
                hq_level=hq,
                **flags,
            )
        else:
            record.observations += 1
            if troops is not None:
                record.troops = max(record.troops or 0, troops)
            if average is not None:
                record.average_troops = max(record.average_troops or 0, average)
            record.hq_level = max(record.hq_level, hq)
            for attr, flag in flags.items():
                setattr(record, attr, getattr(record, attr) or flag)
    for name, lines in sorted(unknown.items()):
        report.error(
            _("line %(line)d: unknown mission '%(mission)s' (lines %(lines)s)")
            % {"line": lines[0], "mission": name, "lines": line_ranges(lines)}
        )
    if outside:
        report.warnings.append(
            _(
                "locations outside the rough bounds of the mission's host country (kept; check "
                "them): lines %(lines)s"
            )
            % {"lines": line_ranges(outside)}
        )
    parsed.records = list(merged.values()) if report.accepted else []
    parsed.mission_ids = {r.mission_id for r in parsed.records}
    report.counts.update(
        {
            "rows_read": rows_read,
            "locations": len(parsed.records),
            "observations_merged": rows_read - len(merged) if report.accepted else 0,
            "missions": len(parsed.mission_ids),
        }
    )
    return parsed
