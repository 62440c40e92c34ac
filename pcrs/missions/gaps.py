"""Gap analysis, computed on every read from requirements, contingents, ceilings and targets.

Nothing here is stored: a gap is always the difference between records someone keeps up to
date (a requirement, a contingent, a ceiling, a target), so it can never drift from them.

(a) unfilled requirements and how long they have been open;
(b) rotations due within a horizon with no replacement identified;
(c) authorized ceiling against deployed strength, per category;
(d) women's share per contingent against the parity-strategy target for the year, coloured
    as DPO does: green meets the target, yellow has women but is below it, red has none;
and the system-wide critical-capability report, by capability type.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from pcrs.core.disclosure import published_level2_count
from pcrs.missions.models import (
    PRIORITY_RANK,
    UNFILLED_STATUSES,
    Ceiling,
    CeilingCategory,
    ContingentStatus,
    DeployedContingent,
    GenderCategory,
    GenderTarget,
    Mission,
    Requirement,
)
from pcrs.registry.models import CapabilityCategory, CapabilityType, Pledge

DEFAULT_ROTATION_HORIZON_DAYS = 180

# Which ceiling category a contingent counts against, from its catalogue category.
CEILING_OF_CAPABILITY: dict[str, str] = {
    CapabilityCategory.MILITARY_UNIT: CeilingCategory.TROOPS,
    CapabilityCategory.INDIVIDUAL_MILITARY: CeilingCategory.STAFF_OBSERVERS,
    CapabilityCategory.POLICE_UNIT: CeilingCategory.FPU,
    CapabilityCategory.INDIVIDUAL_POLICE: CeilingCategory.IPO,
    CapabilityCategory.INDIVIDUAL_CIVILIAN: CeilingCategory.JUSTICE_CORRECTIONS,
}
# Ceilings some resolutions give only as totals: what they add up.
CEILING_TOTALS: dict[str, tuple[str, ...]] = {
    CeilingCategory.MILITARY: (CeilingCategory.TROOPS, CeilingCategory.STAFF_OBSERVERS),
    CeilingCategory.POLICE: (
        CeilingCategory.FPU,
        CeilingCategory.IPO,
        CeilingCategory.JUSTICE_CORRECTIONS,
    ),
}
GENDER_OF_CAPABILITY: dict[str, str] = {
    CapabilityCategory.MILITARY_UNIT: GenderCategory.CONTINGENTS,
    CapabilityCategory.INDIVIDUAL_MILITARY: GenderCategory.OBSERVERS_STAFF,
    CapabilityCategory.POLICE_UNIT: GenderCategory.FPU,
    CapabilityCategory.INDIVIDUAL_POLICE: GenderCategory.IPO,
    CapabilityCategory.INDIVIDUAL_CIVILIAN: GenderCategory.JUSTICE_CORRECTIONS,
}


# --- (a) unfilled requirements ---------------------------------------------------------------


@dataclass(frozen=True)
class UnfilledRequirement:
    requirement: Requirement
    days_open: int
    days_to_required_by: int
    # Outside the Secretariat: the published count (ADR 0050), None when suppressed there.
    pledges_level2_now: int | None

    @property
    def overdue(self) -> bool:
        return self.days_to_required_by < 0


def pledges_that_could_fill(
    *, capability_type_id: int, mission_id: int | None, today: dt.date
) -> QuerySet[Pledge]:
    """Live pledges at Level 2 or above, of the type, available by today, not caveated out
    of the mission. Counted, never listed, outside the Secretariat."""
    qs = (
        Pledge.objects.live()
        .at_least_level("2")
        .filter(capability_type_id=capability_type_id, available_from__lte=today)
    )
    if mission_id is not None:
        qs = qs.exclude(caveat_missions__id=mission_id)
    return qs


def publishable_count(
    *, capability_type_id: int, mission_id: int | None, today: dt.date, show_small_counts: bool
) -> int | None:
    """How many pledges could fill: live for the Secretariat (`show_small_counts`); for
    everyone else the count published in the latest statistics release (Level 2 or above of
    the type, as of its date, caveats and availability not applied), None when suppressed
    there. A live count outside the Secretariat would leak through differencing (ADR 0050)."""
    if not show_small_counts:
        return published_level2_count(capability_type_id)
    return pledges_that_could_fill(
        capability_type_id=capability_type_id, mission_id=mission_id, today=today
    ).count()


def _live_counts(
    pairs: set[tuple[int, int | None]], today: dt.date
) -> dict[tuple[int, int | None], int]:
    """pledges_that_could_fill(...).count() for every pair, in two grouped queries: the
    pledges of each type, less those of the type caveated out of each mission."""
    types = {ct for ct, _ in pairs}
    missions = {m for _, m in pairs if m is not None}
    candidates = (
        Pledge.objects.live()
        .at_least_level("2")
        .filter(capability_type_id__in=types, available_from__lte=today)
    )
    by_type = {
        row["capability_type_id"]: row["n"]
        for row in candidates.order_by().values("capability_type_id").annotate(n=Count("id"))
    }
    caveated: dict[tuple[int, int], int] = {}
    if missions:
        through = Pledge.caveat_missions.through.objects.filter(
            pledge__in=candidates, mission_id__in=missions
        )
        for row in (
            through.order_by()
            .values("pledge__capability_type_id", "mission_id")
            .annotate(n=Count("pledge_id", distinct=True))
        ):
            caveated[(row["pledge__capability_type_id"], row["mission_id"])] = row["n"]
    return {
        (ct, m): by_type.get(ct, 0) - (caveated.get((ct, m), 0) if m is not None else 0)
        for ct, m in pairs
    }


def _pledge_counts(
    pairs: Iterable[tuple[int, int | None]], today: dt.date, *, show_small_counts: bool
) -> dict[tuple[int, int | None], int | None]:
    """publishable_count() for every pair: grouped queries for the Secretariat's live counts,
    the published count per type for everyone else."""
    wanted = set(pairs)
    if show_small_counts:
        return dict(_live_counts(wanted, today))
    published = {ct: published_level2_count(ct) for ct in {ct for ct, _ in wanted}}
    return {(ct, m): published[ct] for ct, m in wanted}


def unfilled_requirements(
    *, today: dt.date, mission: Mission | None = None, show_small_counts: bool = True
) -> list[UnfilledRequirement]:
    """Open and in-generation requirements, critical first, then the longest open.

    `show_small_counts=False` (everyone but the Secretariat) gives the published counts.
    """
    qs = Requirement.objects.filter(status__in=UNFILLED_STATUSES).select_related(
        "mission", "capability_type"
    )
    if mission is not None:
        qs = qs.filter(mission=mission)
    requirements = list(qs)
    counts = _pledge_counts(
        ((r.capability_type_id, r.mission_id) for r in requirements),
        today,
        show_small_counts=show_small_counts,
    )
    rows = [
        UnfilledRequirement(
            requirement=r,
            days_open=max((today - r.opened_on).days, 0),
            days_to_required_by=(r.required_by - today).days,
            pledges_level2_now=counts[(r.capability_type_id, r.mission_id)],
        )
        for r in requirements
    ]
    rows.sort(
        key=lambda row: (
            PRIORITY_RANK.get(row.requirement.priority, 9),
            -row.days_open,
            row.requirement.pk,
        )
    )
    return rows


# --- (b) rotations due -----------------------------------------------------------------------


@dataclass(frozen=True)
class RotationDue:
    contingent: DeployedContingent
    days_until: int

    @property
    def overdue(self) -> bool:
        return self.days_until < 0


def rotations_due(
    contingents: QuerySet[DeployedContingent],
    *,
    today: dt.date,
    horizon_days: int = DEFAULT_ROTATION_HORIZON_DAYS,
    limit: int | None = None,
) -> list[RotationDue]:
    """Deployed contingents rotating within `horizon_days` (or overdue) with no replacement,
    nearest first; the first `limit` of them when it is given."""
    qs = rotations_due_query(contingents, today=today, horizon_days=horizon_days)
    qs = qs.select_related("mission", "member_state", "capability_type")
    if limit is not None:
        qs = qs[:limit]
    return [RotationDue(contingent=c, days_until=(c.next_rotation_on - today).days) for c in qs]


def rotations_due_query(
    contingents: QuerySet[DeployedContingent],
    *,
    today: dt.date,
    horizon_days: int = DEFAULT_ROTATION_HORIZON_DAYS,
) -> QuerySet[DeployedContingent]:
    """The contingents of `rotations_due`, nearest rotation first (for counting them too)."""
    limit = today + dt.timedelta(days=horizon_days)
    return contingents.filter(
        status=ContingentStatus.DEPLOYED,
        next_rotation_on__lte=limit,
        replacement_pledge__isnull=True,
        replacement_note="",
    ).order_by("next_rotation_on", "pk")


def count_rotations_due(
    contingents: Iterable[DeployedContingent],
    *,
    today: dt.date,
    horizon_days: int = DEFAULT_ROTATION_HORIZON_DAYS,
) -> int:
    """len(rotations_due(...)) over contingents already read: the same four conditions."""
    limit = today + dt.timedelta(days=horizon_days)
    return sum(
        1
        for c in contingents
        if c.status == ContingentStatus.DEPLOYED
        and c.next_rotation_on is not None
        and c.next_rotation_on <= limit
        and c.replacement_pledge_id is None
        and c.replacement_note == ""
    )


# --- (c) ceilings against deployed strength ----------------------------------------------------


@dataclass(frozen=True)
class CeilingGap:
    category: str
    label: str
    authorized: int | None
    deployed: int
    resolution: str = ""
    effective_from: dt.date | None = None

    @property
    def headroom(self) -> int | None:
        """Authorized minus deployed: positive is room to fill, negative is above ceiling."""
        return None if self.authorized is None else self.authorized - self.deployed

    @property
    def percent_of_ceiling(self) -> float | None:
        if not self.authorized:
            return None
        return round(100 * self.deployed / self.authorized, 1)


def _latest_per_category(ceilings: Iterable[Ceiling]) -> dict[str, Ceiling]:
    """Ceilings ordered by effective_from: the last of each category wins."""
    current: dict[str, Ceiling] = {}
    for ceiling in ceilings:
        current[ceiling.category] = ceiling
    return current


def current_ceilings(*, mission: Mission, today: dt.date) -> dict[str, Ceiling]:
    """The ceiling in force today for each category (the latest that has taken effect)."""
    return _latest_per_category(
        mission.ceilings.filter(effective_from__lte=today).order_by("effective_from", "pk")
    )


def current_ceilings_of(
    missions: Iterable[Mission], *, today: dt.date
) -> dict[int, dict[str, Ceiling]]:
    """current_ceilings() for several missions in one query."""
    by_mission: dict[int, list[Ceiling]] = defaultdict(list)
    for ceiling in Ceiling.objects.filter(
        mission__in=list(missions), effective_from__lte=today
    ).order_by("effective_from", "pk"):
        by_mission[ceiling.mission_id].append(ceiling)
    return {pk: _latest_per_category(rows) for pk, rows in by_mission.items()}


def deployed_of(missions: Iterable[Mission]) -> dict[int, list[DeployedContingent]]:
    """The deployed contingents of several missions (capability type read along), by mission
    id, in one query."""
    by_mission: dict[int, list[DeployedContingent]] = defaultdict(list)
    for contingent in DeployedContingent.objects.filter(
        mission__in=list(missions), status=ContingentStatus.DEPLOYED
    ).select_related("capability_type"):
        by_mission[contingent.mission_id].append(contingent)
    return by_mission


def strength_by_category(deployed: Iterable[DeployedContingent]) -> dict[str, int]:
    """Personnel per ceiling category of deployed contingents (capability_type read along)."""
    strength: dict[str, int] = defaultdict(int)
    for contingent in deployed:
        category = CEILING_OF_CAPABILITY.get(contingent.capability_type.category)
        if category:
            strength[category] += contingent.personnel
    for total, parts in CEILING_TOTALS.items():
        strength[total] = sum(strength.get(part, 0) for part in parts)
    return dict(strength)


def deployed_by_category(*, mission: Mission) -> dict[str, int]:
    return strength_by_category(
        DeployedContingent.objects.filter(
            mission=mission, status=ContingentStatus.DEPLOYED
        ).select_related("capability_type")
    )


def ceiling_gaps(
    *,
    mission: Mission,
    today: dt.date,
    ceilings: dict[str, Ceiling] | None = None,
    deployed: dict[str, int] | None = None,
) -> list[CeilingGap]:
    """One line per category with a ceiling in force, or with personnel deployed.
    `ceilings` and `deployed` take what current_ceilings_of() and strength_by_category()
    read for several missions at once."""
    if ceilings is None:
        ceilings = current_ceilings(mission=mission, today=today)
    if deployed is None:
        deployed = deployed_by_category(mission=mission)
    rows: list[CeilingGap] = []
    for category, label in CeilingCategory.choices:
        ceiling = ceilings.get(category)
        count = deployed.get(category, 0)
        if ceiling is None and (count == 0 or category in CEILING_TOTALS):
            continue
        rows.append(
            CeilingGap(
                category=category,
                label=str(label),
                authorized=ceiling.authorized if ceiling else None,
                deployed=count,
                resolution=ceiling.resolution if ceiling else "",
                effective_from=ceiling.effective_from if ceiling else None,
            )
        )
    return rows


# --- (d) women's share against the parity targets ----------------------------------------------

GREEN, YELLOW, RED, NO_TARGET = "green", "yellow", "red", "none"
STATUS_LABELS = {
    GREEN: _("Meets target"),
    YELLOW: _("Below target"),
    RED: _("No women"),
    NO_TARGET: _("No target set"),
}


@dataclass(frozen=True)
class GenderStatus:
    contingent: DeployedContingent
    category: str
    share_percent: Decimal
    target_percent: Decimal | None
    status: str

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


class TargetTable:
    """The targets of the parity strategy, looked up by category and year.

    A year without its own row takes the latest earlier year's target (after 2028 the 2028
    target stands), or the earliest one when the year precedes the table.
    """

    def __init__(self, targets: Iterable[GenderTarget]) -> None:
        self._by_category: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
        for target in targets:
            self._by_category[target.category].append((target.year, target.target_percent))
        for rows in self._by_category.values():
            rows.sort()

    @classmethod
    def load(cls) -> TargetTable:
        return cls(GenderTarget.objects.all())

    def target(self, category: str, year: int) -> Decimal | None:
        rows = self._by_category.get(category)
        if not rows:
            return None
        earlier = [percent for y, percent in rows if y <= year]
        return earlier[-1] if earlier else rows[0][1]


def gender_colour(*, women: int, personnel: int, target_percent: Decimal | None) -> str:
    """DPO's colours: red when there are no women at all, green at or above the target,
    yellow otherwise (some women, below target)."""
    if target_percent is None:
        return NO_TARGET
    if women == 0:
        return RED
    share = Decimal(women * 100) / Decimal(personnel)
    return GREEN if share >= target_percent else YELLOW


def gender_statuses(
    contingents: Iterable[DeployedContingent], *, year: int, targets: TargetTable | None = None
) -> list[GenderStatus]:
    targets = targets or TargetTable.load()
    rows = []
    for c in contingents:
        category = GENDER_OF_CAPABILITY.get(c.capability_type.category, "")
        target = targets.target(category, year)
        share = (Decimal(c.women * 100) / Decimal(c.personnel)).quantize(Decimal("0.1"))
        rows.append(
            GenderStatus(
                contingent=c,
                category=category,
                share_percent=share,
                target_percent=target,
                status=gender_colour(women=c.women, personnel=c.personnel, target_percent=target),
            )
        )
    return rows


def gender_summary(statuses: Iterable[GenderStatus]) -> dict[str, int]:
    counts = {GREEN: 0, YELLOW: 0, RED: 0, NO_TARGET: 0}
    for status in statuses:
        counts[status.status] += 1
    return counts


# --- The critical capability requirements report ------------------------------------------------


@dataclass
class CapabilityGapLine:
    capability_type: CapabilityType
    requirements: list[UnfilledRequirement] = field(default_factory=list)
    pledges_level2_now: int | None = 0

    @property
    def units(self) -> int:
        return sum(r.requirement.units for r in self.requirements)

    @property
    def personnel(self) -> int:
        return sum(r.requirement.personnel for r in self.requirements)

    @property
    def longest_open_days(self) -> int:
        return max((r.days_open for r in self.requirements), default=0)

    @property
    def critical(self) -> int:
        return sum(1 for r in self.requirements if r.requirement.priority == "critical")

    @property
    def missions(self) -> list[str]:
        return sorted({r.requirement.mission.acronym for r in self.requirements})


def critical_capability_report(
    *,
    today: dt.date,
    show_small_counts: bool = True,
    unfilled: list[UnfilledRequirement] | None = None,
) -> list[CapabilityGapLine]:
    """Unfilled requirements across all missions, by capability type: the types with critical
    requirements first, then the longest open. Pledge counts ignore mission caveats (the
    per-requirement counts apply them). `unfilled` reuses rows of unfilled_requirements()
    computed with the same `today` and `show_small_counts` for every mission."""
    if unfilled is None:
        unfilled = unfilled_requirements(today=today, show_small_counts=show_small_counts)
    lines: dict[int, CapabilityGapLine] = {}
    for row in unfilled:
        ct = row.requirement.capability_type
        lines.setdefault(ct.pk, CapabilityGapLine(capability_type=ct)).requirements.append(row)
    counts = _pledge_counts(
        ((pk, None) for pk in lines), today, show_small_counts=show_small_counts
    )
    for pk, line in lines.items():
        line.pledges_level2_now = counts[(pk, None)]
    return sorted(
        lines.values(),
        key=lambda line: (-line.critical, -line.longest_open_days, line.capability_type.name),
    )
