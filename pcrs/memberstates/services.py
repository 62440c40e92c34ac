"""Writes: loading the Member States and regional organizations from the data files.

The two CSV files in pcrs/memberstates/data/ are the source of truth (see the README there).
`member_states_load` checks every row of both files first and writes nothing unless all of
them are valid; then it creates or updates rows in one transaction, audited, so a second run on
unchanged files changes nothing. Rows that are in the database but no longer in the files are
reported, never deleted: users and pledges refer to Member States.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pycountry
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from pcrs.core.audit import audit_record, audit_record_many, diff, snapshot
from pcrs.core.errors import DomainError
from pcrs.memberstates.models import MemberState, RegionalOrganization
from pcrs.memberstates.reference import (
    PEACEKEEPING_WORKING_LANGUAGES,
    UN_LANGUAGES,
    language_name,
    m49_problem,
)

DATA_DIR: Final = Path(__file__).resolve().parent / "data"
STATES_FILE: Final = DATA_DIR / "member_states.csv"
ORGANIZATIONS_FILE: Final = DATA_DIR / "organizations.csv"

STATE_COLUMNS: Final = (
    "iso3",
    "name",
    "region",
    "subregion",
    "intermediate_region",
    "official_languages",
    "working_languages",
    "un_member_since",
)
ORGANIZATION_COLUMNS: Final = ("code", "name", "members", "non_un_members", "as_of", "note")

# The fields a load sets (iso3 / code identify the row and never change).
STATE_FIELDS: Final = (
    "iso2",
    "m49",
    "name",
    "official_name",
    "region",
    "subregion",
    "intermediate_region",
    "official_languages",
    "working_languages",
    "un_member_since",
)
ORGANIZATION_FIELDS: Final = ("name", "non_un_members", "as_of", "note")

UN_FOUNDED: Final = dt.date(1945, 10, 24)


class MemberStateDataError(DomainError):
    """The data files have problems; nothing was written. `problems` name file and line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"Member State data not loaded, nothing changed:\n{lines}")


@dataclass(frozen=True)
class LoadReport:
    states_created: int = 0
    states_updated: int = 0
    states_unchanged: int = 0
    organizations_created: int = 0
    organizations_updated: int = 0
    organizations_unchanged: int = 0
    # Organizations whose list of members changed.
    memberships_changed: int = 0
    # In the database but not in the files: kept (other records refer to them), reported.
    states_not_in_file: tuple[str, ...] = ()
    organizations_not_in_file: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(
            self.states_created
            or self.states_updated
            or self.organizations_created
            or self.organizations_updated
            or self.memberships_changed
        )

    def __str__(self) -> str:
        return self.summary()

    def summary(self) -> str:
        lines = [
            f"Member States: {self.states_created} created, {self.states_updated} updated, "
            f"{self.states_unchanged} unchanged.",
            f"Regional organizations: {self.organizations_created} created, "
            f"{self.organizations_updated} updated, {self.organizations_unchanged} unchanged; "
            f"membership changed in {self.memberships_changed}.",
        ]
        if self.states_not_in_file:
            lines.append(f"Not in the file, kept: {', '.join(self.states_not_in_file)}.")
        if self.organizations_not_in_file:
            lines.append(
                f"Organizations not in the file, kept: {', '.join(self.organizations_not_in_file)}."
            )
        return "\n".join(lines)


@dataclass
class _Parsed:
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    states_source: str = STATES_FILE.name


def _rows(
    path: Path, columns: tuple[str, ...], problems: list[str]
) -> Iterator[tuple[str, dict[str, str]]]:
    """(where, row) for each data row of a CSV file; file-level problems go to `problems`."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        problems.append(f"{path.name}: cannot be read ({exc.strerror}).")
        return
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
            missing = [c for c in columns if c not in header]
            if missing:
                problems.append(f"{path.name} line 1: missing column(s) {', '.join(missing)}.")
                return
            for row in reader:
                where = f"{path.name} line {reader.line_num}"
                if None in row or any(value is None for value in row.values()):
                    problems.append(f"{where}: expected {len(header)} columns.")
                    continue
                yield where, {key: value.strip() for key, value in row.items()}
        except (csv.Error, UnicodeDecodeError) as exc:
            problems.append(f"{path.name} line {reader.line_num}: unreadable ({exc}).")


def _languages(value: str, where: str, column: str, problems: list[str]) -> list[str]:
    codes = value.lower().split()
    if not codes:
        problems.append(f"{where}: {column} is empty.")
    for code in codes:
        if language_name(code) is None:
            problems.append(f"{where}: {column} has {code!r}, not an ISO 639 language code.")
    if len(set(codes)) != len(codes):
        problems.append(f"{where}: {column} lists a language twice.")
    return codes


def _date(value: str, where: str, column: str, problems: list[str]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {column} {value!r} is not a date (YYYY-MM-DD).")
        return None


def _parse_states(path: Path, parsed: _Parsed) -> None:
    problems = parsed.problems
    seen: dict[str, dict[str, str]] = {"iso2": {}, "m49": {}, "name": {}}
    for where, row in _rows(path, STATE_COLUMNS, problems):
        iso3 = row["iso3"].upper()
        country = pycountry.countries.get(alpha_3=iso3) if len(iso3) == 3 else None
        if country is None:
            problems.append(f"{where}: iso3 {row['iso3']!r} is not an ISO 3166-1 alpha-3 code.")
            continue
        if iso3 in parsed.states:
            problems.append(f"{where}: {iso3} is listed twice.")
            continue
        region_problem = m49_problem(row["region"], row["subregion"], row["intermediate_region"])
        if region_problem:
            problems.append(f"{where}: {iso3}: {region_problem}.")
        official = _languages(row["official_languages"], where, "official_languages", problems)
        working = _languages(row["working_languages"], where, "working_languages", problems)
        if any(code not in UN_LANGUAGES for code in working):
            problems.append(
                f"{where}: working_languages must be UN languages ({' '.join(UN_LANGUAGES)})."
            )
        elif working and not set(working) & set(PEACEKEEPING_WORKING_LANGUAGES):
            problems.append(f"{where}: working_languages must include en or fr.")
        since = _date(row["un_member_since"], where, "un_member_since", problems)
        if since is not None and not UN_FOUNDED <= since <= timezone.localdate():
            problems.append(f"{where}: un_member_since {since} is outside 1945-10-24..today.")
        values = {
            "iso2": country.alpha_2,
            "m49": country.numeric,
            "name": row["name"] or getattr(country, "common_name", None) or country.name,
            "official_name": getattr(country, "official_name", ""),
            "region": row["region"],
            "subregion": row["subregion"],
            "intermediate_region": row["intermediate_region"],
            "official_languages": official,
            "working_languages": working,
            "un_member_since": since,
        }
        for unique in ("iso2", "m49", "name"):
            other = seen[unique].setdefault(str(values[unique]), iso3)
            if other != iso3:
                problems.append(f"{where}: {iso3} has the same {unique} as {other}.")
        parsed.states[iso3] = values


def _parse_organizations(path: Path, parsed: _Parsed) -> None:
    problems = parsed.problems
    for where, row in _rows(path, ORGANIZATION_COLUMNS, problems):
        code = row["code"].upper()
        if not code or len(code) > 16:
            problems.append(f"{where}: code {row['code']!r} must be 1 to 16 characters.")
            continue
        if code in parsed.organizations:
            problems.append(f"{where}: {code} is listed twice.")
            continue
        if not row["name"]:
            problems.append(f"{where}: {code} has no name.")
        members = row["members"].upper().split()
        if not members:
            problems.append(f"{where}: {code} lists no members.")
        for iso3 in members:
            if iso3 not in parsed.states:
                problems.append(
                    f"{where}: {code} member {iso3!r} is not a UN Member State in "
                    f"{parsed.states_source}."
                )
        if len(set(members)) != len(members):
            problems.append(f"{where}: {code} lists a member twice.")
        parsed.organizations[code] = {
            "name": row["name"],
            "non_un_members": row["non_un_members"],
            "as_of": _date(row["as_of"], where, "as_of", problems),
            "note": row["note"],
        }
        parsed.members[code] = sorted(set(members))


@transaction.atomic
def member_states_load(
    *,
    actor: Any = None,
    states_path: Path = STATES_FILE,
    organizations_path: Path = ORGANIZATIONS_FILE,
) -> LoadReport:
    """(Re)load the Member States and regional organizations; all or nothing, idempotent.

    Raises MemberStateDataError listing every problem (file and line) when any row is invalid.
    """
    parsed = _Parsed(states_source=states_path.name)
    _parse_states(states_path, parsed)
    _parse_organizations(organizations_path, parsed)
    if parsed.problems:
        raise MemberStateDataError(parsed.problems)
    try:
        states = _upsert(
            model=MemberState,
            key="iso3",
            fields=STATE_FIELDS,
            rows=parsed.states,
            action="memberstate",
            actor=actor,
            source=states_path.name,
        )
        organizations = _upsert(
            model=RegionalOrganization,
            key="code",
            fields=ORGANIZATION_FIELDS,
            rows=parsed.organizations,
            action="regionalorganization",
            actor=actor,
            source=organizations_path.name,
        )
        memberships_changed = _write_memberships(actor=actor, members=parsed.members)
    except IntegrityError as exc:
        # Only reachable when the files clash with rows added outside them (e.g. via admin).
        raise MemberStateDataError([f"the database refused the data: {exc}"]) from exc
    return LoadReport(
        states_created=states[0],
        states_updated=states[1],
        states_unchanged=len(parsed.states) - states[0] - states[1],
        organizations_created=organizations[0],
        organizations_updated=organizations[1],
        organizations_unchanged=len(parsed.organizations) - organizations[0] - organizations[1],
        memberships_changed=memberships_changed,
        states_not_in_file=tuple(
            MemberState.objects.exclude(iso3__in=parsed.states).values_list("iso3", flat=True)
        ),
        organizations_not_in_file=tuple(
            RegionalOrganization.objects.exclude(code__in=parsed.organizations).values_list(
                "code", flat=True
            )
        ),
    )


def _upsert(
    *,
    model: type[models.Model],
    key: str,
    fields: Sequence[str],
    rows: Mapping[str, dict[str, Any]],
    action: str,
    actor: Any,
    source: str,
) -> tuple[int, int]:
    """Create the missing rows and update the changed ones, audited in bulk; (created, updated).

    Uniqueness within the file was checked while parsing; the database enforces it against
    anything else, so full_clean skips the per-row uniqueness queries.
    """
    existing = {getattr(obj, key): obj for obj in model._default_manager.all()}
    created: list[models.Model] = []
    updated: list[tuple[models.Model, list[dict[str, Any]]]] = []
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            obj = model(**{key: code}, **values)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            created.append(obj)
            continue
        before = snapshot(obj, fields)
        for name, value in values.items():
            setattr(obj, name, value)
        changes = diff(before, snapshot(obj, fields))
        if changes:
            obj.full_clean(validate_unique=False, validate_constraints=False)
            updated.append((obj, changes))
    model._default_manager.bulk_create(created)
    model._default_manager.bulk_update([obj for obj, _ in updated], list(fields))
    note = f"Loaded from {source}."
    audit_record_many(
        actor=actor,
        action=f"{action}.create",
        changes=[(obj, diff({}, snapshot(obj, fields))) for obj in created],
        note=note,
    )
    audit_record_many(actor=actor, action=f"{action}.update", changes=updated, note=note)
    return len(created), len(updated)


def _write_memberships(*, actor: Any, members: Mapping[str, list[str]]) -> int:
    through = MemberState.organizations.through
    current: dict[str, set[str]] = defaultdict(set)
    for code, iso3 in through.objects.values_list(
        "regionalorganization__code", "memberstate__iso3"
    ):
        current[code].add(iso3)
    state_ids = dict(MemberState.objects.values_list("iso3", "pk"))
    orgs = RegionalOrganization.objects.in_bulk(list(members), field_name="code")
    changed: list[tuple[models.Model, list[dict[str, Any]]]] = []
    for code, wanted in members.items():
        if current[code] == set(wanted):
            continue
        org = orgs[code]
        org.members.set([state_ids[iso3] for iso3 in wanted])
        changed.append((org, [{"field": "members", "old": sorted(current[code]), "new": wanted}]))
    audit_record_many(actor=actor, action="regionalorganization.members", changes=changed)
    return len(changed)


# What an administrator may correct by hand (codes and regions come from the standards).
MEMBER_STATE_EDITABLE: Final = (
    "name",
    "official_languages",
    "working_languages",
    "un_member_since",
)
ORGANIZATION_EDITABLE: Final = ORGANIZATION_FIELDS


@transaction.atomic
def member_state_update(
    *, actor: Any, member_state: MemberState, data: Mapping[str, Any]
) -> MemberState:
    """Correct a Member State by hand (admin). The data file stays the source of truth: the
    next load reverts the correction unless it is also made in member_states.csv."""
    unknown = set(data) - set(MEMBER_STATE_EDITABLE)
    if unknown:
        raise DomainError(
            gettext("%(fields)s cannot be edited.") % {"fields": ", ".join(sorted(unknown))},
            field=min(unknown),
        )
    before = snapshot(member_state, MEMBER_STATE_EDITABLE)
    for name, value in data.items():
        setattr(member_state, name, value)
    member_state.full_clean()
    changes = diff(before, snapshot(member_state, MEMBER_STATE_EDITABLE))
    if changes:
        member_state.save(update_fields=[change["field"] for change in changes])
        audit_record(actor=actor, action="memberstate.update", target=member_state, changes=changes)
    return member_state


@transaction.atomic
def regional_organization_update(
    *, actor: Any, organization: RegionalOrganization, data: Mapping[str, Any]
) -> RegionalOrganization:
    """Correct an organization's name or notes by hand (admin); see member_state_update."""
    unknown = set(data) - set(ORGANIZATION_EDITABLE)
    if unknown:
        raise DomainError(
            gettext("%(fields)s cannot be edited.") % {"fields": ", ".join(sorted(unknown))},
            field=min(unknown),
        )
    before = snapshot(organization, ORGANIZATION_EDITABLE)
    for name, value in data.items():
        setattr(organization, name, value)
    organization.full_clean()
    changes = diff(before, snapshot(organization, ORGANIZATION_EDITABLE))
    if changes:
        organization.save(update_fields=[change["field"] for change in changes])
        audit_record(
            actor=actor, action="regionalorganization.update", target=organization, changes=changes
        )
    return organization
