"""Writes to the registry: pledges and the capability catalogue. Every write is audited."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pcrs.accounts.models import User
from pcrs.accounts.rights import Right
from pcrs.core.audit import audit_record, diff, snapshot
from pcrs.core.errors import ConcurrentChangeError, DomainError, NotVisible
from pcrs.memberstates.models import MemberState
from pcrs.missions.models import Mission
from pcrs.registry import change_control, notify, validation
from pcrs.registry.models import (
    CapabilityCategory,
    CapabilityType,
    ChangeStatus,
    Lease,
    Pledge,
    PledgeAnnotation,
    PledgeChangeRequest,
    PledgeEquipment,
    PledgeKind,
    RankBand,
    TableOfOrganizationLine,
    by_seniority,
)

OWN_STATE_ONLY = gettext_lazy("You can pledge only for your own State.")
# How many entries each list of a pledge may hold (forms and the API state the same limits).
LIST_LIMITS = {
    "ranks": 50,
    "languages": 20,
    "self_sustainment": 40,
    "caveat_missions": 100,
    "caveat_regions": 10,
    "restricted_tasks": 20,
    "organization": 10,
    "equipment": 200,
}
CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"


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


# PledgeInput is the one definition of a pledge's input fields: everything else derives from it
# (the model columns written, the audit trail, the API's write and read shapes, partial
# updates, change requests). A new field is added to PledgeInput (and the model) once.
PLEDGE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(PledgeInput))
# Child rows and many-to-many links: written by _replace_children, not as columns.
CHILD_FIELDS = ("organization", "equipment", "caveat_missions")
COLUMN_FIELDS = tuple(name for name in PLEDGE_FIELDS if name not in CHILD_FIELDS)
# Free text that is stored stripped.
TEXT_FIELDS = frozenset({"title", "caveat_notes", "contact_name", "contact_email", "contact_phone"})
# What the audit trail follows: the columns, the kind, and the lifecycle the ladder writes.
AUDITED_FIELDS = (*COLUMN_FIELDS, "kind", "status", "readiness_level")


def _ensure_may_edit(*, actor: User, pledge: Pledge) -> None:
    """Defence in depth: selectors already hide other States' pledges; services check again."""
    if actor.has_right(Right.PLEDGE_EDIT_ALL):
        return
    if not (
        actor.has_right(Right.PLEDGE_EDIT_OWN) and actor.member_state_id == pledge.member_state_id
    ):
        raise NotVisible()


def _check_version(pledge: Pledge, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != pledge.version:
        raise ConcurrentChangeError(
            _(
                "This pledge was changed by someone else after you opened it; "
                "reload it and apply your change again."
            )
        )


def _clean_input(data: PledgeInput, *, require_future: bool) -> dict[str, Any]:
    """Validate a pledge's content, naming the field of every problem."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    capability = data.capability_type
    kind = PledgeKind.INDIVIDUAL if capability.is_individual else PledgeKind.UNIT
    if not capability.is_active:
        add(
            "capability_type",
            _("%(capability)s is no longer in the catalogue.") % {"capability": capability.name},
        )
    if data.personnel < 1:
        add("personnel", _("Personnel must be at least 1."))
    if data.women < 0:
        add("women", _("Women cannot be negative."))
    elif data.women > data.personnel:
        add(
            "women",
            _("Women (%(women)s) cannot exceed personnel (%(personnel)s).")
            % {"women": data.women, "personnel": data.personnel},
        )
    for name, message in validation.date_in_range(
        data.available_from, field="available_from", label=_("The availability date")
    ).items():
        add(name, message)
    if require_future and data.available_from < timezone.localdate():
        add("available_from", _("The availability date cannot be in the past."))
    if data.notice_to_move_days < 0:
        add("notice_to_move_days", _("Notice to move cannot be negative."))

    if kind == PledgeKind.INDIVIDUAL:
        if data.organization:
            add("organization", _("Individual-officer pledges have no Table of Organization."))
        if data.equipment:
            add("equipment", _("Individual-officer pledges carry no major equipment."))
    else:
        if data.ranks:
            add("ranks", _("Ranks are stated per rank band in the Table of Organization."))
        # Units the size of a division are not a pledge; a tenfold catalogue size is absurd.
        if data.personnel > max(capability.typical_size * 10, 50):
            add(
                "personnel",
                _(
                    "%(personnel)s is far above the typical %(capability)s (%(size)s); "
                    "split the pledge or check the figure."
                )
                % {
                    "personnel": data.personnel,
                    "capability": capability.name,
                    "size": capability.typical_size,
                },
            )
    for name, limit in LIST_LIMITS.items():
        if len(getattr(data, name)) > limit:
            add(
                name,
                _("At most %(limit)s entries; %(sent)s were sent.")
                % {"limit": limit, "sent": len(getattr(data, name))},
            )
    bands = [line.rank_band for line in data.organization]
    if len(bands) != len(set(bands)):
        add("organization", _("Each rank band may appear only once."))
    for line in data.organization:
        if line.rank_band not in RankBand.values:
            add("organization", _("Unknown rank band %(band)r.") % {"band": line.rank_band})
        if line.men < 0 or line.women < 0:
            add("organization", _("Table of Organization figures cannot be negative."))
    if data.organization and not errors.get("organization"):
        total = sum(line.men + line.women for line in data.organization)
        women = sum(line.women for line in data.organization)
        if total != data.personnel:
            add(
                "organization",
                _(
                    "The Table of Organization adds up to %(total)s, not the %(personnel)s "
                    "personnel pledged."
                )
                % {"total": total, "personnel": data.personnel},
            )
        if women != data.women:
            add(
                "organization",
                _("The Table of Organization counts %(women)s women, not the %(pledged)s pledged.")
                % {"women": women, "pledged": data.women},
            )
    for index, item in enumerate(data.equipment):
        if not item.item.strip():
            add("equipment", _("Line %(line)s: name the item.") % {"line": index + 1})
        if item.quantity < 1:
            add("equipment", _("Line %(line)s: quantity must be at least 1.") % {"line": index + 1})
        if item.lease not in Lease.values:
            add(
                "equipment", _("Line %(line)s: lease must be 'wet' or 'dry'.") % {"line": index + 1}
            )

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
    """Write every column field of PledgeInput: cleaned values first, text stripped."""
    pledge.kind = cleaned["kind"]
    for name in COLUMN_FIELDS:
        value = cleaned.get(name, getattr(data, name))
        if name in TEXT_FIELDS:
            value = value.strip()
        elif name == "ranks":
            value = [rank.strip() for rank in value if rank.strip()]
        setattr(pledge, name, value)


def _children_snapshot(pledge: Pledge) -> dict[str, Any]:
    return {
        "organization": [
            f"{line.get_rank_band_display()}: {line.men} men, {line.women} women"
            for line in by_seniority(list(pledge.organization.all()))
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
    if actor.has_right(Right.PLEDGE_EDIT_ALL):
        if member_state is None:
            raise ValidationError({"member_state": _("Name the Member State making the pledge.")})
    elif actor.has_right(Right.PLEDGE_EDIT_OWN) and actor.member_state is not None:
        # The same answer as the page and the API: a focal point pledges for its own State.
        if member_state is not None and member_state.pk != actor.member_state_id:
            raise ValidationError({"member_state": OWN_STATE_ONLY})
        member_state = actor.member_state
    else:
        raise DomainError(_("Only a Member State focal point or the Secretariat can pledge."))
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


def content_values(pledge: Pledge) -> dict[str, Any]:
    """A pledge's content as plain values (JSON-safe), keyed by PledgeInput's field names."""
    values: dict[str, Any] = {}
    for name in PLEDGE_FIELDS:
        if name == "capability_type":
            values[name] = pledge.capability_type_id
        elif name == "caveat_missions":
            values[name] = sorted(m.pk for m in pledge.caveat_missions.all())
        elif name == "organization":
            values[name] = [
                {"rank_band": line.rank_band, "men": line.men, "women": line.women}
                for line in pledge.organization.all()
            ]
        elif name == "equipment":
            values[name] = [
                {"item": line.item, "quantity": line.quantity, "lease": line.lease}
                for line in pledge.equipment.all()
            ]
        elif name == "available_from":
            values[name] = pledge.available_from.isoformat()
        else:
            value = getattr(pledge, name)
            values[name] = list(value) if isinstance(value, list) else value
    return values


def input_values(data: PledgeInput) -> dict[str, Any]:
    """The same plain values for what a user sent."""
    values: dict[str, Any] = {}
    for item in fields(PledgeInput):
        value = getattr(data, item.name)
        if item.name == "capability_type":
            value = value.pk
        elif item.name == "caveat_missions":
            value = sorted(m.pk for m in value)
        elif item.name in ("organization", "equipment"):
            value = [asdict(line) for line in value]
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        values[item.name] = value
    return values


def input_from_values(values: dict[str, Any]) -> PledgeInput:
    """Rebuild a PledgeInput from plain values (a stored change request)."""
    kwargs = dict(values)
    kwargs["capability_type"] = CapabilityType.objects.get(pk=values["capability_type"])
    kwargs["caveat_missions"] = list(Mission.objects.filter(pk__in=values["caveat_missions"]))
    kwargs["available_from"] = dt.date.fromisoformat(values["available_from"])
    kwargs["organization"] = [OrganizationLine(**line) for line in values["organization"]]
    kwargs["equipment"] = [EquipmentLine(**line) for line in values["equipment"]]
    return PledgeInput(**kwargs)


def input_of(pledge: Pledge) -> PledgeInput:
    """The pledge's current content as a PledgeInput (partial updates start from it)."""
    return input_from_values(content_values(pledge))


def _write_content(
    *, actor: User, pledge: Pledge, data: PledgeInput, cleaned: dict[str, Any], action: str
) -> list[dict[str, Any]]:
    """Apply validated content to a locked pledge; audit and bump the version if it changed."""
    before = _full_snapshot(pledge)
    _apply_input(pledge, data, cleaned)
    pledge.full_clean()
    _replace_children(pledge, data)
    changes = diff(before, _full_snapshot(pledge))
    if changes:
        pledge.version += 1
        pledge.save()
        audit_record(actor=actor, action=action, target=pledge, changes=changes)
    return changes


def pending_change_request(pledge: Pledge) -> PledgeChangeRequest | None:
    return pledge.change_requests.filter(status=ChangeStatus.PENDING).first()


def _label(values: dict[str, Any], name: str) -> str:
    value = values[name]
    if name == "capability_type":
        return CapabilityType.objects.get(pk=value).name
    if name == "caveat_missions":
        return ", ".join(Mission.objects.filter(pk__in=value).values_list("acronym", flat=True))
    if name == "organization":
        return "; ".join(f"{x['rank_band']}: {x['men']} men, {x['women']} women" for x in value)
    if name == "equipment":
        return "; ".join(f"{x['quantity']} x {x['item']} ({x['lease']})" for x in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@transaction.atomic
def pledge_update(
    *, actor: User, pledge: Pledge, data: PledgeInput, expected_version: int | None = None
) -> Pledge:
    """Change a pledge's content; refuses a stale edit and a pledge no longer editable.

    On a pledge verified at Level 2 or above, material changes (change_control.MATERIAL) do not
    apply: they become one pending change request for the Secretariat, and both the State and
    the Secretariat are told. The other changes apply at once.
    """
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    _ensure_may_edit(actor=actor, pledge=pledge)
    _check_version(pledge, expected_version)
    if not pledge.is_editable:
        raise DomainError(
            _("A %(status)s pledge cannot be edited.")
            % {"status": pledge.get_status_display().lower()}
        )
    # An unchanged past availability date stays acceptable on an older pledge.
    cleaned = _clean_input(data, require_future=data.available_from != pledge.available_from)
    current = content_values(pledge)
    proposed = input_values(data)
    material = change_control.material_changes(
        pledge.readiness_level,
        change_control.content(current),
        change_control.content(proposed),
    )
    if not material:
        _write_content(
            actor=actor, pledge=pledge, data=data, cleaned=cleaned, action="pledge.update"
        )
        return pledge
    if pending_change_request(pledge) is not None:
        raise DomainError(
            _(
                "A change request for this pledge is already pending the Secretariat's "
                "decision; nothing was changed. Wait for the decision before asking for "
                "another change."
            ),
            field="capability_type",
        )
    # Apply the non-material part now: the proposal with the material fields kept as they are.
    at_once = input_from_values(proposed | {m.field: current[m.field] for m in material})
    _write_content(
        actor=actor,
        pledge=pledge,
        data=at_once,
        cleaned=_clean_input(at_once, require_future=False),
        action="pledge.update",
    )
    request = PledgeChangeRequest(
        pledge=pledge,
        proposed=proposed,
        changes=[
            {
                "field": m.field,
                "label": m.label,
                "old": _label(current, m.field),
                "new": _label(proposed, m.field),
            }
            for m in material
        ],
        base_status=pledge.status,
        base_level=pledge.readiness_level,
        requested_by=actor,
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action="pledge.change_requested",
        target=pledge,
        changes=[{"field": c["field"], "old": c["old"], "new": c["new"]} for c in request.changes],
        note=f"Pending the Secretariat: {', '.join(m.label for m in material)}.",
    )
    notify.change_request(request, "requested")
    return pledge


def _decidable(actor: User, request_id: Any) -> PledgeChangeRequest:
    if not actor.has_right(Right.PLEDGE_EDIT_ALL):
        raise DomainError(
            _("Only the Secretariat accepts or rejects a change request; nothing was changed.")
        )
    request = (
        PledgeChangeRequest.objects.select_for_update()
        .select_related("pledge__member_state", "pledge__capability_type")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotVisible()
    if request.status != ChangeStatus.PENDING:
        raise DomainError(
            _("This change request was already %(status)s; nothing was changed.")
            % {"status": request.get_status_display().lower()}
        )
    return request


@transaction.atomic
def change_request_reject(
    *, actor: User, change_request: PledgeChangeRequest, reason: str
) -> PledgeChangeRequest:
    """The Secretariat refuses a material change; the reason is shown to the State."""
    request = _decidable(actor, change_request.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the change is rejected: the State reads it.")})
    request.status = ChangeStatus.REJECTED
    request.reason = reason
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action="pledge.change_rejected",
        target=request.pledge,
        changes=[{"field": "change_request", "old": "pending", "new": "rejected"}],
        note=reason,
    )
    notify.change_request(request, "rejected")
    return request


@transaction.atomic
def change_request_apply(
    *, actor: User, change_request: PledgeChangeRequest, pledge: Pledge
) -> PledgeChangeRequest:
    """Apply an accepted change to the (locked) pledge. Called by the readiness ladder's
    `change_request_accept`, which re-assesses the level in the same transaction."""
    request = _decidable(actor, change_request.pk)
    if request.pledge_id != pledge.pk:
        raise NotVisible()
    if (pledge.status, pledge.readiness_level) != (request.base_status, request.base_level):
        raise DomainError(
            _(
                "The pledge moved since this change was requested (it was %(status)s at "
                "%(level)s, it is now %(now_status)s at %(now_level)s); nothing was changed. "
                "Reject the request and ask the State to make the change again."
            )
            % {
                "status": request.get_base_status_display(),
                "level": request.get_base_level_display(),
                "now_status": pledge.get_status_display(),
                "now_level": pledge.get_readiness_level_display(),
            }
        )
    if not pledge.is_editable:
        raise DomainError(
            _("A %(status)s pledge cannot be edited.")
            % {"status": pledge.get_status_display().lower()}
        )
    # Material fields from the request, everything else as the pledge stands now.
    values = content_values(pledge) | {
        c["field"]: request.proposed[c["field"]] for c in request.changes
    }
    data = input_from_values(values)
    cleaned = _clean_input(data, require_future=False)
    _write_content(
        actor=actor, pledge=pledge, data=data, cleaned=cleaned, action="pledge.change_accepted"
    )
    request.status = ChangeStatus.ACCEPTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def pledge_annotate(
    *, actor: User, pledge: Pledge, text: str, shared_with_state: bool = False
) -> PledgeAnnotation:
    """A Secretariat note on a pledge, private unless shared with the pledging State."""
    if not actor.has_right(Right.PLEDGE_ANNOTATE):
        raise NotVisible()
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    annotation = PledgeAnnotation(
        pledge=pledge, author=actor, text=text.strip(), shared_with_state=shared_with_state
    )
    annotation.full_clean()
    annotation.save()
    audit_record(
        actor=actor,
        action="pledge.annotate",
        target=pledge,
        changes=[
            {
                "field": "annotation",
                "old": None,
                "new": annotation.text,
                "annotation_id": annotation.pk,
            }
        ],
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
        raise DomainError(_("Only the Secretariat edits the capability catalogue."))
    unknown = set(changes) - set(CAPABILITY_EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be changed.")))
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
            {"typical_equipment": _('Give a list of {"item": name, "quantity": number > 0}.')}
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
