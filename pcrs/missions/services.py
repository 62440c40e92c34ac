"""Writes to missions: imports, ceilings, gender targets, requirements, contingents.

Every write is audited in its own transaction. Imports are all-or-nothing: the parsers in
pcrs.missions.importers check the whole file first, and nothing is written when they reject it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from pcrs.accounts.models import User
from pcrs.core.audit import audit_record, diff, snapshot
from pcrs.core.dates import add_months
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.memberstates.models import MemberState
from pcrs.missions import permissions
from pcrs.missions.defaults import CEILINGS, interpolated_targets
from pcrs.missions.geo import MISSION_HOSTS, POLITICAL_MISSIONS
from pcrs.missions.importers.common import ImportReport, decode
from pcrs.missions.importers.contributions import parse_contributions
from pcrs.missions.importers.fatalities import parse_fatalities
from pcrs.missions.importers.locations import parse_locations
from pcrs.missions.importers.missions import parse_missions
from pcrs.missions.models import (
    ROTATION_PERIODS,
    Ceiling,
    CeilingCategory,
    ContingentStatus,
    Contribution,
    ContributionImport,
    DeployedContingent,
    DeploymentLocation,
    Fatality,
    FatalityImport,
    GenderCategory,
    GenderTarget,
    Mission,
    MissionKind,
    MissionStatusCorrection,
    Priority,
    Requirement,
    RequirementStatus,
)
from pcrs.registry.models import CapabilityType, Pledge, SelfSustainment

BATCH_SIZE = 2000

MISSION_FIELDS = (
    "name",
    "kind",
    "host_country",
    "host_name",
    "host_codes",
    "lead_department",
    "is_active",
    "start_date",
    "end_date",
    "hq_location",
    "hq_latitude",
    "hq_longitude",
    "hq_source_longitude",
    "hq_source_latitude",
    "hq_coordinate_status",
    "source_id",
    "source_updated",
    "source_is_active",
    "source_end_date",
    "data_notes",
)


def _ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise DomainError(message)


# --- Imports -------------------------------------------------------------------------------


@transaction.atomic
def missions_import(*, actor: User | None, data: bytes | str, file_name: str) -> ImportReport:
    """Create or update the operations of a DPPADPOSS-PKO file, plus the special political
    missions the contribution reports mention. Missions absent from the file are kept."""
    if actor is not None:
        _ensure(permissions.may_import(actor), _("Only the Secretariat can import mission data."))
    report = ImportReport(file_name=file_name, kind=_("Missions"))
    text = decode(data, report)
    if text is None:
        return report
    parsed = parse_missions(text, file_name=file_name, report=report)
    if not report.accepted:
        return report
    states = {s.iso3: s for s in MemberState.objects.all()}
    existing = {m.acronym: m for m in Mission.objects.select_for_update()}
    created = updated = 0
    wanted: list[tuple[str, dict[str, Any]]] = [
        (
            r.acronym,
            {
                "name": r.name,
                "kind": MissionKind.PEACEKEEPING,
                "host_country": states.get(r.host_codes[0]) if len(r.host_codes) == 1 else None,
                "host_name": r.host_name,
                "host_codes": r.host_codes,
                "lead_department": r.lead_department,
                "is_active": r.is_active,
                "source_is_active": r.is_active,
                "start_date": r.start_date,
                "end_date": r.end_date,
                "source_end_date": r.end_date,
                "hq_location": r.hq_location,
                "hq_latitude": r.hq_latitude,
                "hq_longitude": r.hq_longitude,
                "hq_source_longitude": r.hq_source_longitude,
                "hq_source_latitude": r.hq_source_latitude,
                "hq_coordinate_status": r.hq_coordinate_status,
                "source_id": r.source_id,
                "source_updated": r.source_updated,
                "data_notes": r.data_notes,
            },
        )
        for r in parsed.records
    ]
    for acronym, name in POLITICAL_MISSIONS.items():
        if acronym in {a for a, _ in wanted}:
            continue
        host_name, codes = MISSION_HOSTS.get(acronym, ("", ()))
        wanted.append(
            (
                acronym,
                {
                    "name": name,
                    "kind": MissionKind.POLITICAL,
                    "host_country": states.get(codes[0]) if len(codes) == 1 else None,
                    "host_name": host_name,
                    "host_codes": list(codes),
                    "data_notes": "Special political mission listed in UN contribution reports.",
                },
            )
        )
    corrections = {
        c.mission.acronym: c for c in MissionStatusCorrection.objects.select_related("mission")
    }
    for acronym, values in wanted:
        correction = corrections.get(acronym)
        if correction is not None:
            # The Secretariat's word stands over the file's (ADR 0081).
            values.update(_corrected_status(correction))
        mission = existing.get(acronym)
        if mission is None:
            mission = Mission(acronym=acronym, **values)
            mission.full_clean()
            mission.save()
            created += 1
            audit_record(
                actor=actor,
                action="mission.import",
                target=mission,
                changes=diff({}, snapshot(mission, MISSION_FIELDS)),
                note=f"created from {file_name}",
            )
            continue
        before = snapshot(mission, MISSION_FIELDS)
        for name, value in values.items():
            setattr(mission, name, value)
        changes = diff(before, snapshot(mission, MISSION_FIELDS))
        if changes:
            mission.full_clean()
            mission.save()
            updated += 1
            audit_record(
                actor=actor,
                action="mission.import",
                target=mission,
                changes=changes,
                note=f"updated from {file_name}",
            )
    report.counts.update({"created": created, "updated": updated})
    if corrections:
        report.warnings.append(
            _("status recorded by the Secretariat kept over the file for %(missions)s")
            % {
                "missions": ", ".join(
                    f"{acronym} ({c.resolution or c.source})"
                    for acronym, c in sorted(corrections.items())
                )
            }
        )
    return report


def _corrected_status(correction: MissionStatusCorrection) -> dict[str, Any]:
    values: dict[str, Any] = {"is_active": correction.is_active, "end_date": correction.end_date}
    if correction.start_date is not None:
        values["start_date"] = correction.start_date
    return values


# --- Mission status the Secretariat corrects ----------------------------------------------------

STATUS_CORRECTION_FIELDS = ("is_active", "start_date", "end_date", "resolution", "source", "note")
EARLIEST_MISSION_DATE = dt.date(1945, 10, 24)  # the Charter in force


def _clean_status(
    *,
    is_active: bool,
    start_date: dt.date | None,
    end_date: dt.date | None,
    resolution: str,
    source: str,
    today: dt.date,
) -> None:
    errors: dict[str, str] = {}
    if not source.strip():
        errors["source"] = _("Name the source: a resolution, a UN page or document.")
    if not is_active and end_date is None:
        errors["end_date"] = _("A closed mission needs the date it closed.")
    if not is_active and not resolution.strip():
        errors["resolution"] = _(
            "Cite the resolution that ended the mandate (e.g. S/RES/2690 (2023))."
        )
    if is_active and end_date is not None and end_date < today:
        errors["end_date"] = _("An active mission cannot have closed in the past; mark it closed.")
    latest = today.replace(year=today.year + 2)
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if value is not None and not EARLIEST_MISSION_DATE <= value <= latest:
            errors[name] = _("Give a date from %(first)s to %(last)s.") % {
                "first": f"{EARLIEST_MISSION_DATE:%Y-%m-%d}",
                "last": f"{latest:%Y-%m-%d}",
            }
    if start_date and end_date and end_date < start_date and "end_date" not in errors:
        errors["end_date"] = _("The closing date comes before the start.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mission_status_correct(
    *,
    actor: User | None,
    mission: Mission,
    is_active: bool,
    end_date: dt.date | None = None,
    resolution: str = "",
    source: str,
    note: str = "",
    start_date: dt.date | None = None,
) -> MissionStatusCorrection:
    """Record the Secretariat's word on a mission's status (closure date and resolution, or
    active), over what the source file says. Audited; kept through re-imports of the source."""
    if actor is not None:
        _ensure(
            permissions.may_edit_reference_data(actor),
            _("Only the Secretariat can correct a mission's status."),
        )
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    _clean_status(
        is_active=is_active,
        start_date=start_date or mission.start_date,
        end_date=end_date,
        resolution=resolution,
        source=source,
        today=timezone.localdate(),
    )
    correction = MissionStatusCorrection.objects.filter(mission=mission).first()
    before = snapshot(correction, STATUS_CORRECTION_FIELDS) if correction else {}
    mission_before = snapshot(mission, ("is_active", "start_date", "end_date"))
    if correction is None:
        correction = MissionStatusCorrection(mission=mission)
    correction.is_active = is_active
    correction.start_date = start_date
    correction.end_date = end_date
    correction.resolution = resolution.strip()
    correction.source = source.strip()
    correction.note = note.strip()
    correction.recorded_by = actor if getattr(actor, "pk", None) else None
    correction.full_clean(exclude=["mission", "recorded_by"])
    changes = diff(before, snapshot(correction, STATUS_CORRECTION_FIELDS))
    if not changes and correction.pk:
        return correction
    correction.save()
    for name, value in _corrected_status(correction).items():
        setattr(mission, name, value)
    mission.full_clean()
    mission.save()
    audit_record(
        actor=actor,
        action="mission.status_correct",
        target=mission,
        changes=changes
        + diff(mission_before, snapshot(mission, ("is_active", "start_date", "end_date"))),
        note=f"over the source ({mission.source_status}): {correction.source}",
    )
    return correction


@transaction.atomic
def mission_record(
    *,
    actor: User | None,
    acronym: str,
    name: str,
    start_date: dt.date,
    resolution: str,
    source: str,
    kind: str = MissionKind.PEACEKEEPING,
    host_name: str = "",
    note: str = "",
) -> Mission:
    """A mission the source does not list yet (a new operation), recorded by the Secretariat
    with the resolution that established it. A later import of the source keeps its status."""
    if actor is not None:
        _ensure(
            permissions.may_edit_reference_data(actor),
            _("Only the Secretariat can record a mission."),
        )
    acronym = acronym.strip()
    errors: dict[str, str] = {}
    if not acronym:
        errors["acronym"] = _("Give the mission's acronym.")
    elif Mission.objects.filter(acronym__iexact=acronym).exists():
        errors["acronym"] = _("%(acronym)s is already in PCRS; correct its status instead.") % {
            "acronym": acronym
        }
    if not resolution.strip():
        errors["resolution"] = _("Cite the resolution that established the mission.")
    if errors:
        raise ValidationError(errors)
    _clean_status(
        is_active=True,
        start_date=start_date,
        end_date=None,
        resolution=resolution,
        source=source,
        today=timezone.localdate(),
    )
    states = {s.iso3: s for s in MemberState.objects.all()}
    host = MISSION_HOSTS.get(acronym)
    mission = Mission(
        acronym=acronym,
        name=name.strip(),
        kind=kind,
        host_name=host_name.strip() or (host[0] if host else ""),
        host_codes=list(host[1]) if host else [],
        host_country=states.get(host[1][0]) if host and len(host[1]) == 1 else None,
        is_active=True,
        start_date=start_date,
        data_notes="Recorded by the Secretariat; not (yet) in the UN source file.",
    )
    mission.full_clean()
    mission.save()
    audit_record(
        actor=actor,
        action="mission.record",
        target=mission,
        changes=diff({}, snapshot(mission, ("name", "kind", "host_name", "start_date"))),
        note=source.strip(),
    )
    mission_status_correct(
        actor=actor,
        mission=mission,
        is_active=True,
        start_date=start_date,
        resolution=resolution,
        source=source,
        note=note,
    )
    mission.refresh_from_db()
    return mission


def _in_months(months: list[dt.date]) -> Q:
    condition = Q(pk__in=[])
    for month_end in months:
        condition |= Q(month__gte=month_end.replace(day=1), month__lte=month_end)
    return condition


@dataclass
class ContributionsResult:
    report: ImportReport
    batch: ContributionImport | None = None
    replaced: int = 0


@dataclass(frozen=True)
class MonthShrink:
    """A month the file would leave with fewer contributors or records than stored."""

    month: dt.date
    contributors_before: int
    contributors_after: int
    records_before: int
    records_after: int

    def describe(self) -> str:
        parts = []
        if self.contributors_after < self.contributors_before:
            parts.append(
                _("contributors %(before)d -> %(after)d (-%(difference)d)")
                % {
                    "before": self.contributors_before,
                    "after": self.contributors_after,
                    "difference": self.contributors_before - self.contributors_after,
                }
            )
        if self.records_after < self.records_before:
            parts.append(
                _("records %(before)d -> %(after)d (-%(difference)d)")
                % {
                    "before": self.records_before,
                    "after": self.records_after,
                    "difference": self.records_before - self.records_after,
                }
            )
        return f"{self.month:%Y-%m}: " + ", ".join(parts)


def _shrinking_months(parsed: Any) -> list[MonthShrink]:
    """Months of the file that hold less than the database holds for them now."""
    new_states: dict[dt.date, set[int]] = {}
    new_records: dict[dt.date, int] = {}
    for record in parsed.records:
        key = record.month.replace(day=1)
        new_states.setdefault(key, set()).add(record.member_state_id)
        new_records[key] = new_records.get(key, 0) + 1
    stored = (
        Contribution.objects.filter(_in_months(parsed.months))
        .annotate(first=TruncMonth("month"))
        .values("first")
        .annotate(states=Count("member_state", distinct=True), records=Count("id"))
    )
    shrinking = []
    for row in stored:
        first = row["first"]
        first = first.date() if isinstance(first, dt.datetime) else first
        after_states = len(new_states.get(first, set()))
        after_records = new_records.get(first, 0)
        if after_states < row["states"] or after_records < row["records"]:
            shrinking.append(
                MonthShrink(first, row["states"], after_states, row["records"], after_records)
            )
    return sorted(shrinking, key=lambda m: m.month)


def contributions_import(
    *,
    actor: User | None,
    data: bytes | str,
    file_name: str,
    strict: bool = False,
    replace_months: bool = False,
    collapse_exact_duplicates: bool = False,
) -> ContributionsResult:
    """Import a monthly contributions file in any of the layouts the importers read.

    Rejected files change nothing. Unknown contributors are skipped and reported (rejected
    with `strict`), see docs/adr/0010-unknown-contributors-are-reported-and-skipped.md. A month
    of the file that would leave fewer contributors or records than stored is refused unless
    `replace_months` (docs/adr/0080-a-month-that-shrinks-is-replaced-only-when-asked.md).
    """
    if actor is not None:
        _ensure(permissions.may_import(actor), _("Only the Secretariat can import contributions."))
    report = ImportReport(file_name=file_name, kind=_("Contributions"))
    text = decode(data, report)
    if text is None:
        return ContributionsResult(report=report)
    states = dict(MemberState.objects.values_list("iso3", "id"))
    missions = dict(Mission.objects.values_list("acronym", "id"))
    parsed = parse_contributions(
        text,
        file_name=file_name,
        states=states,
        missions=missions,
        strict=strict,
        collapse_exact_duplicates=collapse_exact_duplicates,
        report=report,
    )
    if not report.accepted:
        return ContributionsResult(report=report)
    raw = data.encode() if isinstance(data, str) else data
    with transaction.atomic():
        shrinking = _shrinking_months(parsed)
        report.details["shrinking_months"] = [
            {
                "month": m.month.strftime("%Y-%m"),
                "contributors_before": m.contributors_before,
                "contributors_after": m.contributors_after,
                "records_before": m.records_before,
                "records_after": m.records_after,
            }
            for m in shrinking
        ]
        if shrinking and not replace_months:
            report.error(
                _(
                    "%(count)d month(s) of the file hold less than PCRS has stored, and "
                    "importing would delete the difference: %(months)s. If the file is complete "
                    "and those months should shrink, import again with --replace-months (on the "
                    "upload page: 'Replace these months')."
                )
                % {"count": len(shrinking), "months": "; ".join(m.describe() for m in shrinking)}
            )
            report.counts["months_shrinking"] = len(shrinking)
            return ContributionsResult(report=report)
        if shrinking:
            report.warnings.append(
                _("months replaced as asked, with fewer records than before: %(months)s")
                % {"months": "; ".join(m.describe() for m in shrinking)}
            )
        replaced, _by_model = Contribution.objects.filter(_in_months(parsed.months)).delete()
        batch = ContributionImport.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(raw).hexdigest(),
            imported_by=actor if getattr(actor, "pk", None) else None,
            months=[m.isoformat() for m in parsed.months],
            rows_read=report.counts.get("rows_read", 0),
            rows_imported=report.counts.get("rows_imported", 0),
            rows_skipped=report.counts.get("rows_skipped", 0),
            records_written=len(parsed.records),
            report=report.as_dict(),
        )
        Contribution.objects.bulk_create(
            (
                Contribution(
                    month=r.month,
                    member_state_id=r.member_state_id,
                    mission_id=r.mission_id,
                    personnel_type=r.personnel_type,
                    male=r.male,
                    female=r.female,
                    total=r.total,
                    gender_mismatch=r.gender_mismatch,
                    source_line=r.source_line,
                    batch=batch,
                )
                for r in parsed.records
            ),
            batch_size=BATCH_SIZE,
        )
        report.counts["records_replaced"] = replaced
        audit_record(
            actor=actor,
            action="contributions.import",
            target=batch,
            changes=[
                {"field": "records", "old": replaced, "new": len(parsed.records)},
                {
                    "field": "months",
                    "old": None,
                    "new": f"{parsed.months[0]} .. {parsed.months[-1]}" if parsed.months else "",
                },
            ],
            note=f"{file_name} ({parsed.layout}): {report.counts.get('rows_imported', 0)} rows "
            f"imported, {report.counts.get('rows_skipped', 0)} skipped"
            + (f"; months replaced: {len(shrinking)} shrank" if shrinking else ""),
        )
    return ContributionsResult(report=report, batch=batch, replaced=replaced)


@dataclass
class FatalitiesResult:
    report: ImportReport
    batch: FatalityImport | None = None
    replaced: int = 0


def fatalities_import(
    *, actor: User | None, data: bytes | str, file_name: str, replace: bool = False
) -> FatalitiesResult:
    """Import the UN fatalities dataset (DPPADPOSS-FATALITIES): the file is the whole history,
    so it replaces what is stored, all or nothing. A file with fewer rows than stored is
    refused unless `replace` (a cut file must not delete history silently)."""
    if actor is not None:
        _ensure(permissions.may_import(actor), _("Only the Secretariat can import fatalities."))
    report = ImportReport(file_name=file_name, kind=_("Fatalities"))
    text = decode(data, report)
    if text is None:
        return FatalitiesResult(report=report)
    parsed = parse_fatalities(
        text,
        file_name=file_name,
        states=dict(MemberState.objects.values_list("iso3", "id")),
        missions=dict(Mission.objects.values_list("acronym", "id")),
        today=timezone.localdate(),
        report=report,
    )
    if not report.accepted:
        return FatalitiesResult(report=report)
    raw = data.encode() if isinstance(data, str) else data
    with transaction.atomic():
        stored = Fatality.objects.select_for_update().count()
        if len(parsed.records) < stored and not replace:
            report.error(
                _(
                    "the file has %(count)d fatalities where PCRS holds %(stored)d "
                    "(-%(difference)d); the dataset is cumulative, so this looks like a cut "
                    "file. Import again with --replace if it is right."
                )
                % {
                    "count": len(parsed.records),
                    "stored": stored,
                    "difference": stored - len(parsed.records),
                }
            )
            return FatalitiesResult(report=report)
        replaced, _by_model = Fatality.objects.all().delete()
        batch = FatalityImport.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(raw).hexdigest(),
            imported_by=actor if getattr(actor, "pk", None) else None,
            source_updated=parsed.source_updated,
            rows_read=report.counts.get("rows_read", 0),
            records_written=len(parsed.records),
            report=report.as_dict(),
        )
        Fatality.objects.bulk_create(
            (Fatality(batch=batch, **vars(r)) for r in parsed.records), batch_size=BATCH_SIZE
        )
        report.counts["records_replaced"] = replaced
        audit_record(
            actor=actor,
            action="fatalities.import",
            target=batch,
            changes=[{"field": "records", "old": replaced, "new": len(parsed.records)}],
            note=f"{file_name}: source updated {parsed.source_updated}",
        )
    return FatalitiesResult(report=report, batch=batch, replaced=replaced)


@transaction.atomic
def locations_import(*, actor: User | None, data: bytes | str, file_name: str) -> ImportReport:
    """Replace the Geo-PKO deployment locations of every mission the file covers."""
    if actor is not None:
        _ensure(permissions.may_import(actor), _("Only the Secretariat can import locations."))
    report = ImportReport(file_name=file_name, kind=_("Deployment locations"))
    text = decode(data, report)
    if text is None:
        return report
    missions = dict(Mission.objects.values_list("acronym", "id"))
    parsed = parse_locations(text, file_name=file_name, missions=missions, report=report)
    if not report.accepted:
        return report
    replaced, _by_model = DeploymentLocation.objects.filter(
        mission_id__in=parsed.mission_ids
    ).delete()
    DeploymentLocation.objects.bulk_create(
        (DeploymentLocation(**vars(r)) for r in parsed.records), batch_size=BATCH_SIZE
    )
    report.counts["records_replaced"] = replaced
    for mission in Mission.objects.filter(pk__in=parsed.mission_ids):
        audit_record(
            actor=actor,
            action="locations.import",
            target=mission,
            changes=[
                {
                    "field": "locations",
                    "old": None,
                    "new": sum(1 for r in parsed.records if r.mission_id == mission.pk),
                }
            ],
            note=file_name,
        )
    return report


# --- Ceilings and gender targets -------------------------------------------------------------

CEILING_FIELDS = ("category", "authorized", "effective_from", "resolution", "note")


@transaction.atomic
def ceiling_create(
    *,
    actor: User | None,
    mission: Mission,
    category: str,
    authorized: int,
    effective_from: dt.date,
    resolution: str,
    note: str = "",
) -> Ceiling:
    """Record a ceiling in force from a date. Earlier ceilings stay: the history is the point."""
    if actor is not None:
        _ensure(
            permissions.may_edit_reference_data(actor),
            _("Only the Secretariat can record ceilings."),
        )
    if not resolution.strip():
        raise ValidationError({"resolution": _("Cite the resolution that sets this ceiling.")})
    ceiling = Ceiling(
        mission=mission,
        category=category,
        authorized=authorized,
        effective_from=effective_from,
        resolution=resolution.strip(),
        note=note,
    )
    ceiling.full_clean()
    ceiling.save()
    audit_record(
        actor=actor,
        action="ceiling.create",
        target=ceiling,
        changes=diff({}, snapshot(ceiling, CEILING_FIELDS)),
    )
    return ceiling


@transaction.atomic
def ceilings_load_defaults(*, actor: User | None = None) -> tuple[int, list[str]]:
    """Load the current ceilings of PCRS.md; an existing (mission, category, date) is kept."""
    missions = {m.acronym: m for m in Mission.objects.all()}
    created = 0
    missing: list[str] = []
    for default in CEILINGS:
        mission = missions.get(default.mission)
        if mission is None:
            missing.append(default.mission)
            continue
        if Ceiling.objects.filter(
            mission=mission, category=default.category, effective_from=default.effective_from
        ).exists():
            continue
        ceiling_create(
            actor=actor,
            mission=mission,
            category=default.category,
            authorized=default.authorized,
            effective_from=default.effective_from,
            resolution=default.resolution,
            note=default.note,
        )
        created += 1
    return created, sorted(set(missing))


@transaction.atomic
def gender_targets_load_defaults(*, actor: User | None = None) -> int:
    """Load the parity-strategy targets for every year 2018-2028; edited years are kept."""
    existing = set(GenderTarget.objects.values_list("category", "year"))
    created = 0
    for category, year, percent, interpolated, source in interpolated_targets():
        if (category, year) in existing:
            continue
        target = GenderTarget(
            category=category,
            year=year,
            target_percent=percent,
            is_interpolated=interpolated,
            source=source,
        )
        target.full_clean()
        target.save()
        audit_record(
            actor=actor,
            action="gender_target.load",
            target=target,
            changes=[{"field": "target_percent", "old": None, "new": str(percent)}],
        )
        created += 1
    return created


# Years the Secretariat may set a target for: the strategy runs 2018-2028; later years are
# allowed so that a successor strategy can be entered ahead of time.
GENDER_TARGET_FIRST_YEAR, GENDER_TARGET_LAST_YEAR = 2018, 2035
GENDER_TARGET_FIELDS = ("target_percent", "source")


@transaction.atomic
def gender_target_set(
    *, actor: User, category: str, year: int, target_percent: Decimal, source: str = ""
) -> GenderTarget:
    """Set (or create) the target of one category for one year. The change is audited with
    the value it replaces; gap colours follow on the next read (nothing is stored)."""
    _ensure(
        permissions.may_edit_reference_data(actor),
        _("Only the Secretariat can change gender targets."),
    )
    errors: dict[str, str] = {}
    if category not in GenderCategory.values:
        errors["category"] = _("Unknown category %(category)r.") % {"category": category}
    if not GENDER_TARGET_FIRST_YEAR <= year <= GENDER_TARGET_LAST_YEAR:
        errors["year"] = _("Year %(year)s is outside %(first)s-%(last)s.") % {
            "year": year,
            "first": GENDER_TARGET_FIRST_YEAR,
            "last": GENDER_TARGET_LAST_YEAR,
        }
    if not Decimal("0") <= Decimal(target_percent) <= Decimal("100"):
        errors["target_percent"] = _("A share of %(percent)s%% is outside 0-100%%.") % {
            "percent": target_percent
        }
    if errors:
        raise ValidationError(errors)
    target = GenderTarget.objects.select_for_update().filter(category=category, year=year).first()
    before = snapshot(target, GENDER_TARGET_FIELDS) if target else {}
    if target is None:
        target = GenderTarget(category=category, year=year)
    target.target_percent = Decimal(target_percent)
    target.is_interpolated = False
    target.source = source.strip() or f"set by {actor.get_username()}"
    target.full_clean()
    changes = diff(before, snapshot(target, GENDER_TARGET_FIELDS))
    if target.pk is not None and not changes:
        return target
    target.save()
    audit_record(actor=actor, action="gender_target.set", target=target, changes=changes)
    return target


# --- Requirements ----------------------------------------------------------------------------

REQUIREMENT_FIELDS = (
    "capability_type",
    "title",
    "units",
    "personnel",
    "required_by",
    "priority",
    "location",
    "languages",
    "min_women_percent",
    "major_equipment",
    "self_sustainment",
    "notes",
    "status",
    "opened_on",
    "closed_on",
)

# The requirement workflow: from status -> statuses it may move to.
REQUIREMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    RequirementStatus.OPEN: frozenset(
        {RequirementStatus.IN_GENERATION, RequirementStatus.FILLED, RequirementStatus.CANCELLED}
    ),
    RequirementStatus.IN_GENERATION: frozenset(
        {RequirementStatus.OPEN, RequirementStatus.FILLED, RequirementStatus.CANCELLED}
    ),
    RequirementStatus.FILLED: frozenset({RequirementStatus.OPEN}),
    RequirementStatus.CANCELLED: frozenset({RequirementStatus.OPEN}),
}


@dataclass
class RequirementInput:
    capability_type: CapabilityType
    personnel: int
    required_by: dt.date
    units: int = 1
    title: str = ""
    priority: str = Priority.HIGH
    location: str = ""
    languages: list[str] = field(default_factory=list)
    min_women_percent: Decimal = Decimal("0")
    major_equipment: list[dict[str, Any]] = field(default_factory=list)
    self_sustainment: list[str] = field(default_factory=list)
    notes: str = ""


def _ensure_may_edit_requirements(actor: User | None, mission: Mission) -> None:
    if actor is None:
        return  # loaders run by the operator
    if not permissions.may_edit_mission(actor, mission):
        raise DomainError(
            _("Only this mission's planners or the Secretariat can change its requirements.")
        )


def _clean_requirement(data: RequirementInput) -> None:
    errors: dict[str, str] = {}
    unknown = [s for s in data.self_sustainment if s not in SelfSustainment.values]
    if unknown:
        errors["self_sustainment"] = _("Unknown self-sustainment categories: %(categories)s.") % {
            "join": ", ".join(unknown)
        }
    for item in data.major_equipment:
        if not isinstance(item, dict) or not str(item.get("item", "")).strip():
            errors["major_equipment"] = _("Each equipment line needs an item and a quantity.")
            break
        quantity = item.get("quantity")
        if not isinstance(quantity, int) or not 1 <= quantity <= 10000:
            errors["major_equipment"] = _(
                "Quantity of %(item)r must be a whole number 1-10000."
            ) % {"item": item.get("item")}
            break
    bad_languages = [x for x in data.languages if not (isinstance(x, str) and 2 <= len(x) <= 3)]
    if bad_languages:
        errors["languages"] = _("Languages are ISO 639 codes such as 'en' or 'fr'.")
    if errors:
        raise ValidationError(errors)


def _apply_requirement(requirement: Requirement, data: RequirementInput) -> None:
    requirement.capability_type = data.capability_type
    requirement.title = data.title.strip()
    requirement.units = data.units
    requirement.personnel = data.personnel
    requirement.required_by = data.required_by
    requirement.priority = data.priority
    requirement.location = data.location.strip()
    requirement.languages = list(data.languages)
    requirement.min_women_percent = data.min_women_percent
    requirement.major_equipment = list(data.major_equipment)
    requirement.self_sustainment = list(data.self_sustainment)
    requirement.notes = data.notes


@transaction.atomic
def requirement_create(
    *,
    actor: User | None,
    mission: Mission,
    data: RequirementInput,
    opened_on: dt.date | None = None,
    is_synthetic: bool = False,
) -> Requirement:
    _ensure_may_edit_requirements(actor, mission)
    _clean_requirement(data)
    created_on = opened_on or timezone.localdate()
    if data.required_by < created_on:
        raise ValidationError(
            {
                "required_by": (
                    _(
                        "A new requirement cannot be needed by a date already past "
                        "(%(required_by)s; today is %(today)s)."
                    )
                    % {"required_by": data.required_by, "today": created_on}
                )
            }
        )
    requirement = Requirement(mission=mission, is_synthetic=is_synthetic)
    if opened_on is not None:
        requirement.opened_on = opened_on
    _apply_requirement(requirement, data)
    requirement.full_clean()
    requirement.save()
    audit_record(
        actor=actor,
        action="requirement.create",
        target=requirement,
        changes=diff({}, snapshot(requirement, REQUIREMENT_FIELDS)),
    )
    return requirement


def _locked_requirement(requirement: Requirement, expected_version: int | None) -> Requirement:
    locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if expected_version is not None and expected_version != locked.version:
        raise ConcurrentChangeError(
            _(
                "This requirement was changed by someone else after you opened it; "
                "reload it and apply your change again."
            )
        )
    return locked


@transaction.atomic
def requirement_update(
    *,
    actor: User,
    requirement: Requirement,
    data: RequirementInput,
    expected_version: int | None = None,
) -> Requirement:
    _ensure_may_edit_requirements(actor, requirement.mission)
    requirement = _locked_requirement(requirement, expected_version)
    _clean_requirement(data)
    before = snapshot(requirement, REQUIREMENT_FIELDS)
    _apply_requirement(requirement, data)
    requirement.full_clean()
    changes = diff(before, snapshot(requirement, REQUIREMENT_FIELDS))
    if not changes:
        return requirement
    requirement.version += 1
    requirement.save()
    audit_record(actor=actor, action="requirement.update", target=requirement, changes=changes)
    return requirement


@transaction.atomic
def requirement_status_set(
    *,
    actor: User | None,
    requirement: Requirement,
    status: str,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> Requirement:
    """Move a requirement along its workflow; closing it stamps the date it closed."""
    _ensure_may_edit_requirements(actor, requirement.mission)
    requirement = _locked_requirement(requirement, expected_version)
    if status not in REQUIREMENT_TRANSITIONS.get(requirement.status, frozenset()):
        wanted = dict(RequirementStatus.choices).get(status, status)
        raise DomainError(
            _("A requirement that is %(current)s cannot become %(wanted)s.")
            % {
                "current": requirement.get_status_display().lower(),
                "wanted": str(wanted).lower(),
            },
            field="status",
        )
    before = snapshot(requirement, ("status", "closed_on"))
    requirement.status = status
    closing = status in (RequirementStatus.FILLED, RequirementStatus.CANCELLED)
    requirement.closed_on = (on or timezone.localdate()) if closing else None
    requirement.version += 1
    requirement.full_clean()
    requirement.save()
    audit_record(
        actor=actor,
        action="requirement.status",
        target=requirement,
        changes=diff(before, snapshot(requirement, ("status", "closed_on"))),
    )
    return requirement


# --- Contingents -----------------------------------------------------------------------------

CONTINGENT_FIELDS = (
    "mission",
    "member_state",
    "capability_type",
    "designation",
    "personnel",
    "women",
    "deployed_on",
    "rotation_months",
    "next_rotation_on",
    "location",
    "status",
    "replacement_pledge",
    "replacement_note",
)


@dataclass
class ContingentInput:
    mission: Mission
    member_state: MemberState
    capability_type: CapabilityType
    personnel: int
    deployed_on: dt.date
    women: int = 0
    rotation_months: int = 12
    next_rotation_on: dt.date | None = None
    designation: str = ""
    location: str = ""


@transaction.atomic
def contingent_create(
    *,
    actor: User | None,
    data: ContingentInput,
    is_synthetic: bool = False,
    source_note: str = "",
) -> DeployedContingent:
    """Record a contingent deployed in a mission; the next rotation defaults to the deployment
    date plus the rotation period."""
    if actor is not None and not permissions.may_record_contingents(actor):
        raise DomainError(_("Only the Secretariat can record deployed contingents."))
    errors: dict[str, str] = {}
    if data.rotation_months not in ROTATION_PERIODS:
        errors["rotation_months"] = _("Units rotate every 6 or 12 months.")
    if data.women > data.personnel:
        errors["women"] = _("Women (%(women)s) cannot exceed the personnel (%(personnel)s).") % {
            "women": data.women,
            "personnel": data.personnel,
        }
    if data.next_rotation_on is not None and data.next_rotation_on <= data.deployed_on:
        errors["next_rotation_on"] = _("The next rotation must come after the deployment date.")
    today = timezone.localdate()
    if data.deployed_on > today:
        # A contingent deploying later is not deployed now: gaps and ceilings would count it.
        errors["deployed_on"] = _(
            "A contingent deploying on %(date)s is not deployed yet (today is %(today)s); "
            "record it once it has deployed."
        ) % {"date": data.deployed_on, "today": today}
    if errors:
        raise ValidationError(errors)
    contingent = DeployedContingent(
        mission=data.mission,
        member_state=data.member_state,
        capability_type=data.capability_type,
        designation=data.designation,
        personnel=data.personnel,
        women=data.women,
        deployed_on=data.deployed_on,
        rotation_months=data.rotation_months,
        next_rotation_on=data.next_rotation_on
        or add_months(data.deployed_on, data.rotation_months),
        location=data.location,
        is_synthetic=is_synthetic,
        source_note=source_note,
    )
    contingent.full_clean()
    contingent.save()
    audit_record(
        actor=actor,
        action="contingent.create",
        target=contingent,
        changes=diff({}, snapshot(contingent, CONTINGENT_FIELDS)),
    )
    return contingent


@transaction.atomic
def contingent_replacement_set(
    *,
    actor: User,
    contingent: DeployedContingent,
    pledge: Pledge | None = None,
    note: str = "",
) -> DeployedContingent:
    """Name the pledge (or, in words, the unit) that will relieve a contingent at rotation.
    With neither, the replacement is cleared and the rotation shows as a gap again."""
    _ensure(
        permissions.may_record_contingents(actor),
        _("Only the Secretariat can identify replacements."),
    )
    contingent = DeployedContingent.objects.select_for_update().get(pk=contingent.pk)
    if contingent.status != ContingentStatus.DEPLOYED:
        raise DomainError(_("This contingent is no longer deployed."), field="status")
    if pledge is not None and pledge.capability_type_id != contingent.capability_type_id:
        raise ValidationError(
            {"replacement_pledge": _("The replacement must be of the same capability type.")}
        )
    if pledge is not None and not Pledge.objects.live().filter(pk=pledge.pk).exists():
        raise ValidationError(
            {"replacement_pledge": _("A draft or withdrawn pledge cannot relieve a unit.")}
        )
    before = snapshot(contingent, ("replacement_pledge", "replacement_note"))
    contingent.replacement_pledge = pledge
    contingent.replacement_note = note.strip()
    contingent.full_clean()
    contingent.save()
    audit_record(
        actor=actor,
        action="contingent.replacement",
        target=contingent,
        changes=diff(before, snapshot(contingent, ("replacement_pledge", "replacement_note"))),
    )
    return contingent


def ceiling_categories() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in CeilingCategory.choices]


@transaction.atomic
def contingents_derive_demo(
    *, actor: User | None, today: dt.date, month: dt.date | None = None
) -> tuple[int, list[str]]:
    """Derive the synthetic deployed contingents of the active missions from one month of real
    contribution data (default: the latest). Runs once: existing synthetic contingents are kept.

    Returns (contingents created, notes)."""
    from pcrs.missions.derive import deployment_date, plan_units

    notes: list[str] = []
    if DeployedContingent.objects.filter(is_synthetic=True).exists():
        return 0, ["synthetic contingents already present; left as they are"]
    if month is None:
        month = Contribution.objects.order_by("-month").values_list("month", flat=True).first()
    if month is None:
        return 0, ["no contribution data: import contributions first"]
    types = {ct.code: ct for ct in CapabilityType.objects.all()}
    active = {m.pk: m for m in Mission.objects.filter(is_active=True)}
    locations: dict[int, list[str]] = {}
    for mission_id in active:
        latest = (
            DeploymentLocation.objects.filter(mission_id=mission_id)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        names = (
            DeploymentLocation.objects.filter(mission_id=mission_id, year=latest)
            .order_by("-troops", "name")
            .values_list("name", flat=True)
            if latest
            else []
        )
        locations[mission_id] = list(dict.fromkeys(names))[:12]
    missing_types: set[str] = set()
    source = f"Derived from UN contribution data for {month:%Y-%m-%d}; units and dates synthetic"
    created: list[DeployedContingent] = []
    rows = (
        Contribution.objects.filter(month=month, mission_id__in=active.keys())
        .select_related("member_state")
        .order_by("mission_id", "member_state__iso3", "personnel_type")
    )
    for row in rows:
        units = plan_units(
            mission=active[row.mission_id].acronym,
            state=row.member_state.iso3,
            personnel_type=row.personnel_type,
            total=row.total,
            women=row.female,
        )
        for unit in units:
            capability = types.get(unit.capability_code)
            if capability is None:
                missing_types.add(unit.capability_code)
                continue
            deployed_on = deployment_date(today, unit)
            places = locations.get(row.mission_id) or [""]
            contingent = DeployedContingent(
                mission_id=row.mission_id,
                member_state=row.member_state,
                capability_type=capability,
                designation=unit.designation,
                personnel=unit.personnel,
                women=unit.women,
                deployed_on=deployed_on,
                rotation_months=unit.rotation_months,
                next_rotation_on=add_months(deployed_on, unit.rotation_months),
                location=places[unit.location_index % len(places)],
                replacement_note=(
                    "Replacement identified (synthetic)" if unit.replacement_identified else ""
                ),
                is_synthetic=True,
                source_note=source,
            )
            contingent.full_clean(exclude=["mission", "member_state", "capability_type"])
            created.append(contingent)
    DeployedContingent.objects.bulk_create(created, batch_size=BATCH_SIZE)
    for mission_id in sorted({c.mission_id for c in created}):
        audit_record(
            actor=actor,
            action="contingent.derive",
            target=active[mission_id],
            changes=[
                {
                    "field": "contingents",
                    "old": None,
                    "new": sum(1 for c in created if c.mission_id == mission_id),
                }
            ],
            note=source,
        )
    if missing_types:
        notes.append(
            "capability types missing from the catalogue (load it first): "
            + ", ".join(sorted(missing_types))
        )
    no_data = sorted(
        m.acronym
        for pk, m in active.items()
        if m.kind == MissionKind.PEACEKEEPING and pk not in {c.mission_id for c in created}
    )
    if no_data:
        notes.append(f"no contribution data for {month:%Y-%m}: " + ", ".join(no_data))
    return len(created), notes
