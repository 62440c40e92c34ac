"""Writes to the registry: pledges and the capability catalogue. Every write is audited."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.core.audit import audit_record, diff, snapshot
from pcrs.core.errors import ConcurrentChangeError, DomainError
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission
from pcrs.registry import validation
from pcrs.registry.models import (
    CapabilityCategory,
    CapabilityType,
    Lease,
    Pledge,
    PledgeAnnotation,
    PledgeEquipment,
    PledgeKind,
    PledgeStatus,
    RankBand,
    ReadinessLevel,
    TableOfOrganizationLine,
)

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"

# The fields of a pledge that the audit trail follows, in the order a reader expects.
AUDITED_FIELDS = (
    "capability_type",
    "kind",
    "title",
    "personnel",
    "women",
    "ranks",
    "languages",
    "self_sustainment",
    "caveat_regions",
    "restricted_tasks",
    "caveat_notes",
    "available_from",
    "notice_to_move_days",
    "contact_name",
    "contact_email",
    "contact_phone",
    "status",
    "readiness_level",
)


# Who may move a pledge between registry statuses. Readiness levels have their own ladder
# (pcrs.readiness); `active` and `deployed` are reached through that ladder and generation.
@dataclass(frozen=True)
class StatusMove:
    sources: frozenset[str]
    target: str
    verb: str


STATUS_TRANSITIONS: dict[str, StatusMove] = {
    "submit": StatusMove(frozenset({PledgeStatus.DRAFT}), PledgeStatus.SUBMITTED, "submitted"),
    "withdraw": StatusMove(
        frozenset(
            {
                PledgeStatus.DRAFT,
                PledgeStatus.SUBMITTED,
                PledgeStatus.ACTIVE,
                PledgeStatus.LAPSED,
            }
        ),
        PledgeStatus.WITHDRAWN,
        "withdrawn",
    ),
    "activate": StatusMove(frozenset({PledgeStatus.SUBMITTED}), PledgeStatus.ACTIVE, "activated"),
    "deploy": StatusMove(frozenset({PledgeStatus.ACTIVE}), PledgeStatus.DEPLOYED, "deployed"),
    "lapse": StatusMove(frozenset({PledgeStatus.ACTIVE}), PledgeStatus.LAPSED, "lapsed"),
    "reinstate": StatusMove(frozenset({PledgeStatus.LAPSED}), PledgeStatus.ACTIVE, "reinstated"),
}


@dataclass(frozen=True)
class OrganizationLine:
    rank_band: str
    men: int
    women: int


@dataclass(frozen=True)
class EquipmentLine:
    item: str
    quantity: int
    lease: str = Lease.WET


@dataclass(frozen=True)
class PledgeInput:
    """What a focal point states in a pledge; forms and the API both build one."""

    capability_type: CapabilityType
    personnel: int
    available_from: dt.date
    women: int = 0
    title: str = ""
    ranks: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    self_sustainment: list[str] = field(default_factory=list)
    caveat_missions: list[Mission] = field(default_factory=list)
    caveat_regions: list[str] = field(default_factory=list)
    restricted_tasks: list[str] = field(default_factory=list)
    caveat_notes: str = ""
    notice_to_move_days: int = 90
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    organization: list[OrganizationLine] = field(default_factory=list)
    equipment: list[EquipmentLine] = field(default_factory=list)


def _ensure_may_edit(*, actor: User, pledge: Pledge) -> None:
    """Defence in depth: selectors already hide other States' pledges; services check again."""
    if actor.has_right(Right.PLEDGE_VIEW_ALL):
        return
    if not (
        actor.has_right(Right.PLEDGE_EDIT_OWN) and actor.member_state_id == pledge.member_state_id
    ):
        raise Http404("No pledge matches the given query.")


def _check_version(pledge: Pledge, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != pledge.version:
        raise ConcurrentChangeError(
            "This pledge was changed by someone else after you opened it; "
            "reload it and apply your change again."
        )


def _clean_input(data: PledgeInput, *, require_future: bool) -> dict[str, Any]:
    """Validate a pledge's content, naming the field of every problem."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    capability = data.capability_type
    kind = PledgeKind.INDIVIDUAL if capability.is_individual else PledgeKind.UNIT
    if not capability.is_active:
        add("capability_type", f"{capability.name} is no longer in the catalogue.")
    if data.personnel < 1:
        add("personnel", "Personnel must be at least 1.")
    if data.women < 0:
        add("women", "Women cannot be negative.")
    elif data.women > data.personnel:
        add("women", f"Women ({data.women}) cannot exceed personnel ({data.personnel}).")
    if require_future and data.available_from < timezone.localdate():
        add("available_from", "The availability date cannot be in the past.")
    if data.notice_to_move_days < 0:
        add("notice_to_move_days", "Notice to move cannot be negative.")

    if kind == PledgeKind.INDIVIDUAL:
        if data.organization:
            add("organization", "Individual-officer pledges have no Table of Organization.")
        if data.equipment:
            add("equipment", "Individual-officer pledges carry no major equipment.")
    else:
        if data.ranks:
            add("ranks", "Ranks are stated per rank band in the Table of Organization.")
        # Units the size of a division are not a pledge; a tenfold catalogue size is absurd.
        if data.personnel > max(capability.typical_size * 10, 50):
            add(
                "personnel",
                f"{data.personnel} is far above the typical {capability.name} "
                f"({capability.typical_size}); split the pledge or check the figure.",
            )
    bands = [line.rank_band for line in data.organization]
    if len(bands) != len(set(bands)):
        add("organization", "Each rank band may appear only once.")
    for line in data.organization:
        if line.rank_band not in RankBand.values:
            add("organization", f"Unknown rank band {line.rank_band!r}.")
        if line.men < 0 or line.women < 0:
            add("organization", "Table of Organization figures cannot be negative.")
    if data.organization and not errors.get("organization"):
        total = sum(line.men + line.women for line in data.organization)
        women = sum(line.women for line in data.organization)
        if total != data.personnel:
            add(
                "organization",
                f"The Table of Organization adds up to {total}, not the {data.personnel} "
                "personnel pledged.",
            )
        if women != data.women:
            add(
                "organization",
                f"The Table of Organization counts {women} women, not the {data.women} pledged.",
            )
    for index, item in enumerate(data.equipment):
        if not item.item.strip():
            add("equipment", f"Line {index + 1}: name the item.")
        if item.quantity < 1:
            add("equipment", f"Line {index + 1}: quantity must be at least 1.")
        if item.lease not in Lease.values:
            add("equipment", f"Line {index + 1}: lease must be 'wet' or 'dry'.")

    cleaned: dict[str, Any] = {"kind": kind}
    for name, cleaner in (
        ("languages", validation.clean_languages),
        ("self_sustainment", validation.clean_self_sustainment),
        ("restricted_tasks", validation.clean_restricted_tasks),
        ("caveat_regions", validation.clean_caveat_regions),
    ):
        try:
            cleaned[name] = cleaner(getattr(data, name))
        except ValidationError as exc:
            for message in exc.message_dict.get(name, exc.messages):
                add(name, message)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply_input(pledge: Pledge, data: PledgeInput, cleaned: dict[str, Any]) -> None:
    pledge.kind = cleaned["kind"]
    pledge.capability_type = data.capability_type
    pledge.title = data.title.strip()
    pledge.personnel = data.personnel
    pledge.women = data.women
    pledge.ranks = [rank.strip() for rank in data.ranks if rank.strip()]
    pledge.languages = cleaned["languages"]
    pledge.self_sustainment = cleaned["self_sustainment"]
    pledge.caveat_regions = cleaned["caveat_regions"]
    pledge.restricted_tasks = cleaned["restricted_tasks"]
    pledge.caveat_notes = data.caveat_notes.strip()
    pledge.available_from = data.available_from
    pledge.notice_to_move_days = data.notice_to_move_days
    pledge.contact_name = data.contact_name.strip()
    pledge.contact_email = data.contact_email.strip()
    pledge.contact_phone = data.contact_phone.strip()


def _children_snapshot(pledge: Pledge) -> dict[str, Any]:
    return {
        "organization": [
            f"{line.rank_band}: {line.men} men, {line.women} women"
            for line in pledge.organization.order_by("rank_band")
        ],
        "equipment": [
            f"{line.quantity} x {line.item} ({line.lease})"
            for line in pledge.equipment.order_by("item", "id")
        ],
        "caveat_missions": sorted(m.acronym for m in pledge.caveat_missions.all()),
    }


def _replace_children(pledge: Pledge, data: PledgeInput) -> None:
    pledge.organization.all().delete()
    TableOfOrganizationLine.objects.bulk_create(
        TableOfOrganizationLine(
            pledge=pledge, rank_band=line.rank_band, men=line.men, women=line.women
        )
        for line in data.organization
    )
    pledge.equipment.all().delete()
    PledgeEquipment.objects.bulk_create(
        PledgeEquipment(
            pledge=pledge, item=line.item.strip(), quantity=line.quantity, lease=line.lease
        )
        for line in data.equipment
    )
    pledge.caveat_missions.set(data.caveat_missions)


def _full_snapshot(pledge: Pledge) -> dict[str, Any]:
    return snapshot(pledge, AUDITED_FIELDS) | _children_snapshot(pledge)


@transaction.atomic
def pledge_create(
    *,
    actor: User,
    data: PledgeInput,
    member_state: MemberState | None = None,
    is_synthetic: bool = False,
    require_future_availability: bool = True,
) -> Pledge:
    """Create a draft pledge for the actor's own State (the Secretariat names the State).

    `require_future_availability=False` is for re-registering pledges that are already
    available (UNSAS pledges moved into PCRS, the demo); forms and the API never pass it.
    """
    if actor.has_right(Right.PLEDGE_VIEW_ALL):
        if member_state is None:
            raise ValidationError({"member_state": "Name the Member State making the pledge."})
    elif actor.has_right(Right.PLEDGE_EDIT_OWN) and actor.member_state is not None:
        member_state = actor.member_state
    else:
        raise DomainError("Only a Member State focal point or the Secretariat can pledge.")
    cleaned = _clean_input(data, require_future=require_future_availability)
    pledge = Pledge(member_state=member_state, is_synthetic=is_synthetic)
    _apply_input(pledge, data, cleaned)
    pledge.full_clean()
    pledge.save()
    _replace_children(pledge, data)
    after = _full_snapshot(pledge)
    audit_record(
        actor=actor,
        action="pledge.create",
        target=pledge,
        changes=[
            {"field": k, "old": None, "new": v} for k, v in after.items() if v not in ("", [])
        ],
    )
    return pledge


@transaction.atomic
def pledge_update(
    *, actor: User, pledge: Pledge, data: PledgeInput, expected_version: int | None = None
) -> Pledge:
    """Change a pledge's content; refuses a stale edit and a pledge no longer editable."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    _ensure_may_edit(actor=actor, pledge=pledge)
    _check_version(pledge, expected_version)
    if not pledge.is_editable:
        raise DomainError(f"A {pledge.get_status_display().lower()} pledge cannot be edited.")
    before = _full_snapshot(pledge)
    # An unchanged past availability date stays acceptable on an older pledge.
    cleaned = _clean_input(data, require_future=data.available_from != pledge.available_from)
    _apply_input(pledge, data, cleaned)
    pledge.full_clean()
    _replace_children(pledge, data)
    changes = diff(before, _full_snapshot(pledge))
    if not changes:
        return pledge
    pledge.version += 1
    pledge.save()
    audit_record(actor=actor, action="pledge.update", target=pledge, changes=changes)
    return pledge


def _move(
    *,
    actor: User | None,
    pledge: Pledge,
    action: str,
    expected_version: int | None,
    note: str = "",
) -> Pledge:
    """Apply one status move; `actor=None` is the system (the readiness sweep)."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if actor is not None:
        _ensure_may_edit(actor=actor, pledge=pledge)
    _check_version(pledge, expected_version)
    move = STATUS_TRANSITIONS[action]
    if pledge.status not in move.sources:
        raise DomainError(
            f"A {pledge.get_status_display().lower()} pledge cannot be {move.verb}; "
            f"only a {' or '.join(sorted(move.sources))} pledge can."
        )
    before = snapshot(pledge, ("status",))
    pledge.status = move.target
    now = timezone.now()
    if action == "submit":
        pledge.submitted_at = now
    elif action == "withdraw":
        pledge.withdrawn_at = now
    pledge.version += 1
    pledge.full_clean()
    pledge.save()
    audit_record(
        actor=actor,
        action=f"pledge.{action}",
        target=pledge,
        changes=diff(before, snapshot(pledge, ("status",))),
        note=note,
    )
    return pledge


@transaction.atomic
def pledge_submit(*, actor: User, pledge: Pledge, expected_version: int | None = None) -> Pledge:
    """Send a draft to the Secretariat. Level 1 evidence is checked by the readiness ladder."""
    return _move(actor=actor, pledge=pledge, action="submit", expected_version=expected_version)


@transaction.atomic
def pledge_withdraw(
    *, actor: User, pledge: Pledge, reason: str = "", expected_version: int | None = None
) -> Pledge:
    """Withdraw a pledge; it stays in the registry, with its history, but no longer counts."""
    return _move(
        actor=actor,
        pledge=pledge,
        action="withdraw",
        expected_version=expected_version,
        note=reason.strip(),
    )


@transaction.atomic
def pledge_status_set(*, actor: User | None, pledge: Pledge, action: str, note: str = "") -> Pledge:
    """Activate, deploy, lapse or reinstate a pledge: called by the readiness ladder and force
    generation, never by a focal point directly."""
    if action not in ("activate", "deploy", "lapse", "reinstate"):
        raise DomainError(f"Unknown pledge move {action!r}.")
    return _move(actor=actor, pledge=pledge, action=action, expected_version=None, note=note)


@transaction.atomic
def pledge_readiness_level_set(
    *, actor: User | None, pledge: Pledge, level: str, note: str = ""
) -> Pledge:
    """Record the level the readiness ladder granted (pcrs.readiness decides; this stores it)."""
    if level not in ReadinessLevel.values:
        raise DomainError(f"Unknown readiness level {level!r}.")
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.readiness_level == level:
        return pledge
    before = snapshot(pledge, ("readiness_level",))
    pledge.readiness_level = level
    pledge.version += 1
    pledge.save(update_fields=["readiness_level", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="pledge.readiness_level",
        target=pledge,
        changes=diff(before, snapshot(pledge, ("readiness_level",))),
        note=note,
    )
    return pledge


@transaction.atomic
def pledge_annotate(
    *, actor: User, pledge: Pledge, text: str, shared_with_state: bool = False
) -> PledgeAnnotation:
    """A Secretariat note on a pledge, private unless shared with the pledging State."""
    if not actor.has_right(Right.PLEDGE_ANNOTATE):
        raise Http404("No pledge matches the given query.")
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    annotation = PledgeAnnotation(
        pledge=pledge, author=actor, text=text.strip(), shared_with_state=shared_with_state
    )
    annotation.full_clean()
    annotation.save()
    audit_record(
        actor=actor,
        action="pledge.annotate",
        target=pledge,
        changes=[{"field": "annotation", "old": None, "new": annotation.text}],
        note="shared with the State" if shared_with_state else "Secretariat only",
    )
    return annotation


CAPABILITY_EDITABLE = ("name", "description", "typical_size", "typical_equipment", "is_active")


@transaction.atomic
def capability_type_update(
    *, actor: User, capability_type: CapabilityType, changes: dict[str, Any]
) -> CapabilityType:
    """The Secretariat edits a catalogue entry (typical size and equipment are data)."""
    if not actor.has_right(Right.CATALOGUE_EDIT):
        raise DomainError("Only the Secretariat edits the capability catalogue.")
    unknown = set(changes) - set(CAPABILITY_EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed."))
    capability_type = CapabilityType.objects.select_for_update().get(pk=capability_type.pk)
    before = snapshot(capability_type, CAPABILITY_EDITABLE)
    for name, value in changes.items():
        setattr(capability_type, name, value)
    _validate_equipment_list(capability_type.typical_equipment)
    capability_type.full_clean()
    capability_type.save()
    audit_record(
        actor=actor,
        action="catalogue.update",
        target=capability_type,
        changes=diff(before, snapshot(capability_type, CAPABILITY_EDITABLE)),
    )
    return capability_type


def _validate_equipment_list(items: Any) -> None:
    if not isinstance(items, list) or not all(
        isinstance(i, dict)
        and isinstance(i.get("item"), str)
        and isinstance(i.get("quantity"), int)
        and i["quantity"] > 0
        for i in items
    ):
        raise ValidationError(
            {"typical_equipment": 'Give a list of {"item": name, "quantity": number > 0}.'}
        )


@transaction.atomic
def catalogue_load(*, path: Path = CATALOGUE_FILE) -> tuple[int, int]:
    """Add the default catalogue entries that are missing; never overwrite Secretariat edits.

    Returns (created, already present).
    """
    entries = json.loads(path.read_text())
    created = 0
    for index, entry in enumerate(entries):
        if entry.get("category") not in CapabilityCategory.values:
            raise ValidationError(f"{path.name} entry {index}: unknown category.")
        _validate_equipment_list(entry.get("equipment", []))
        _, was_created = CapabilityType.objects.get_or_create(
            code=entry["code"],
            defaults={
                "name": entry["name"],
                "category": entry["category"],
                "typical_size": entry["typical_size"],
                "typical_equipment": entry.get("equipment", []),
                "aav_domains": entry.get("aav", []),
                "is_critical_enabler": entry.get("critical", False),
            },
        )
        created += was_created
    return created, len(entries) - created
