"""Change control of verified pledges: which fields are material at which level, as a table.

A pledge the Secretariat verified at Level 2 or above carries evidence (a visit, a SUR
alignment, an RDL agreement) about what it verified. A change to a *material* field of such a
pledge does not apply silently: it becomes a change request the Secretariat accepts (the level
is then re-assessed against the evidence) or rejects. Other fields (title, contacts, notes)
apply at once. Read MATERIAL top to bottom to know which is which.

The same facts are what evidence records (`pledge_facts`), so `facts_mismatch` can say in
words where a visit or an alignment no longer matches the pledge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pcrs.registry.models import LEVEL_RANK, Pledge, ReadinessLevel


@dataclass(frozen=True)
class Material:
    field: str
    label: str
    # The lowest level at which a change of this field needs the Secretariat's acceptance.
    from_level: str
    # A relative change within this share is not material (personnel: 10% of the figure).
    tolerance: float = 0.0


L2, L3, RDL = ReadinessLevel.LEVEL_2, ReadinessLevel.LEVEL_3, ReadinessLevel.RDL
PERSONNEL_TOLERANCE = 0.10

MATERIAL: tuple[Material, ...] = (
    Material("capability_type", "capability type", L2),
    Material("personnel", "personnel", L2, tolerance=PERSONNEL_TOLERANCE),
    Material("women", "women", L2),
    Material("ranks", "ranks offered", L2),
    Material("organization", "Table of Organization (Annex B)", L2, PERSONNEL_TOLERANCE),
    Material("equipment", "major equipment (Annex C)", L2),
    Material("self_sustainment", "self-sustainment (Annex D)", L2),
    Material("languages", "languages", L2),
    Material("caveat_missions", "missions it will not deploy to", L2),
    Material("caveat_regions", "regions it will not deploy to", L2),
    Material("restricted_tasks", "tasks it will not perform", L2),
    Material("available_from", "availability date", L2),
    # The RDL commitment is to deploy within days: the notice to move matters from there.
    Material("notice_to_move_days", "notice to move", RDL),
)
MATERIAL_BY_FIELD = {m.field: m for m in MATERIAL}


def material_at(level: str) -> tuple[Material, ...]:
    """The fields whose change needs the Secretariat at `level` ("" or Level 1: none)."""
    rank = LEVEL_RANK.get(level, 0)
    return tuple(m for m in MATERIAL if rank >= LEVEL_RANK[m.from_level])


def _beyond(old: int, new: int, tolerance: float) -> bool:
    return abs(new - old) > tolerance * max(old, 1)


def _differs(material: Material, old: Any, new: Any) -> bool:
    if material.field == "personnel":
        return _beyond(int(old), int(new), material.tolerance)
    if material.field == "organization":
        old_bands, new_bands = dict(old), dict(new)
        if set(old_bands) != set(new_bands):
            return True
        for band, (men, women) in old_bands.items():
            new_men, new_women = new_bands[band]
            if women != new_women or _beyond(men, new_men, material.tolerance):
                return True
        return False
    return bool(old != new)


def material_changes(level: str, before: dict[str, Any], after: dict[str, Any]) -> list[Material]:
    """The material fields that differ between two canonical contents (see `content`)."""
    return [m for m in material_at(level) if _differs(m, before[m.field], after[m.field])]


def content(values: dict[str, Any]) -> dict[str, Any]:
    """A pledge's content in a canonical, comparable shape (from `services.content_values`)."""
    return {
        "capability_type": values["capability_type"],
        "personnel": values["personnel"],
        "women": values["women"],
        "ranks": sorted(values["ranks"]),
        "organization": sorted(
            (line["rank_band"], (line["men"], line["women"])) for line in values["organization"]
        ),
        "equipment": sorted(
            (line["item"].strip(), line["quantity"], line["lease"]) for line in values["equipment"]
        ),
        "self_sustainment": sorted(values["self_sustainment"]),
        "languages": sorted(values["languages"]),
        "caveat_missions": sorted(values["caveat_missions"]),
        "caveat_regions": sorted(values["caveat_regions"]),
        "restricted_tasks": sorted(values["restricted_tasks"]),
        "available_from": str(values["available_from"]),
        "notice_to_move_days": values["notice_to_move_days"],
    }


# ---------------------------------------------------------------------------------------------
# What evidence verified, and whether the pledge still matches it.


def pledge_facts(pledge: Pledge) -> dict[str, Any]:
    """The facts a visit, SUR alignment or RDL agreement verifies: type, size, equipment."""
    return {
        "capability_type": pledge.capability_type.code,
        "capability_name": pledge.capability_type.name,
        "personnel": pledge.personnel,
        "women": pledge.women,
        "equipment": sorted(
            f"{line.quantity} x {line.item} ({line.lease})" for line in pledge.equipment.all()
        ),
    }


def facts_summary(facts: dict[str, Any]) -> str:
    """ "an Engineer company of 189 personnel (12 women), 14 equipment lines" """
    lines = len(facts.get("equipment", []))
    return (
        f"{facts.get('capability_name', facts.get('capability_type', '?'))} of "
        f"{facts.get('personnel', '?')} personnel ({facts.get('women', 0)} women), "
        f"{lines} major equipment line{'' if lines == 1 else 's'}"
    )


def facts_mismatch(verified: dict[str, Any], pledge: Pledge) -> list[str]:
    """Where the pledge no longer matches what evidence verified; [] when it still does.

    Evidence recorded before facts were kept (`verified` empty) is taken as matching.
    """
    if not verified:
        return []
    now = pledge_facts(pledge)
    found: list[str] = []
    if verified.get("capability_type") != now["capability_type"]:
        found.append(
            f"it verified a {verified.get('capability_name')}, the pledge is now a "
            f"{now['capability_name']}"
        )
    if _beyond(int(verified.get("personnel", 0)), now["personnel"], PERSONNEL_TOLERANCE):
        found.append(
            f"it verified {verified.get('personnel')} personnel, the pledge now has "
            f"{now['personnel']}"
        )
    if verified.get("women") != now["women"]:
        found.append(
            f"it verified {verified.get('women')} women, the pledge now has {now['women']}"
        )
    if sorted(verified.get("equipment", [])) != now["equipment"]:
        found.append("the major equipment (Annex C) differs from what it verified")
    return found
